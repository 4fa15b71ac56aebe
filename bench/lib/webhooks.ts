// Webhook ingestion, with Vault EXTERNAL payments: the third party reports each payment to the
// sandbox, whose signed notification is held back (webhook-drop fault) and then delivered by the
// bench byte for byte — one at a time for latency, then with several in flight for throughput.
// The plugin's route settles synchronously (200 = payment authorized and captured, order placed),
// which the database confirms afterwards. A few go through Medusa's generic /hooks/payment route
// too, whose processing waits for the payment module's webhook_delay.
import axios from "axios"
import { Client } from "pg"
import type { SeededStore } from "../../demo/seed-store"
import type { SandboxHandle } from "../../packages/sandbox/src"
import { reportExternal } from "../../integration-tests/vault/helpers"
import { type ApiClient, cartReadyForPayment, startPaymentSession } from "../../integration-tests/utils/store-api"

const SEQUENTIAL = Number(process.env.BENCH_WEBHOOKS_SEQUENTIAL || 10)
const CONCURRENT = Number(process.env.BENCH_WEBHOOKS_CONCURRENT || 20)
const IN_FLIGHT = Number(process.env.BENCH_WEBHOOKS_IN_FLIGHT || 6)
const GENERIC = Number(process.env.BENCH_WEBHOOKS_GENERIC || 2)

export interface WebhookResults {
  sequentialMs: number[]
  concurrent: { count: number; inFlight: number; wallMs: number; latenciesMs: number[] }
  generic: { count: number; toAuthorizedMs: number[]; timedOut: number }
  rejected: number
  authorized: number
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
}): Promise<WebhookResults> {
  const { api, store, sandbox, backendUrl } = opts
  const total = SEQUENTIAL + CONCURRENT + GENERIC
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

  const sequentialMs: number[] = []
  for (const n of notifications.slice(0, SEQUENTIAL)) sequentialMs.push(await deliver(n))

  const batch = notifications.slice(SEQUENTIAL, SEQUENTIAL + CONCURRENT)
  const latenciesMs: number[] = []
  let next = 0
  const wallStarted = process.hrtime.bigint()
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < batch.length) latenciesMs.push(await deliver(batch[next++]))
    }),
  )
  const wallMs = Number(process.hrtime.bigint() - wallStarted) / 1e6

  // Medusa's generic route answers at once and processes later: poll for the payment row.
  const db = new Client({ connectionString: opts.databaseUrl })
  await db.connect()
  const generic = notifications.slice(SEQUENTIAL + CONCURRENT)
  const toAuthorizedMs: number[] = []
  let timedOut = 0
  try {
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
    const { rows } = await db.query(
      "SELECT count(*)::int AS n FROM payment WHERE payment_session_id = ANY($1) AND deleted_at IS NULL",
      [notifications.map((n) => n.sessionId)],
    )
    return {
      sequentialMs,
      concurrent: { count: batch.length, inFlight: IN_FLIGHT, wallMs, latenciesMs },
      generic: { count: generic.length, toAuthorizedMs, timedOut },
      rejected,
      authorized: rows[0].n,
      expected: notifications.length,
    }
  } finally {
    await db.end()
  }
}
