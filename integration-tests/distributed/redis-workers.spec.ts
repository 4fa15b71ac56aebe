// The plugin under Medusa's production setup: Redis event bus, Redis workflow engine, Redis
// locking, and separate server and worker processes (`medusa start` twice, workerMode "server"
// and "worker"). Lender callbacks reach the server; subscribers and scheduled jobs can only run
// in the worker (the server process loads no jobs and consumes no events). Needs Redis at
// REDIS_URL (default redis://127.0.0.1:6379): without it every test fails and says so.
import { recordFigure } from "../utils/figures"
import { waitFor } from "../utils/wait"
import { cartReadyForPayment, storeHeaders } from "../utils/store-api"
import { fulfillOrder, shipFulfillment, shopperOnHostedPage, startPaymentAssist } from "../payment-assist/checkout"
import { pence } from "../newday/orders"
import { checkoutWithNewDay } from "../newday/shopper"
import { flexStore, fulfillAndShip, lineItemId, newShopperReady, signModal } from "../flexshopper/helpers"
import { startDistributedShop, type DistributedShop } from "./cluster"
import { redisCommands } from "./redis"

jest.setTimeout(300_000)

// The job under test: src/jobs/financing-reconcile.ts (every lender's waiting sessions), told to
// poll sessions at once instead of after ten minutes.
const JOB_UNDER_TEST = "financing-reconcile"

let shop: DistributedShop

beforeAll(async () => {
  shop = await startDistributedShop({
    jobUnderTest: JOB_UNDER_TEST,
    env: {
      PAYMENT_ASSIST_AUTO_CAPTURE: "true",
      PAYMENT_ASSIST_INVOICE_TRIGGER: "shipment",
      PAYMENT_ASSIST_SANDBOX_WEBHOOK_BACKOFF_MS: "20",
      FINANCING_RECONCILE_MIN_SESSION_AGE_MS: "0",
    },
  })
}, 600_000)

afterAll(async () => {
  await shop?.sandbox.webhooks.idle().catch(() => undefined)
  await shop?.stop()
})

const figure = (check: string, result: string) => recordFigure(__filename, { table: "distributed", check, result })
const tail = (text: string) => text.slice(-3000)

/** waitFor, with both processes' recent output in the failure message. */
async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 60_000,
): Promise<T> {
  try {
    return await waitFor(what, probe, timeoutMs)
  } catch (error) {
    throw new Error(
      `${(error as Error).message}\n--- worker output ---\n${tail(shop.worker.output())}\n--- server output ---\n${tail(shop.server.output())}`,
    )
  }
}

async function ordersForCart(cartId: string): Promise<string[]> {
  const rows = await shop.sql<{ order_id: string }>(
    `SELECT order_id FROM order_cart WHERE cart_id = $1 AND deleted_at IS NULL`,
    [cartId],
  )
  return rows.map((r) => r.order_id)
}

it("runs as a server process and a worker process sharing Redis", async () => {
  const server = await shop.api.get("/store/regions", storeHeaders(shop.store))
  expect(server.status).toBe(200)
  // The worker serves no API at all, only its health check.
  const worker = await fetch(`${shop.worker.url}/store/regions`, {
    headers: { "x-publishable-api-key": shop.store.publishableKey },
  })
  expect(worker.status).toBe(404)
  expect((await fetch(`${shop.worker.url}/health`)).status).toBe(200)
  const keys = Number(/:(\d+)/.exec(await redisCommands(shop.redisUrl, [["DBSIZE"]]))?.[1] ?? 0)
  expect(keys).toBeGreaterThan(0) // queues, schedules and locks live in this run's Redis database
  figure(
    "server (workerMode server) and worker (workerMode worker) processes on Redis event bus, workflow engine and locking",
    "pass",
  )
})

