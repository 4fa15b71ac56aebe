// Webhook ingestion, with Vault EXTERNAL payments: the third party reports each payment to the
// sandbox, whose signed notification is held back (webhook-drop fault) and then delivered by the
// bench byte for byte — one batch one at a time, one batch with several in flight. The plugin's
// route answers once the delivery is recorded and processes it afterwards from the event bus
// (src/workflows/webhooks), so two things are measured per batch: (a) how fast the lender gets its
// 200, and (b) processing throughput — from the first delivery until every payment of the batch is
// authorized (the payment table polled), with counts proving each was authorized exactly once.
// A few go through Medusa's generic /hooks/payment route too, whose processing waits for the
// payment module's webhook_delay.
import axios from "axios"
import { Client } from "pg"
import type { SeededStore } from "../../demo/seed-store"
import type { SandboxHandle } from "../../packages/sandbox/src"
import { reportExternal } from "../../integration-tests/vault/helpers"
import { type ApiClient, cartReadyForPayment, startPaymentSession } from "../../integration-tests/utils/store-api"
import { cpuSpent, type CpuSampler } from "./cpu"

const SEQUENTIAL = Number(process.env.BENCH_WEBHOOKS_SEQUENTIAL || 20)
const CONCURRENT = Number(process.env.BENCH_WEBHOOKS_CONCURRENT || 30)
const IN_FLIGHT = Number(process.env.BENCH_WEBHOOKS_IN_FLIGHT || 6)
const GENERIC = Number(process.env.BENCH_WEBHOOKS_GENERIC || 2)
/** How long a batch may take to be processed before the bench gives up on it. */
const PROCESSING_DEADLINE_MS = Number(process.env.BENCH_WEBHOOKS_DEADLINE_MS || 120_000)

/** One batch through the plugin's route. */
export interface WebhookBatch {
  count: number
  inFlight: number
  /** Time to the route's answer (the acknowledgement), per delivery. */
  ackMs: number[]
  /** From the first delivery until the last answer. */
  ackWallMs: number
  /** From the first delivery until every payment of the batch was authorized (null: not within the deadline). */
  processedMs: number | null
  /** Sessions of the batch with a payment, and payment rows of the batch: both must equal `count`. */
  authorized: number
  payments: number
  /** CPU ms per process from the first delivery until all were authorized (when a sampler was given). */
  cpuMs?: Record<string, number>
  /** The same from the first delivery until the last answer. */
  ackCpuMs?: Record<string, number>
}

export interface WebhookResults {
  sequential: WebhookBatch
  concurrent: WebhookBatch
  generic: { count: number; toAuthorizedMs: number[]; timedOut: number }
  rejected: number
  /** Over every delivery (both batches and the generic route): sessions with a payment, payment rows. */
  authorized: number
  payments: number
  expected: number
}

interface Notification {
  sessionId: string
  body: string
  headers: Record<string, string>
}

const http = axios.create({ proxy: false, validateStatus: () => true, timeout: 60_000, transformResponse: (d) => d })

