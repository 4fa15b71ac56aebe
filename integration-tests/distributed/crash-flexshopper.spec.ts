// Crash consistency for FlexShopper (issue #21): the server or the worker is SIGKILLed at each
// kill point (crash/kill-points.ts) of finalize at checkout completion, the cancel of an order
// cancel and the admin's confirm receipt (server), confirm shipment, confirm receipt of an in-store
// hand-over and the credit of a received return (worker subscribers), then restarted; the shopper or admin retries as they would and the
// reconcile job runs, and each cell checks one order per signed lease, one movement at FlexShopper,
// Medusa's amounts, and nothing left pending.
import {
  eventually,
  flexStore,
  fulfillAndShip,
  newShopperReady,
  receiveReturn,
  signModal,
} from "../flexshopper/helpers"
import { cartReadyForPayment } from "../utils/store-api"
import type { DistributedShop } from "./cluster"
import { expectRecovered, crashCells, runCrashCell, type RecoveryStep } from "./crash/cell"
import { cancelObserver, minorOf, movementObserver, placementObserver } from "./crash/observers"
import type { StepTarget } from "./crash/kill-points"
import { reconcileAfterCartLock, reconcileAgain, reconcileLater, startCrashShop } from "./crash/shop-reads"

jest.setTimeout(600_000)

let shop: DistributedShop

beforeAll(async () => {
  shop = await startCrashShop()
}, 600_000)

afterAll(async () => {
  await shop?.stop()
})

const LENDER = "flexshopper"
const ledger = () => shop.sandbox.ledger(LENDER)
const reconcile: RecoveryStep = {
  who: "reconcile job (its next run after the window)",
  run: () => reconcileLater(shop),
}
let shoppers = 0

/** A signed lease waiting for the store to finalize it (the oak table, shipped; or `cart`'s items). */
async function leaseSigned(cart: { variantId?: string; shipping?: boolean } = {}) {
  const flex = flexStore(shop.api, shop.store)
  const ready = await cartReadyForPayment(shop.api, shop.store, "us", {
    sku: "TABLE-OAK-NAT",
    quantity: 1,
    email: `crash.${Date.now()}.${++shoppers}@example.com`,
    ...cart,
  })
  await newShopperReady(flex, ready.id, `66610${String(8000 + shoppers)}`)
  const session = await flex.post("/session", { cart_id: ready.id })
  if (session.status !== 200) throw new Error(`session: ${session.status} ${JSON.stringify(session.data)}`)
  const { transactionId } = await signModal(shop.sandbox, session.data)
  const complete = async () => {
    const answer = await flex.post("/complete", { cart_id: ready.id })
    if (answer.status !== 200)
      throw new Error(`complete: ${answer.status} ${JSON.stringify(answer.data).slice(0, 200)}`)
    return answer.data
  }
  return {
    cartId: ready.id,
    sessionId: session.data.payment_session?.id as string | undefined,
    transactionId,
    complete,
  }
}

/**
 * A server killed mid order-cancel dies holding Medusa's inventory lock on the order's items
 * (core-flows' delete-reservations step, a locking-redis lease of 60 s that only its holder
 * renews); until the lease lapses Medusa's reserve-inventory step gives up after its 5-s wait and
 * checkouts of that product answer 409. The next cell's shopper tries again, as a shopper would.
 */
async function completeOnceInventoryIsFree(complete: () => Promise<any>) {
  const deadline = Date.now() + 90_000
  for (;;) {
    try {
      return await complete()
    } catch (error) {
      if (!String(error).includes("complete: 409") || Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 5000))
    }
  }
}

async function orderPlaced(cart: Parameters<typeof leaseSigned>[0] = {}) {
  const lease = await leaseSigned(cart)
  const placed = await completeOnceInventoryIsFree(lease.complete)
  const orderId = placed.order.id as string
  const { data } = await shop.api.get(
    `/admin/orders/${orderId}?fields=id,*items,*payment_collections.payments`,
    shop.admin,
  )
  return {
    ...lease,
    orderId,
    items: data.order.items.map((i: { id: string; quantity: number }) => ({ id: i.id, quantity: i.quantity })),
    paymentId: data.order.payment_collections[0].payments[0].id as string,
  }
}

/** One `type` confirmation at FlexShopper for the lease, and the lease captured in full in Medusa. */
const confirmedObserver = (order: Awaited<ReturnType<typeof orderPlaced>>, type: string) =>
  movementObserver(
    shop,
    order,
    { slug: LENDER, type, ref: () => order.transactionId },
    (w) => minorOf(w.captured) === minorOf(w.authorized),
  )