it("records a Payment Assist webhook at the server, the worker's subscriber processes it once, and uploads the invoice after shipment", async () => {
  const { api, store, sandbox } = shop
  const cart = await cartReadyForPayment(api, store, "uk")
  const started = await startPaymentAssist(api, store, cart.id)
  const token = started.payment_session.data.token as string
  sandbox.faults.duplicateWebhooks("payment-assist")
  await shopperOnHostedPage(started.redirect_url) // approved; the browser never comes back
  await sandbox.webhooks.idle()

  const deliveries = sandbox.webhooks.log("payment-assist").filter((d) => d.event === "application.completed")
  expect(deliveries.map((d) => [d.copy, d.status])).toEqual([
    [1, 200],
    [2, 200],
  ])
  // The server answers once the delivery is recorded; the copy is recognised, not recorded again.
  expect(deliveries.map((d) => JSON.parse(d.responseBody!))).toEqual([
    { received: true },
    { received: true, duplicate: true },
  ])
  // The processing (the order) comes from the worker, through the Redis event bus.
  const orders = await eventually("the order placed by the worker's webhook subscriber", async () => {
    const found = await ordersForCart(cart.id)
    return found.length ? found : undefined
  })
  expect(orders).toHaveLength(1)
  expect(sandbox.ledger("payment-assist").list({ type: "capture", ref: token })).toHaveLength(1)
  figure("Payment Assist webhook (sent twice) at the server, processed by the worker → one order, one capture", "pass")

  const { fulfillmentId, items } = await fulfillOrder(api, shop.admin, orders[0], store.stockLocationId)
  await shipFulfillment(api, shop.admin, orders[0], fulfillmentId, items)
  const uploads = await eventually("the invoice upload by the worker's shipment subscriber", async () => {
    const found = sandbox.ledger("payment-assist").list({ type: "invoice.upload", ref: token })
    return found.length ? found : undefined
  })
  expect(uploads).toHaveLength(1)
  figure("shipment marked on the server → worker subscriber uploads the Payment Assist invoice (once)", "pass")
})

it("runs the reconcile job in the worker: an approved application whose webhook was lost gets its order", async () => {
  const { api, store, sandbox, app } = shop
  const cart = await cartReadyForPayment(api, store, "uk")
  const started = await startPaymentAssist(api, store, cart.id)
  sandbox.faults.dropWebhooks("payment-assist")
  await shopperOnHostedPage(started.redirect_url)
  await sandbox.webhooks.idle()
  expect(await ordersForCart(cart.id)).toEqual([])

  const before = app.jobRuns().length
  app.triggerJob()
  const run = await eventually("a run of the reconcile job", async () => app.jobRuns()[before])
  expect(run).toEqual({ pid: expect.any(Number), worker_mode: "worker" })
  const orders = await eventually("the order the job created", async () => {
    const found = await ordersForCart(cart.id)
    return found.length ? found : undefined
  })
  expect(orders).toHaveLength(1)

  app.triggerJob() // a second run finds nothing left to do
  await eventually("a second run of the reconcile job", async () => app.jobRuns()[before + 1])
  expect(await ordersForCart(cart.id)).toHaveLength(1)
  expect(
    sandbox.ledger("payment-assist").list({ type: "capture", ref: started.payment_session.data.token }),
  ).toHaveLength(1)
  figure(
    `scheduled job ${JOB_UNDER_TEST} runs in the worker process and completes a cart whose webhook was lost`,
    "pass",
  )
})

