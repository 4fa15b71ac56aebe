// Crash consistency for Payment Assist (issue #21): the server or the worker is SIGKILLed at each
// kill point (crash/kill-points.ts) of order placement — by the shopper's signed return (server)
// and by the lender's webhook (recorded by the server, processed by the worker) — and of the
// capture on the admin's capture when the owner captures manually (server), and of the invoice
// upload on shipment (worker), then restarted; the shopper, the lender and the reconcile
// job do what they would, and each cell checks one order per approved application, the lender's
// ledger against Medusa's amounts, and nothing left pending. Rows: RELIABILITY.md's crash table.
import {
  fulfillOrder,
  followReturn,
  shipFulfillment,
  shopperOnHostedPage,
  startPaymentAssist,
} from "../payment-assist/checkout"
import { cartReadyForPayment } from "../utils/store-api"
import type { DistributedShop } from "./cluster"
import { expectRecovered, crashCells, runCrashCell } from "./crash/cell"
import { minorOf, movementObserver, placementObserver } from "./crash/observers"
import type { StepTarget } from "./crash/kill-points"
import {
  logWords,
  ordersForCart,
  pendingOperations,
  reconcileAgain,
  reconcileLater,
  startCrashShop,
  widgetView,
} from "./crash/shop-reads"

jest.setTimeout(600_000)

let shop: DistributedShop

beforeAll(async () => {
  shop = await startCrashShop({ PAYMENT_ASSIST_AUTO_CAPTURE: "true", PAYMENT_ASSIST_INVOICE_TRIGGER: "shipment" })
}, 600_000)

afterAll(async () => {
  await shop?.sandbox.webhooks.idle().catch(() => undefined)
  await shop?.stop()
})

const LENDER = "payment-assist"
const ledger = () => shop.sandbox.ledger(LENDER)
const reconcile = { who: "reconcile job (its next run after the window)", run: () => reconcileLater(shop) }

/** A cart with an application the shopper has not yet signed. */
async function application() {
  const cart = await cartReadyForPayment(shop.api, shop.store, "uk")
  const started = await startPaymentAssist(shop.api, shop.store, cart.id)
  return {
    cartId: cart.id,
    sessionId: started.payment_session.id,
    token: String(started.payment_session.data.token),
    redirect: started.redirect_url,
  }
}

/** One order, one capture at the lender (amounts in pence), and the widget showing it captured. */
const placementObserverOf = (app: { cartId: string; sessionId: string; token: string }) =>
  placementObserver(
    shop,
    app,
    () => ledger().list({ type: "capture", ref: app.token }),
    "captured",
    (entry) => Number(entry.amount),
  )

const STATUS_READ = { method: "GET", path: "/status" }

describe("order placement by the shopper's return (server)", () => {
  const target: StepTarget = {
    role: "server",
    lender: LENDER,
    call: STATUS_READ,
    answer: { method: "GET", path: /^\/financing\/payment-assist\/return$/ },
  }
  crashCells("Payment Assist", "order placement (return)", "one order, one capture", async (point) => {
    const app = await application()
    // The browser's return is the only way back: the webhook and its retries are not sent.
    shop.sandbox.faults.dropWebhooks(LENDER, { count: 10 })
    const returnUrl = await shopperOnHostedPage(app.redirect)
    const row = await runCrashCell(shop, __filename, {
      lender: "Payment Assist",
      step: "order placement (return)",
      point,
      target,
      act: () => followReturn(shop.api, returnUrl),
      recovery: [{ who: "shopper reloads the return page", run: () => followReturn(shop.api, returnUrl) }, reconcile],
      observe: placementObserverOf(app),
      expectedOrders: 1,
      expectedEffects: 1,
    })
    expectRecovered(row, { orders: 1, effects: 1 })
  })
})

describe("order placement by the lender's webhook (recorded by the server, processed by the worker)", () => {
  const target: StepTarget = {
    role: "worker",
    lender: LENDER,
    call: STATUS_READ,
    answer: { method: "POST", path: /^\/hooks\/financing\/payment-assist$/ },
  }
  crashCells("Payment Assist", "order placement (webhook)", "one order, one capture", async (point) => {
    const app = await application()
    const row = await runCrashCell(shop, __filename, {
      lender: "Payment Assist",
      step: "order placement (webhook)",
      point,
      target,
      // The shopper signs and closes the browser: only the webhook brings the news.
      act: () => shopperOnHostedPage(app.redirect),
      recovery: [reconcile],
      observe: placementObserverOf(app),
      expectedOrders: 1,
      expectedEffects: 1,
    })
    expectRecovered(row, { orders: 1, effects: 1 })
  })
})

