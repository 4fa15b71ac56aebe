// Checkout under load (issue #20 item 3): BENCH_LOAD_SHOPPERS concurrent shoppers (default 50)
// share BENCH_LOAD_CHECKOUTS full checkouts (default 200; 2000 for the memory check), each shopper
// taking the next one as soon as its previous one ends. Checkout i uses flow FLOWS[i % 5], so the
// four lenders and pp_system_default run round-robin in the same run against one Redis-backed
// server + worker pair (bench/lib/load-cluster.ts). Recorded: every HTTP step's time per flow,
// every failure, the carts' orders as the database has them once the sandbox and worker are quiet,
// and the VmRSS of both Medusa processes every 100 checkouts and at the end.
import os from "node:os"
import { isAxiosError } from "axios"
import { rssKb } from "./app"
import { FLOWS, type Flow, runCheckout } from "./flows"
import { startLoadCluster } from "./load-cluster"
import { configureTrace, normalisePath, traced, type Step } from "./trace"
import { measureWebhooks, type WebhookResults } from "./webhooks"
import { cpuSampler } from "./cpu"

/** Events the worker processes at a time in the second webhook measurement (the first uses Medusa's default, 1). */
const WEBHOOK_EVENT_BUS_CONCURRENCY = Number(process.env.BENCH_WEBHOOK_EVENT_BUS_CONCURRENCY || 6)

export interface LoadResults {
  settings: { shoppers: number; checkouts: number; memoryMark: number }
  startedAt: string
  loadBefore: number[]
  loadAfter: number[]
  redis: string
  bootMs: { server: number; worker: number }
  /** Wall time of the timed checkouts (warm-ups and settling excluded). */
  durationS: number
  checkouts: Array<{ flow: Flow; ok: boolean; ms: number }>
  /** flow → "METHOD /path" (Medusa) or "page METHOD /path" (lender page) → each request's ms. */
  steps: Record<string, Record<string, number[]>>
  errors: Array<{ flow: Flow; message: string }>
  database: {
    byFlow: Record<string, { carts: number; completed: number; orders: number }>
    /** Carts with more than one order: a double completion (return route vs webhook, say). */
    cartsWithSeveralOrders: number
    /** Order ids the shoppers were sent to, and how many of them the database holds. */
    shownOrders: number
    shownOrdersFound: number
    /** From the last checkout's end until the counts stopped moving. */
    settledMs: number
  }
  rss: Array<{ checkouts: number; serverKb: number; workerKb: number }>
  /**
   * Webhook ingestion on this server + worker pair (section 3), after the checkouts: the server
   * acknowledges, the worker processes — once with the worker's event bus at Medusa's default of
   * one event at a time, once with more.
   */
  webhooks?: Array<{ eventBusConcurrency: number; results: WebhookResults }>
}

export const loadSettings = () => ({
  shoppers: Number(process.env.BENCH_LOAD_SHOPPERS || 50),
  checkouts: Number(process.env.BENCH_LOAD_CHECKOUTS || 200),
  memoryMark: 200,
})

// The sandbox's hosted-page ids (pp3_04db03d6022c90e2, ps_f1544e545562c94a) are shorter than the
// ids trace.ts folds, so they are folded here; otherwise every checkout would get rows of its own.
const stepKey = (s: Step) =>
  `${s.target === "lender page" ? "page " : ""}${s.method} ${s.path.replace(/\/[a-z0-9]+_[0-9a-f]{12,}(?=\/|$)/g, "/:id")}`

/** What went wrong, short enough for a list: the request and Medusa's/the lender's message. */
function describe(error: unknown): string {
  if (isAxiosError(error)) {
    const request = `${error.config?.method?.toUpperCase() ?? ""} ${normalisePath(error.config?.url ?? "")}`
    const data = error.response?.data as { message?: string } | string | undefined
    const detail = typeof data === "object" && data?.message ? data.message : JSON.stringify(data ?? error.message)
    return `${request} → ${error.response?.status ?? error.code}: ${String(detail).slice(0, 240)}`
  }
  return (error instanceof Error ? error.message : String(error)).slice(0, 300)
}