export async function measureWebhooks(opts: {
  api: ApiClient
  store: SeededStore
  sandbox: SandboxHandle
  backendUrl: string
  databaseUrl: string
  /** Deliveries through Medusa's generic route (BENCH_WEBHOOKS_GENERIC by default). */
  generic?: number
  /** Reads the CPU time of the processes involved, before and after each batch's processing. */
  cpu?: CpuSampler
}): Promise<WebhookResults> {
  const { api, store, sandbox, backendUrl } = opts
  const total = SEQUENTIAL + CONCURRENT + (opts.generic ?? GENERIC)
  const sessions: Array<{ id: string; data: Record<string, any> }> = []
  for (let i = 0; i < total; i++) {
    const cart = await cartReadyForPayment(api, store, "us", { sku: "SOFA-3-CHAR" })
    const collection = await startPaymentSession(api, store, cart.id, "pp_vault_vault", { type: "EXTERNAL" })
    sessions.push(collection.payment_sessions[0])
  }
  await sandbox.webhooks.idle()
  const logged = sandbox.webhooks.log("vault").length
  sandbox.faults.dropWebhooks("vault", { count: total })
  for (const session of sessions) await reportExternal(sandbox, session.data, "SUCCESS")
  await sandbox.webhooks.idle()
  const held = sandbox.webhooks
    .log("vault")
    .slice(logged)
    .filter((a) => a.attempt === 0)
  const notifications: Notification[] = sessions.map((session) => {
    const attempt = held.find((a) => a.requestBody.includes(`"paymentId":"${session.data.payment_id}"`))
    if (!attempt) throw new Error(`no held Vault notification for payment ${session.data.payment_id}`)
    const { host: _host, "content-length": _length, ...headers } = attempt.requestHeaders
    return {
      sessionId: session.id,
      body: attempt.requestBody,
      headers: { "content-type": "application/json", ...headers },
    }
  })

  let rejected = 0
  const deliver = async (n: Notification, url = `${backendUrl}/hooks/financing/vault`) => {
    const started = process.hrtime.bigint()
    const response = await http.post(url, n.body, { headers: n.headers })
    const ms = Number(process.hrtime.bigint() - started) / 1e6
    if (response.status !== 200) rejected++
    return ms
  }

  const db = new Client({ connectionString: opts.databaseUrl })
  await db.connect()
  /** Sessions with a payment, and payment rows, among `sessionIds`: exactly once means both equal the count. */
  const paymentsOf = async (sessionIds: string[]) => {
    const { rows } = await db.query(
      "SELECT count(DISTINCT payment_session_id)::int AS sessions, count(*)::int AS payments FROM payment " +
        "WHERE payment_session_id = ANY($1) AND deleted_at IS NULL",
      [sessionIds],
    )
    return { authorized: rows[0].sessions as number, payments: rows[0].payments as number }
  }

  /** Delivers a batch with `inFlight` at a time, then polls until every payment is authorized. */
  const runBatch = async (batch: Notification[], inFlight: number): Promise<WebhookBatch> => {
    const ackMs: number[] = []
    const ids = batch.map((n) => n.sessionId)
    let next = 0
    const cpuBefore = opts.cpu?.()
    const started = process.hrtime.bigint()
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < batch.length) ackMs.push(await deliver(batch[next++]))
      }),
    )
    const ackWallMs = elapsed()
    const ackCpuMs = cpuBefore && opts.cpu ? cpuSpent(cpuBefore, opts.cpu()) : undefined
    let processedMs: number | null = null
    for (;;) {
      const { authorized } = await paymentsOf(ids)
      if (authorized === batch.length) {
        processedMs = elapsed()
        break
      }
      if (elapsed() > PROCESSING_DEADLINE_MS) break
      await new Promise((r) => setTimeout(r, 25))
    }
    const cpuMs = cpuBefore && opts.cpu ? cpuSpent(cpuBefore, opts.cpu()) : undefined
    // A moment more, so a second payment from a duplicate processing would show in the count.
    await new Promise((r) => setTimeout(r, 500))
    return { count: batch.length, inFlight, ackMs, ackWallMs, processedMs, ...(await paymentsOf(ids)), cpuMs, ackCpuMs }
  }

  try {
    const sequential = await runBatch(notifications.slice(0, SEQUENTIAL), 1)
    const concurrent = await runBatch(notifications.slice(SEQUENTIAL, SEQUENTIAL + CONCURRENT), IN_FLIGHT)
    // Medusa's generic route answers at once and processes later: poll for the payment row.
    const generic = notifications.slice(SEQUENTIAL + CONCURRENT)
    const toAuthorizedMs: number[] = []
    let timedOut = 0
    await Promise.all(
      generic.map(async (n) => {
        const started = process.hrtime.bigint()
        await deliver(n, `${backendUrl}/hooks/payment/vault_vault`)
        const deadline = Date.now() + 20_000
        for (;;) {
          const { rowCount } = await db.query(
            "SELECT 1 FROM payment WHERE payment_session_id = $1 AND deleted_at IS NULL",
            [n.sessionId],
          )
          if (rowCount) return void toAuthorizedMs.push(Number(process.hrtime.bigint() - started) / 1e6)
          if (Date.now() > deadline) return void timedOut++
          await new Promise((r) => setTimeout(r, 25))
        }
      }),
    )
    return {
      sequential,
      concurrent,
      generic: { count: generic.length, toAuthorizedMs, timedOut },
      rejected,
      ...(await paymentsOf(notifications.map((n) => n.sessionId))),
      expected: notifications.length,
    }
  } finally {
    await db.end()
  }
}