it("settles NewDay from the worker on shipment while the admin captures on the server, keeping every settlement", async () => {
  const { api, store, sandbox } = shop
  const cart = await cartReadyForPayment(api, store, "uk", { sku: "LAMP-BRASS", quantity: 2 }) // small enough to need no SCA
  await checkoutWithNewDay(api, store, cart.id, "approve@newpay.test")
  const { data: completed } = await api.post(`/store/carts/${cart.id}/complete`, {}, storeHeaders(store)).catch((e) => {
    throw new Error(`cart completion failed: ${JSON.stringify(e.response?.data)}\n${tail(shop.server.output())}`)
  })
  expect(completed.type).toBe("order")
  const orderId = completed.order.id as string
  const { data } = await api.get(`/admin/orders/${orderId}?fields=id,*items,*payment_collections.payments`, shop.admin)
  const payment = data.order.payment_collections[0].payments[0]
  const oneUnit = [{ id: data.order.items[0].id as string, quantity: 1 }]
  const created = await api.post(
    `/admin/orders/${orderId}/fulfillments?fields=id,*fulfillments`,
    { items: oneUnit, location_id: store.stockLocationId },
    shop.admin,
  )
  const fulfillmentId = created.data.order.fulfillments[0].id as string

  // The shipment is settled by the worker's subscriber while the admin captures £10 on the server:
  // two processes moving money on one NewDay authorisation.
  await Promise.all([
    shipFulfillment(api, shop.admin, orderId, fulfillmentId, oneUnit),
    api.post(`/admin/payments/${payment.id}/capture`, { amount: 10 }, shop.admin),
  ])
  const settles = await eventually("both NewDay settlements", async () => {
    const found = sandbox.ledger("newday").list({ type: "settle", ref: payment.data.authorisation_id })
    return found.length >= 2 ? found : undefined
  })
  expect(settles).toHaveLength(2)
  await eventually("both captures recorded by Medusa", async () => {
    const [count] = await shop.sql<{ n: string }>(
      `SELECT count(*) AS n FROM capture WHERE payment_id = $1 AND deleted_at IS NULL`,
      [payment.id],
    )
    return Number(count.n) === 2
  })

  // Whichever process wrote the payment's data last, the next capture starts from both
  // settlements (the float state shared through the financing module under the Redis lock).
  await api.post(`/admin/payments/${payment.id}/capture`, { amount: 5 }, shop.admin)
  const all = sandbox.ledger("newday").list({ type: "settle", ref: payment.data.authorisation_id })
  expect(all).toHaveLength(3)
  const [row] = await shop.sql<{ data: { settlements: Array<{ transaction_id: string }>; settled_amount: string } }>(
    `SELECT data FROM payment WHERE id = $1`,
    [payment.id],
  )
  expect(row.data.settlements.map((s) => s.transaction_id).sort()).toEqual(
    all.map((e) => String(e.data?.transactionId)).sort(),
  )
  const settledPence = all.reduce((sum, e) => sum + pence(String(e.amount)), 0)
  expect(pence(row.data.settled_amount)).toBe(settledPence)
  figure(
    "NewDay capture on the server racing the worker's settle-on-shipment → both settlements, none lost from the payment's data",
    "pass",
  )
})

it("confirms a FlexShopper shipment from the worker's subscribers; the delivery confirms no receipt of shipped goods", async () => {
  const { api, store, sandbox } = shop
  const flex = flexStore(api, store)
  const cart = await cartReadyForPayment(api, store, "us", {
    sku: "TABLE-OAK-NAT",
    quantity: 1,
    email: `distributed.${Date.now()}@example.com`,
  })
  await newShopperReady(flex, cart.id, "666107001")
  const session = await flex.post("/session", { cart_id: cart.id })
  const { transactionId } = await signModal(sandbox, session.data)
  const completed = await flex.post("/complete", { cart_id: cart.id })
  expect(completed.data.type).toBe("order")
  const orderId = completed.data.order.id as string
  const { data } = await api.get(`/admin/orders/${orderId}?fields=id,*items`, shop.admin)

  const fulfillmentId = await fulfillAndShip(
    api,
    shop.admin,
    orderId,
    [{ id: lineItemId(data.order, "TABLE-OAK-NAT"), quantity: 1 }],
    "1Z-DISTRIBUTED",
  )
  const ledger = () => sandbox.ledger("flexshopper")
  await eventually(
    "the shipment confirmed by the worker's subscriber",
    async () => ledger().list({ type: "shipment.confirmed", ref: transactionId }).length === 1,
  )
  await api.post(`/admin/orders/${orderId}/fulfillments/${fulfillmentId}/mark-as-delivered`, {}, shop.admin)
  // Seed 002: shipped goods are confirmed with Confirm Shipment only; Confirm Receipt is for
  // in-store purchases. The worker's delivery subscriber runs (its capture check is logged) and
  // tells FlexShopper nothing new.
  await eventually("the delivery handled by the worker's subscriber", async () => {
    const rows = await shop.sql<{ outcome: string }>(
      `SELECT outcome FROM financing_operation WHERE idempotency_key = $1 AND deleted_at IS NULL`,
      [`flexshopper:capture:delivery:${fulfillmentId}`],
    )
    return rows.length === 1 && rows[0].outcome === "succeeded"
  })
  expect(ledger().list({ type: "receipt.confirmed", ref: transactionId })).toHaveLength(0)
  expect(ledger().list({ type: "shipment.confirmed", ref: transactionId })).toHaveLength(1)
  figure(
    "FlexShopper: shipment and delivery marked on the server → worker subscribers confirm the shipment once, and no receipt for shipped goods",
    "pass",
  )
})

