// The order-side facts a FlexShopper workflow needs, read with query.graph: the fulfillment (or
// return) with its items' SKUs, and the order's FlexShopper payment. Orders paid otherwise give
// null, so every lender's subscribers can listen to the same events.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { toMinorUnits } from "../../lenders/money"
import {
  FLEXSHOPPER_PROVIDER_ID,
  flexData,
  type FlexShopperSessionData,
} from "../../providers/flexshopper/session-data"

export interface FlexPayment {
  id: string
  amountCents: number
  capturedCents: number
  canceled: boolean
  data: FlexShopperSessionData
}

interface RawPayment {
  id: string
  provider_id: string
  amount: unknown
  data?: Record<string, unknown> | null
  canceled_at?: string | null
  captures?: Array<{ amount: unknown } | null> | null
}

interface RawOrder {
  id: string
  items?: Array<{ id: string; variant_sku?: string | null } | null> | null
  payment_collections?: Array<{ payments?: Array<RawPayment | null> | null } | null> | null
}

export const ORDER_PAYMENT_FIELDS = [
  "items.id",
  "items.variant_sku",
  "payment_collections.payments.id",
  "payment_collections.payments.provider_id",
  "payment_collections.payments.amount",
  "payment_collections.payments.data",
  "payment_collections.payments.canceled_at",
  "payment_collections.payments.captures.amount",
]

export function flexPaymentOf(order: RawOrder | undefined): FlexPayment | null {
  const payment = (order?.payment_collections ?? [])
    .flatMap((c) => c?.payments ?? [])
    .find((p): p is RawPayment => Boolean(p && p.provider_id === FLEXSHOPPER_PROVIDER_ID && !p.canceled_at))
  if (!payment) return null
  const cents = (value: unknown) => toMinorUnits(value as never, "usd")
  return {
    id: payment.id,
    amountCents: cents(payment.amount),
    capturedCents: (payment.captures ?? []).reduce((sum, c) => sum + (c ? cents(c.amount) : 0), 0),
    canceled: Boolean(payment.canceled_at),
    data: flexData(payment.data ?? undefined),
  }
}

export function skuByLineItem(order: RawOrder | undefined): Map<string, string> {
  return new Map(
    (order?.items ?? [])
      .filter((i): i is { id: string; variant_sku: string } => Boolean(i?.variant_sku))
      .map((i) => [i.id, i.variant_sku]),
  )
}

/** Quantities per SKU (the lender's unit of account), in first-seen order. */
export function bySku(
  items: Array<{ line_item_id?: string | null; item_id?: string | null; quantity: unknown }>,
  skus: Map<string, string>,
) {
  const totals = new Map<string, number>()
  for (const item of items) {
    const sku = skus.get(item.line_item_id ?? item.item_id ?? "")
    const quantity = Number(item.quantity)
    if (!sku || !Number.isFinite(quantity) || quantity <= 0) continue
    totals.set(sku, (totals.get(sku) ?? 0) + quantity)
  }
  return [...totals].map(([sku, quantity]) => ({ sku, quantity }))
}

export interface FlexFulfillment {
  id: string
  orderId: string
  requiresShipping: boolean
  canceled: boolean
  shippedAt?: string | null
  deliveredAt?: string | null
  carrier: string
  trackingNumber?: string
  trackingLink?: string
  items: Array<{ sku: string; quantity: number }>
  payment: FlexPayment | null
}

export async function loadFulfillment(
  container: MedusaContainer,
  fulfillmentId: string,
): Promise<FlexFulfillment | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "fulfillment",
    fields: [
      "id",
      "requires_shipping",
      "shipped_at",
      "delivered_at",
      "canceled_at",
      "provider_id",
      "items.line_item_id",
      "items.quantity",
      "labels.tracking_number",
      "labels.tracking_url",
      "shipping_option.name",
      "order.id",
      ...ORDER_PAYMENT_FIELDS.map((f) => `order.${f}`),
    ],
    filters: { id: fulfillmentId },
  })
  const f = data[0] as
    | {
        id: string
        requires_shipping?: boolean
        shipped_at?: string
        delivered_at?: string
        canceled_at?: string
        provider_id?: string
        items?: Array<{ line_item_id: string; quantity: unknown }>
        labels?: Array<{ tracking_number?: string; tracking_url?: string }>
        shipping_option?: { name?: string } | null
        order?: RawOrder | null
      }
    | undefined
  if (!f?.order) return null
  const label = (f.labels ?? []).find((l) => l?.tracking_number)
  return {
    id: f.id,
    orderId: f.order.id,
    requiresShipping: f.requires_shipping !== false,
    canceled: Boolean(f.canceled_at),
    shippedAt: f.shipped_at,
    deliveredAt: f.delivered_at,
    carrier: f.shipping_option?.name || f.provider_id || "ground",
    trackingNumber: label?.tracking_number,
    trackingLink: label?.tracking_url && /^https?:\/\//.test(label.tracking_url) ? label.tracking_url : undefined,
    items: bySku(f.items ?? [], skuByLineItem(f.order)),
    payment: flexPaymentOf(f.order),
  }
}

export async function loadOrderPayment(
  container: MedusaContainer,
  orderId: string,
): Promise<{ order: RawOrder; payment: FlexPayment | null } | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: ["id", ...ORDER_PAYMENT_FIELDS],
    filters: { id: orderId },
  })
  const order = data[0] as RawOrder | undefined
  return order ? { order, payment: flexPaymentOf(order) } : null
}

/**
 * Units per SKU that Medusa records as in the shopper's hands: items of live fulfillments marked
 * delivered, or that needed no shipping (handed over in store). captureOn=receipt captures these.
 */
export async function deliveredUnitsBySku(container: MedusaContainer, orderId: string): Promise<Map<string, number>> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "items.id",
      "items.variant_sku",
      "fulfillments.delivered_at",
      "fulfillments.canceled_at",
      "fulfillments.requires_shipping",
      "fulfillments.items.line_item_id",
      "fulfillments.items.quantity",
    ],
    filters: { id: orderId },
  })
  const order = data[0] as
    | (RawOrder & {
        fulfillments?: Array<{
          delivered_at?: string | null
          canceled_at?: string | null
          requires_shipping?: boolean | null
          items?: Array<{ line_item_id: string; quantity: unknown }>
        } | null> | null
      })
    | undefined
  const skus = skuByLineItem(order)
  const handed = (order?.fulfillments ?? []).filter(
    (f) => f && !f.canceled_at && (f.delivered_at || f.requires_shipping === false),
  )
  const totals = new Map<string, number>()
  for (const { sku, quantity } of bySku(
    handed.flatMap((f) => f!.items ?? []),
    skus,
  ))
    totals.set(sku, quantity)
  return totals
}
