// Crash consistency for NewDay NewPay (issue #21): the server or the worker is SIGKILLed at each
// kill point (crash/kill-points.ts) of every money-moving step — authorise at cart completion,
// settle on an admin capture, settle on shipment (worker subscriber), refund, reverse on an order
// cancel — then restarted; the shopper or the admin retries as they would and the reconcile job
// runs, and each cell checks one order per approved authorisation, one movement at NewDay
// matching Medusa's amounts, and nothing left pending.
import { shipItems } from "../newday/orders"
import { checkoutWithNewDay } from "../newday/shopper"
import { cartReadyForPayment, completeCart } from "../utils/store-api"
import type { DistributedShop } from "./cluster"
import { expectRecovered, crashCells, runCrashCell, type RecoveryStep } from "./crash/cell"
import { cancelObserver, minorOf, movementObserver, placementObserver } from "./crash/observers"
import type { StepTarget } from "./crash/kill-points"
import { reconcileAfterCartLock, reconcileAgain, reconcileLater, startCrashShop } from "./crash/shop-reads"

jest.setTimeout(600_000)

let shop: DistributedShop

beforeAll(async () => {
  // Settled on Medusa captures only, so the admin's capture is the one settle of each cell.
  shop = await startCrashShop({ NEWDAY_SETTLE_ON: "capture" })
}, 600_000)

afterAll(async () => {
  await shop?.stop()
})

const LENDER = "newday"
const ledger = () => shop.sandbox.ledger(LENDER)
const reconcile: RecoveryStep = {
  who: "reconcile job (its next run after the window)",
  run: () => reconcileLater(shop),
}

async function sessionReady() {
  const cart = await cartReadyForPayment(shop.api, shop.store, "uk", { sku: "LAMP-BRASS", quantity: 1 }) // under the SCA threshold
  const { session } = await checkoutWithNewDay(shop.api, shop.store, cart.id, "approve@newpay.test")
  return { cartId: cart.id, sessionId: session.id as string }
}

async function orderReady() {
  const ready = await sessionReady()
  const completed = await completeCart(shop.api, shop.store, ready.cartId)
  const orderId = completed.order.id as string
  const { data } = await shop.api.get(`/admin/orders/${orderId}?fields=id,*payment_collections.payments`, shop.admin)
  const payment = data.order.payment_collections[0].payments[0]
  return { ...ready, orderId, paymentId: payment.id as string, authorisationId: String(payment.data.authorisation_id) }
}

/** One settle at NewDay, and Medusa's captured total equal to it. */
const settledObserver = (order: Awaited<ReturnType<typeof orderReady>>) =>
  movementObserver(
    shop,
    order,
    { slug: LENDER, type: "settle", ref: () => order.authorisationId },
    (w, moved) => minorOf(w.captured) === moved,
  )

const admin =
  (path: string, body: Record<string, unknown> = {}) =>
  () =>
    shop.api.post(path, body, shop.admin)

describe("authorise at cart completion (server)", () => {
  const target: StepTarget = {
    role: "server",
    lender: LENDER,
    call: { method: "POST", path: /^\/merchant\/[^/]+\/authorisation$/ },
    answer: { method: "POST", path: /^\/store\/carts\/[^/]+\/complete$/ },
  }
  crashCells("NewDay", "authorise (cart completion)", "one order, one authorisation", async (point) => {
    const ready = await sessionReady()
    const before = ledger().list({ type: "authorise" }).length
    const complete = () => completeCart(shop.api, shop.store, ready.cartId)
    const row = await runCrashCell(shop, __filename, {
      lender: "NewDay",
      step: "authorise (cart completion)",
      point,
      target,
      act: complete,
      recovery: [{ who: "shopper retries the checkout", run: complete }, ...reconcileAfterCartLock(shop, ready.cartId)],
      observe: placementObserver(shop, ready, () => ledger().list({ type: "authorise" }).slice(before), "authorized"),
      expectedOrders: 1,
      expectedEffects: 1,
    })
    expectRecovered(row, { orders: 1, effects: 1 })
  })
})