/** Ships the whole order and waits for the worker to confirm the shipment and capture the lease. */
async function shippedAndCaptured(order: Awaited<ReturnType<typeof orderPlaced>>, tracking: string) {
  const fulfillmentId = await fulfillAndShip(shop.api, shop.admin, order.orderId, order.items, tracking)
  await eventually(
    async () => {
      const { data } = await shop.api.get(`/admin/payments/${order.paymentId}?fields=id,captured_at`, shop.admin)
      return Boolean(data.payment.captured_at)
    },
    "the lease captured on shipment",
    60_000,
  )
  return fulfillmentId
}

describe("finalize at checkout completion (server)", () => {
  const target: StepTarget = {
    role: "server",
    lender: LENDER,
    call: { method: "POST", path: /\/finalize$/ },
    answer: { method: "POST", path: /^\/store\/financing\/flexshopper\/complete$/ },
  }
  crashCells("FlexShopper", "finalize (checkout completion)", "one order, one finalized lease", async (point) => {
    const lease = await leaseSigned()
    const row = await runCrashCell(shop, __filename, {
      lender: "FlexShopper",
      step: "finalize (checkout completion)",
      point,
      target,
      act: lease.complete,
      recovery: [
        { who: "shopper retries the checkout", run: lease.complete },
        ...reconcileAfterCartLock(shop, lease.cartId),
      ],
      observe: placementObserver(
        shop,
        lease,
        () => ledger().list({ type: "transaction.finalized", ref: lease.transactionId }),
        "authorized",
      ),
      expectedOrders: 1,
      expectedEffects: 1,
    })
    expectRecovered(row, { orders: 1, effects: 1 })
  })
})

describe("confirm shipment (worker subscriber)", () => {
  const target: StepTarget = {
    role: "worker",
    lender: LENDER,
    call: { method: "POST", path: /\/confirm-shipment$/ },
    answer: { method: "POST", path: /^\/admin\/orders\/[^/]+\/fulfillments\/[^/]+\/shipments$/ },
  }
  crashCells(
    "FlexShopper",
    "confirm shipment (shipment)",
    "one shipment confirmed, the lease captured in Medusa",
    async (point) => {
      const order = await orderPlaced()
      const row = await runCrashCell(shop, __filename, {
        lender: "FlexShopper",
        step: "confirm shipment (shipment)",
        point,
        target,
        act: () => fulfillAndShip(shop.api, shop.admin, order.orderId, order.items, "1Z-CRASH"),
        recovery: [reconcile, reconcileAgain(shop)],
        observe: confirmedObserver(order, "shipment.confirmed"),
        expectedOrders: 1,
        expectedEffects: 1,
      })
      expectRecovered(row, { effects: 1 })
    },
  )
})

describe("cancel on an order cancel (server)", () => {
  const target: StepTarget = {
    role: "server",
    lender: LENDER,
    call: { method: "POST", path: /\/cancel$/ },
    answer: { method: "POST", path: /^\/admin\/orders\/[^/]+\/cancel$/ },
  }
  crashCells("FlexShopper", "cancel (order cancel)", "one cancellation", async (point) => {
    const order = await orderPlaced()
    const cancel = () => shop.api.post(`/admin/orders/${order.orderId}/cancel`, {}, shop.admin)
    const row = await runCrashCell(shop, __filename, {
      lender: "FlexShopper",
      step: "cancel (order cancel)",
      point,
      target,
      act: cancel,
      recovery: [{ who: "admin retries the cancel", run: cancel }, reconcile],
      observe: cancelObserver(shop, order, { slug: LENDER, type: "items.canceled", ref: order.transactionId }),
      expectedOrders: 1,
      expectedEffects: 1,
    })
    expectRecovered(row, { effects: 1 })
  })
})