describe("invoice upload on shipment (worker subscriber)", () => {
  const target: StepTarget = {
    role: "worker",
    lender: LENDER,
    call: { method: "POST", path: "/invoice" },
    answer: { method: "POST", path: /^\/admin\/orders\/[^/]+\/fulfillments\/[^/]+\/shipments$/ },
  }
  crashCells("Payment Assist", "invoice upload (shipment)", "one invoice at the lender", async (point) => {
    const app = await application()
    await followReturn(shop.api, await shopperOnHostedPage(app.redirect))
    const [orderId] = await ordersForCart(shop, app.cartId)
    await shop.sandbox.webhooks.idle()
    const { fulfillmentId, items } = await fulfillOrder(shop.api, shop.admin, orderId, shop.store.stockLocationId)
    const row = await runCrashCell(shop, __filename, {
      lender: "Payment Assist",
      step: "invoice upload (shipment)",
      point,
      target,
      act: () => shipFulfillment(shop.api, shop.admin, orderId, fulfillmentId, items),
      recovery: [reconcile, reconcileAgain(shop)],
      observe: async (since) => {
        const uploads = ledger().list({ type: "invoice.upload", ref: app.token })
        const widget = await widgetView(shop, orderId)
        const log = await logWords(shop, { orderId })
        return {
          orders: 1,
          effects: uploads.length,
          // The admin must see the invoice as uploaded, not only Payment Assist.
          medusaAgrees: widget !== undefined && widget.pending === 0 && log.includes("invoice-upload succeeded"),
          pending: await pendingOperations(shop, since),
          log,
        }
      },
      expectedOrders: 1,
      expectedEffects: 1,
    })
    expectRecovered(row, { effects: 1 })
  })
})

describe("capture on the admin's capture, the owner capturing manually (server)", () => {
  const target: StepTarget = {
    role: "server",
    lender: LENDER,
    call: { method: "POST", path: "/capture" },
    answer: { method: "POST", path: /^\/admin\/payments\/[^/]+\/capture$/ },
  }
  // The owner's choice in Settings → Financing, for these cells only (the others capture on approval).
  const captureOn = (value: "manual" | null) =>
    shop.api.post(`/admin/financing/lenders/${LENDER}/settings`, { capture_on: value }, shop.admin)
  beforeAll(() => captureOn("manual"))
  afterAll(() => captureOn(null))

  crashCells("Payment Assist", "capture (admin, manual capture)", "one capture", async (point) => {
    const app = await application()
    await followReturn(shop.api, await shopperOnHostedPage(app.redirect)) // approved: pending_capture
    const [orderId] = await ordersForCart(shop, app.cartId)
    const { data } = await shop.api.get(`/admin/orders/${orderId}?fields=id,*payment_collections.payments`, shop.admin)
    const paymentId = data.order.payment_collections[0].payments[0].id as string
    expect(ledger().list({ type: "capture", ref: app.token })).toEqual([]) // nothing captured on approval
    const capture = () => shop.api.post(`/admin/payments/${paymentId}/capture`, {}, shop.admin)
    const row = await runCrashCell(shop, __filename, {
      lender: "Payment Assist",
      step: "capture (admin, manual capture)",
      point,
      target,
      act: capture,
      recovery: [{ who: "admin retries the capture", run: capture }, reconcile],
      // One capture at Payment Assist (amounts in pence), and Medusa's captured total equal to it.
      observe: movementObserver(
        shop,
        { orderId, sessionId: app.sessionId },
        { slug: LENDER, type: "capture", ref: () => app.token, minor: (entry) => Number(entry.amount) },
        (widget, moved) => minorOf(widget.captured) === moved,
      ),
      expectedOrders: 1,
      expectedEffects: 1,
    })
    expectRecovered(row, { effects: 1 })
  })
})