it("follows a setting saved through the server in the worker on its next event, with no restart", async () => {
  const { api, store, sandbox } = shop
  const saveNewDay = (body: Record<string, unknown>) =>
    api.post("/admin/financing/lenders/newday/settings", body, shop.admin)
  const cart = await cartReadyForPayment(api, store, "uk", { sku: "LAMP-BRASS", quantity: 2 })
  await checkoutWithNewDay(api, store, cart.id, "approve@newpay.test")
  const { data: completed } = await api.post(`/store/carts/${cart.id}/complete`, {}, storeHeaders(store))
  const orderId = completed.order.id as string
  const { data } = await api.get(`/admin/orders/${orderId}?fields=id,*items,*payment_collections.payments`, shop.admin)
  const authorisationId = data.order.payment_collections[0].payments[0].data.authorisation_id as string
  const oneUnit = [{ id: data.order.items[0].id as string, quantity: 1 }]
  const shipped = new Set<string>()
  const ship = async () => {
    const created = await api.post(
      `/admin/orders/${orderId}/fulfillments?fields=id,*fulfillments`,
      { items: oneUnit, location_id: store.stockLocationId },
      shop.admin,
    )
    const fulfillments = created.data.order.fulfillments as Array<{ id: string }>
    const fulfillmentId = fulfillments.find((f) => !shipped.has(f.id))!.id
    shipped.add(fulfillmentId)
    await shipFulfillment(api, shop.admin, orderId, fulfillmentId, oneUnit)
    return fulfillmentId
  }
  const settled = () => sandbox.ledger("newday").list({ type: "settle", ref: authorisationId })

  try {
    // Saved on the server: NewDay settles on a Medusa capture, not on shipment.
    await saveNewDay({ capture_on: "capture" })
    const first = await ship()
    // Give the worker's shipment subscriber time to run (the control below shows it does).
    await new Promise((resolve) => setTimeout(resolve, 5000))
    expect(settled()).toHaveLength(0)

    // Cleared on the server: the worker settles the next shipment — that one, not a late first.
    await saveNewDay({ capture_on: null })
    const second = await ship()
    const keyed = async (fulfillmentId: string) =>
      shop.sql<{ outcome: string }>(
        `SELECT outcome FROM financing_operation WHERE idempotency_key = $1 AND deleted_at IS NULL`,
        [`newday-shipment:${fulfillmentId}`],
      )
    // The worker records the settlement after Medusa's capture: wait for that record.
    await eventually("the second shipment settled by the worker", async () =>
      (await keyed(second)).some((r) => r.outcome === "succeeded"),
    )
    expect(settled()).toHaveLength(1)
    expect(await keyed(first)).toEqual([])
  } finally {
    await saveNewDay({ capture_on: null })
  }
  figure("A capture choice saved through the server → the worker's subscriber follows it on its next event", "pass")
})