describe("confirm receipt from the admin (server)", () => {
  const target: StepTarget = {
    role: "server",
    lender: LENDER,
    call: { method: "POST", path: /\/confirm-receipt$/ },
    answer: { method: "POST", path: /^\/admin\/financing\/flexshopper\/orders\/[^/]+\/confirm-receipt$/ },
  }
  crashCells(
    "FlexShopper",
    "confirm receipt (admin)",
    "one receipt confirmed, nothing captured again",
    async (point) => {
      const order = await orderPlaced()
      const fulfillmentId = await shippedAndCaptured(order, "1Z-RECEIPT")
      const confirm = () =>
        shop.api.post(
          `/admin/financing/flexshopper/orders/${order.orderId}/confirm-receipt`,
          { fulfillment_id: fulfillmentId },
          shop.admin,
        )
      const row = await runCrashCell(shop, __filename, {
        lender: "FlexShopper",
        step: "confirm receipt (admin)",
        point,
        target,
        act: confirm,
        recovery: [{ who: "admin confirms the receipt again", run: confirm }, reconcile],
        observe: confirmedObserver(order, "receipt.confirmed"),
        expectedOrders: 1,
        expectedEffects: 1,
      })
      expectRecovered(row, { effects: 1 })
    },
  )
})

describe("confirm receipt of an in-store hand-over (worker subscriber)", () => {
  const target: StepTarget = {
    role: "worker",
    lender: LENDER,
    call: { method: "POST", path: /\/confirm-receipt$/ },
    answer: { method: "POST", path: /^\/admin\/orders\/[^/]+\/fulfillments$/ },
  }
  // Something the shopper takes home from the shop: no shipping profile and no stock kept, so
  // Medusa's line item and fulfillment do not require shipping (order.fulfillment_created is the
  // only event FlexShopper's receipt hangs on).
  let inStoreVariantId: string
  beforeAll(async () => {
    const { data } = await shop.api.post(
      "/admin/products",
      {
        title: "Display Floor Lamp",
        handle: `display-floor-lamp-${Date.now()}`,
        status: "published",
        sales_channels: [{ id: shop.store.salesChannelId }],
        options: [{ title: "Finish", values: ["As displayed"] }],
        variants: [
          {
            title: "As displayed",
            sku: "LAMP-FLOOR-DISPLAY",
            options: { Finish: "As displayed" },
            manage_inventory: false,
            prices: [{ currency_code: "usd", amount: 189 }],
          },
        ],
      },
      shop.admin,
    )
    inStoreVariantId = data.product.variants[0].id
  })

  crashCells(
    "FlexShopper",
    "confirm receipt (in-store fulfillment)",
    "one receipt confirmed, the lease captured in Medusa",
    async (point) => {
      const order = await orderPlaced({ variantId: inStoreVariantId, shipping: false })
      const handOver = async () => {
        const { data } = await shop.api.post(
          `/admin/orders/${order.orderId}/fulfillments?fields=*fulfillments`,
          {
            items: order.items,
            location_id: shop.store.stockLocationId,
            shipping_option_id: shop.store.shippingOptions.us,
          },
          shop.admin,
        )
        if (data.order.fulfillments.at(-1).requires_shipping !== false)
          throw new Error("the hand-over requires shipping")
      }
      const row = await runCrashCell(shop, __filename, {
        lender: "FlexShopper",
        step: "confirm receipt (in-store fulfillment)",
        point,
        target,
        act: handOver,
        recovery: [reconcile, reconcileAgain(shop)],
        observe: confirmedObserver(order, "receipt.confirmed"),
        expectedOrders: 1,
        expectedEffects: 1,
      })
      expectRecovered(row, { effects: 1 })
    },
  )
})

describe("credit of a received return (worker subscriber)", () => {
  const target: StepTarget = {
    role: "worker",
    lender: LENDER,
    call: { method: "POST", path: /^\/v3\/transactions\/[^/]+\/refund$/ },
    answer: { method: "POST", path: /^\/admin\/returns\/[^/]+\/receive\/confirm$/ },
  }
  crashCells("FlexShopper", "credit (return received)", "one credit, refunded once in Medusa", async (point) => {
    const order = await orderPlaced()
    // Only a captured lease can be credited.
    const fulfillmentId = await shippedAndCaptured(order, "1Z-RETURN")
    await shop.api.post(
      `/admin/orders/${order.orderId}/fulfillments/${fulfillmentId}/mark-as-delivered`,
      {},
      shop.admin,
    )
    const row = await runCrashCell(shop, __filename, {
      lender: "FlexShopper",
      step: "credit (return received)",
      point,
      target,
      act: () => receiveReturn(shop.api, shop.admin, shop.store.stockLocationId, order.orderId, order.items),
      recovery: [reconcile, reconcileAgain(shop)],
      observe: movementObserver(
        shop,
        order,
        { slug: LENDER, type: "credit", ref: () => order.transactionId },
        (w, moved) => minorOf(w.refunded) === moved,
      ),
      expectedOrders: 1,
      expectedEffects: 1,
    })
    expectRecovered(row, { effects: 1 })
  })
})