export async function measureLoad(log: (line: string) => void): Promise<LoadResults> {
  const settings = loadSettings()
  const loadBefore = os.loadavg()
  const startedAt = new Date().toISOString()
  const shop = await startLoadCluster(log)
  try {
    const { server, worker, sandbox, store, api } = shop
    configureTrace({
      medusaHost: new URL(shop.backendUrl).host,
      sandboxHost: `127.0.0.1:${sandbox.port}`,
      sandboxRequests: () => Object.values(sandbox.faults.stats()).reduce((sum, s) => sum + s.requests, 0),
    })
    // Every NewDay load checkout signs in as the sandbox's Alice, whose £5,000 limit would be
    // spent after ~110 baskets and leave her no spend options: the bench running dry, not the
    // plugin failing. Her limit is raised for this sandbox only.
    const newdayCustomers = sandbox.state
      .namespace("newday")
      .collection<{ email: string; creditLimitMinor: number }>("customers")
    for (const customer of newdayCustomers.filter((c) => c.email === "approve@newpay.test"))
      customer.creditLimitMinor = 1_000_000_000
    // One untimed checkout per flow: JIT, connection pools and first-use caches, as in the other sections.
    for (const flow of FLOWS) await runCheckout(flow, { api, store, sandbox })
    await sandbox.webhooks.idle()

    const rss: LoadResults["rss"] = []
    const sampleRss = (checkouts: number) =>
      rss.push({ checkouts, serverKb: rssKb(server.pid), workerKb: rssKb(worker.pid) })
    sampleRss(0)
    const checkouts: LoadResults["checkouts"] = []
    const steps: LoadResults["steps"] = {}
    const errors: LoadResults["errors"] = []
    const carts: Array<{ flow: Flow; id: string }> = []
    const shownOrders: string[] = []
    let next = 0
    const shopper = async () => {
      for (let i = next++; i < settings.checkouts; i = next++) {
        const flow = FLOWS[i % FLOWS.length]
        const onCart = (id: string) => carts.push({ flow, id })
        // Failures are caught inside traced() so the steps of a failed checkout are kept too.
        const run = await traced(() =>
          runCheckout(flow, { api, store, sandbox, onCart }).then(
            (orderId) => ({ orderId, error: undefined as unknown }),
            (error: unknown) => ({ orderId: undefined, error }),
          ),
        )
        const ok = run.result.orderId !== undefined
        checkouts.push({ flow, ok, ms: run.ms })
        if (ok) shownOrders.push(run.result.orderId!)
        else errors.push({ flow, message: describe(run.result.error) })
        const ofFlow = (steps[flow] ??= {})
        for (const step of run.steps) (ofFlow[stepKey(step)] ??= []).push(step.ms)
        if (checkouts.length % 100 === 0) {
          sampleRss(checkouts.length)
          log(`load: ${checkouts.length}/${settings.checkouts} checkouts, ${errors.length} failed`)
        }
      }
    }
    log(`load: ${settings.shoppers} shoppers, ${settings.checkouts} checkouts round-robin over ${FLOWS.join(", ")}`)
    const timed = process.hrtime.bigint()
    await Promise.all(Array.from({ length: settings.shoppers }, shopper))
    const durationS = Number(process.hrtime.bigint() - timed) / 1e9
    const ended = Date.now()

    // Webhooks and the worker's subscribers may still be placing orders: wait until the sandbox
    // has nothing in flight and two readings of the database a second apart agree (at most 60 s).
    const ids = carts.map((c) => c.id)
    const read = () =>
      shop.sql<{ cart_id: string; completed: boolean; orders: string }>(
        `SELECT c.id AS cart_id, c.completed_at IS NOT NULL AS completed,
                (SELECT count(*) FROM order_cart oc JOIN "order" o ON o.id = oc.order_id
                  WHERE oc.cart_id = c.id AND oc.deleted_at IS NULL AND o.deleted_at IS NULL) AS orders
           FROM cart c WHERE c.id = ANY($1)`,
        [ids],
      )
    await sandbox.webhooks.idle()
    let rows = await read()
    const summary = (r: typeof rows) => JSON.stringify(r.map((x) => [x.completed, x.orders]).sort())
    for (let tries = 0; tries < 60; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 1000))
      await sandbox.webhooks.idle()
      const again = await read()
      const stable = summary(again) === summary(rows)
      rows = again
      if (stable) break
    }
    const settledMs = Date.now() - ended
    sampleRss(checkouts.length)

    const flowOf = new Map(carts.map((c) => [c.id, c.flow]))
    const byFlow: LoadResults["database"]["byFlow"] = {}
    for (const row of rows) {
      const entry = (byFlow[flowOf.get(row.cart_id)!] ??= { carts: 0, completed: 0, orders: 0 })
      entry.carts++
      if (row.completed) entry.completed++
      entry.orders += Number(row.orders)
    }
    // Webhook ingestion in the production topology: the server verifies, records and answers; the
    // worker reads the payment back and places the order.
    const webhooks: NonNullable<LoadResults["webhooks"]> = []
    for (const eventBusConcurrency of [1, WEBHOOK_EVENT_BUS_CONCURRENCY]) {
      if (eventBusConcurrency !== 1) await shop.restartWorker(eventBusConcurrency)
      log(`load: webhooks, worker processing ${eventBusConcurrency} event(s) at a time`)
      const results = await measureWebhooks({
        api,
        store,
        sandbox,
        backendUrl: shop.backendUrl,
        databaseUrl: shop.databaseUrl,
        generic: 0,
        cpu: cpuSampler({ server: () => shop.server.pid, worker: () => shop.worker.pid }),
      })
      webhooks.push({ eventBusConcurrency, results })
    }

    const [{ found }] = await shop.sql<{ found: string }>(
      `SELECT count(*) AS found FROM "order" WHERE id = ANY($1) AND deleted_at IS NULL`,
      [shownOrders],
    )
    return {
      settings,
      startedAt,
      loadBefore,
      loadAfter: os.loadavg(),
      redis: shop.redis,
      bootMs: { server: server.bootMs, worker: worker.bootMs },
      durationS,
      checkouts,
      steps,
      errors,
      database: {
        byFlow,
        cartsWithSeveralOrders: rows.filter((r) => Number(r.orders) > 1).length,
        shownOrders: shownOrders.length,
        shownOrdersFound: Number(found),
        settledMs,
      },
      rss,
      webhooks,
    }
  } finally {
    await shop.stop()
  }
}
