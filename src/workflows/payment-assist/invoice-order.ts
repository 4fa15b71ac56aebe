// Reads what an invoice needs from an order, and turns it into the renderer-neutral
// InvoiceDocument (amounts as exact major-unit text).
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { toMajorUnitString } from "../../lenders/money"
import type { FinancingCartAddress } from "../../provider-kit/cart"
import type { InvoiceDocument } from "../../lenders/payment-assist/invoice/document"
import type { PaymentAssistOptions } from "../../providers/payment-assist/options"
import { PAYMENT_ASSIST_NAME, PAYMENT_ASSIST_PROVIDER_ID } from "./context"

type Address = FinancingCartAddress

export interface InvoiceOrder {
  id: string
  display_id: number | string
  email?: string | null
  currency_code: string
  created_at: string | Date
  subtotal: unknown
  shipping_total: unknown
  discount_total: unknown
  tax_total: unknown
  total: unknown
  items?: Array<{
    title: string
    product_title?: string | null
    variant_title?: string | null
    quantity: unknown
    unit_price: unknown
    total: unknown
  } | null>
  billing_address?: Address | null
  shipping_address?: Address | null
  payment_collections?: Array<{ payments?: Array<PaymentRow | null> | null } | null> | null
}

export interface PaymentRow {
  id: string
  provider_id: string
  data?: Record<string, unknown> | null
  captured_at?: string | Date | null
  canceled_at?: string | Date | null
}

const ORDER_FIELDS = [
  "id",
  "display_id",
  "email",
  "currency_code",
  "created_at",
  "subtotal",
  "shipping_total",
  "discount_total",
  "tax_total",
  "total",
  "items.title",
  "items.product_title",
  "items.variant_title",
  "items.quantity",
  "items.unit_price",
  "items.total",
  "billing_address.*",
  "shipping_address.*",
  "payment_collections.payments.id",
  "payment_collections.payments.provider_id",
  "payment_collections.payments.data",
  "payment_collections.payments.captured_at",
  "payment_collections.payments.canceled_at",
]

export async function loadInvoiceOrder(
  container: Pick<MedusaContainer, "resolve">,
  orderId: string,
): Promise<InvoiceOrder | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order", fields: ORDER_FIELDS, filters: { id: orderId } })
  return data[0] as InvoiceOrder | undefined
}

/** The order's live Payment Assist payment (not canceled), if it was paid with Payment Assist. */
export function paymentAssistPayment(order: InvoiceOrder): PaymentRow | undefined {
  return (order.payment_collections ?? [])
    .flatMap((c) => c?.payments ?? [])
    .find((p): p is PaymentRow => Boolean(p && p.provider_id === PAYMENT_ASSIST_PROVIDER_ID && !p.canceled_at))
}

export async function orderIdOfFulfillment(
  container: Pick<MedusaContainer, "resolve">,
  fulfillmentId: string,
): Promise<string | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order_fulfillment",
    fields: ["order_id"],
    filters: { fulfillment_id: fulfillmentId },
  })
  return (data[0] as { order_id?: string } | undefined)?.order_id
}

export async function orderIdOfPayment(
  container: Pick<MedusaContainer, "resolve">,
  paymentId: string,
): Promise<string | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: payments } = await query.graph({
    entity: "payment",
    fields: ["payment_collection_id"],
    filters: { id: paymentId },
  })
  const collectionId = (payments[0] as { payment_collection_id?: string } | undefined)?.payment_collection_id
  if (!collectionId) return undefined
  const { data } = await query.graph({
    entity: "order_payment_collection",
    fields: ["order_id"],
    filters: { payment_collection_id: collectionId },
  })
  return (data[0] as { order_id?: string } | undefined)?.order_id
}

function addressLines(a: Address | null | undefined): string[] {
  if (!a) return []
  return [
    a.company,
    a.address_1,
    a.address_2,
    [a.city, a.province].filter(Boolean).join(", "),
    a.postal_code,
    a.country_code?.toUpperCase(),
  ].filter((line): line is string => typeof line === "string" && line.trim() !== "")
}

export function buildInvoiceDocument(
  order: InvoiceOrder,
  payment: PaymentRow,
  options: PaymentAssistOptions,
  issuedAt: Date,
): InvoiceDocument {
  const currency = order.currency_code
  const money = (value: unknown) => toMajorUnitString((value ?? 0) as never, currency)
  const customer = order.billing_address ?? order.shipping_address
  const name = [customer?.first_name, customer?.last_name].filter(Boolean).join(" ") || order.email || "Customer"
  return {
    number: String(order.display_id),
    order_id: order.id,
    issued_at: issuedAt,
    currency_code: currency,
    seller: {
      name: options.sellerName ?? "The merchant",
      address: options.sellerAddress ?? [],
      vat_number: options.sellerVatNumber,
    },
    customer: { name, address: addressLines(customer), email: order.email ?? undefined },
    lines: (order.items ?? []).filter(Boolean).map((item) => ({
      description: item!.variant_title
        ? `${item!.product_title ?? item!.title} (${item!.variant_title})`
        : (item!.product_title ?? item!.title),
      quantity: Number(item!.quantity),
      unit_price: money(item!.unit_price),
      total: money(item!.total),
    })),
    subtotal: money(order.subtotal),
    shipping_total: money(order.shipping_total),
    discount_total: money(order.discount_total),
    tax_total: money(order.tax_total),
    total: money(order.total),
    finance: {
      lender: PAYMENT_ASSIST_NAME,
      reference: typeof payment.data?.pa_ref === "string" ? (payment.data.pa_ref as string) : null,
      application: String(payment.data?.token ?? ""),
    },
  }
}
