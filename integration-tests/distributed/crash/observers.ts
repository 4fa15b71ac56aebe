// The read-backs crash cells share: a money movement at the lender against the amount the admin
// widget shows, and a payment canceled in Medusa against the lender's cancellation.
import type { LenderSlug } from "../../../src/lenders/slugs"
import { pence } from "../../newday/orders"
import type { DistributedShop } from "../cluster"
import type { Observed } from "./cell"
import { logWords, ordersForCart, pendingOperations, widgetView, type WidgetView } from "./shop-reads"

/** Two-decimal amounts (GBP, USD) in minor units, without floats. */
export const minorOf = (value: string | number | undefined) => pence(String(value ?? 0))

export interface OrderRefs {
  orderId: string
  sessionId?: string
}

/** One or more `type` entries at the lender for `ref`; `agrees` compares them with the widget. */
export function movementObserver(
  shop: DistributedShop,
  order: OrderRefs,
  lender: {
    slug: LenderSlug
    type: string
    ref: () => string
    /** An entry's amount in minor units (default: a two-decimal amount). */
    minor?: (entry: { amount?: string | number }) => number
  },
  agrees: (widget: WidgetView, movedMinor: number) => boolean,
): (since: Date) => Promise<Observed> {
  const entryMinor = lender.minor ?? ((entry: { amount?: string | number }) => minorOf(entry.amount))
  return async (since) => {
    const moved = shop.sandbox.ledger(lender.slug).list({ type: lender.type, ref: lender.ref() })
    const widget = await widgetView(shop, order.orderId)
    return {
      orders: 1,
      effects: moved.length,
      medusaAgrees:
        widget !== undefined &&
        widget.pending === 0 &&
        agrees(
          widget,
          moved.reduce((sum, m) => sum + entryMinor(m), 0),
        ),
      pending: await pendingOperations(shop, since),
      log: await logWords(shop, order),
      detail: widget
        ? `widget: ${widget.status}, captured ${widget.captured}, refunded ${widget.refunded}`
        : "no widget",
    }
  }
}

/** The lender's cancellation (`type` for `ref`) and the payment canceled in Medusa. */
export function cancelObserver(
  shop: DistributedShop,
  order: OrderRefs & { paymentId: string },
  lender: { slug: LenderSlug; type: string; ref: string },
): (since: Date) => Promise<Observed> {
  return async (since) => {
    const canceled = shop.sandbox.ledger(lender.slug).list({ type: lender.type, ref: lender.ref })
    const [payment] = await shop.sql<{ canceled: boolean }>(
      `SELECT canceled_at IS NOT NULL AS canceled FROM payment WHERE id = $1`,
      [order.paymentId],
    )
    return {
      orders: 1,
      effects: canceled.length,
      medusaAgrees: payment.canceled,
      pending: await pendingOperations(shop, since),
      log: await logWords(shop, order),
      detail: `payment canceled: ${payment.canceled}`,
    }
  }
}

/**
 * One order for the cart, the lender's entries for it (`moved`), and the widget's `amount`
 * (authorized or captured) equal to their sum. `entryMinor` reads an entry's amount in minor units.
 */
export function placementObserver(
  shop: DistributedShop,
  cart: { cartId: string; sessionId?: string },
  moved: () => Array<{ amount?: string | number }>,
  amount: "authorized" | "captured",
  entryMinor: (entry: { amount?: string | number }) => number = (entry) => minorOf(entry.amount),
): (since: Date) => Promise<Observed> {
  return async (since) => {
    const orders = await ordersForCart(shop, cart.cartId)
    const entries = moved()
    const widget = orders.length === 1 ? await widgetView(shop, orders[0]) : undefined
    return {
      orders: orders.length,
      effects: entries.length,
      medusaAgrees:
        widget !== undefined &&
        widget.pending === 0 &&
        minorOf(widget[amount]) === entries.reduce((sum, e) => sum + entryMinor(e), 0),
      pending: await pendingOperations(shop, since),
      log: await logWords(shop, { sessionId: cart.sessionId, orderId: orders[0] }),
      detail: widget ? `widget: ${widget.status}, ${amount} ${widget[amount]}` : "no single order",
    }
  }
}