describe("settle on an admin capture (server)", () => {
  const target: StepTarget = {
    role: "server",
    lender: LENDER,
    call: { method: "POST", path: /\/settle$/ },
    answer: { method: "POST", path: /^\/admin\/payments\/[^/]+\/capture$/ },
  }
  crashCells("NewDay", "settle (admin capture)", "one settlement", async (point) => {
    const order = await orderReady()
    const capture = admin(`/admin/payments/${order.paymentId}/capture`)
    const row = await runCrashCell(shop, __filename, {
      lender: "NewDay",
      step: "settle (admin capture)",
      point,
      target,
      act: capture,
      recovery: [{ who: "admin retries the capture", run: capture }, reconcile],
      observe: settledObserver(order),
      expectedOrders: 1,
      expectedEffects: 1,
    })
    expectRecovered(row, { effects: 1 })
  })
})

describe("settle on shipment (worker subscriber)", () => {
  const target: StepTarget = {
    role: "worker",
    lender: LENDER,
    call: { method: "POST", path: /\/settle$/ },
    answer: { method: "POST", path: /^\/admin\/orders\/[^/]+\/fulfillments\/[^/]+\/shipments$/ },
  }
  // The owner's choice in Settings → Financing, for these cells only (the others settle on capture).
  const settleOn = (value: "shipment" | null) =>
    shop.api.post(`/admin/financing/lenders/${LENDER}/settings`, { capture_on: value }, shop.admin)
  beforeAll(() => settleOn("shipment"))
  afterAll(() => settleOn(null))

  crashCells("NewDay", "settle (shipment)", "one settlement of what shipped", async (point) => {
    const order = await orderReady()
    const { data } = await shop.api.get(`/admin/orders/${order.orderId}?fields=id,*items`, shop.admin)
    const items = [{ id: data.order.items[0].id as string, quantity: 1 }]
    const row = await runCrashCell(shop, __filename, {
      lender: "NewDay",
      step: "settle (shipment)",
      point,
      target,
      act: () => shipItems(shop.api, shop.admin, order.orderId, items, shop.store.stockLocationId),
      recovery: [reconcile, reconcileAgain(shop)],
      observe: settledObserver(order),
      expectedOrders: 1,
      expectedEffects: 1,
    })
    expectRecovered(row, { effects: 1 })
  })
})

describe("refund (server)", () => {
  const target: StepTarget = {
    role: "server",
    lender: LENDER,
    call: { method: "POST", path: /\/refund$/ },
    answer: { method: "POST", path: /^\/admin\/payments\/[^/]+\/refund$/ },
  }
  crashCells("NewDay", "refund (admin)", "one refund", async (point) => {
    const order = await orderReady()
    await admin(`/admin/payments/${order.paymentId}/capture`)()
    const [settled] = ledger().list({ type: "settle", ref: order.authorisationId })
    const transactionId = String((settled.data as { transactionId?: string } | undefined)?.transactionId)
    const refund = admin(`/admin/payments/${order.paymentId}/refund`, { amount: 5 })
    const row = await runCrashCell(shop, __filename, {
      lender: "NewDay",
      step: "refund (admin)",
      point,
      target,
      act: refund,
      recovery: [{ who: "admin retries the refund", run: refund }, reconcile],
      observe: movementObserver(
        shop,
        order,
        { slug: LENDER, type: "refund", ref: () => transactionId },
        (w, moved) => minorOf(w.refunded) === moved,
      ),
      expectedOrders: 1,
      expectedEffects: 1,
    })
    expectRecovered(row, { effects: 1 })
  })
})

describe("reverse on an order cancel (server)", () => {
  const target: StepTarget = {
    role: "server",
    lender: LENDER,
    call: { method: "POST", path: /\/reverse$/ },
    answer: { method: "POST", path: /^\/admin\/orders\/[^/]+\/cancel$/ },
  }
  crashCells("NewDay", "reverse (order cancel)", "one reversal", async (point) => {
    const order = await orderReady()
    const cancel = admin(`/admin/orders/${order.orderId}/cancel`)
    const row = await runCrashCell(shop, __filename, {
      lender: "NewDay",
      step: "reverse (order cancel)",
      point,
      target,
      act: cancel,
      recovery: [{ who: "admin retries the cancel", run: cancel }, reconcile],
      observe: cancelObserver(shop, order, { slug: LENDER, type: "reverse", ref: order.authorisationId }),
      expectedOrders: 1,
      expectedEffects: 1,
    })
    expectRecovered(row, { effects: 1 })
  })
})
