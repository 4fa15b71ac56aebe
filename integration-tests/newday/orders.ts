// Reading orders/payments and driving admin fulfilment in NewDay integration tests.
import type { MedusaContainer } from "@medusajs/framework/types"
import { toMinorUnits } from "../../src/lenders/money"
import type { ApiClient } from "../utils/store-api"

export interface PaymentView {
  id: string
  amount: number
  data: Record<string, any>
  captures: Array<{ amount: number }>
  refunds: Array<{ amount: number }>
  canceled_at?: string | null
}

export async function orderPayment(container: MedusaContainer, orderId: string): Promise<PaymentView> {
  const { data } = await container.resolve("query").graph({
    entity: "order",
    fields: [
      "id",
      "payment_collections.payments.id",
      "payment_collections.payments.amount",
      "payment_collections.payments.data",
      "payment_collections.payments.canceled_at",
      "payment_collections.payments.captures.amount",
      "payment_collections.payments.refunds.amount",
    ],
    filters: { id: orderId },
  })
  const payment = data[0]?.payment_collections?.[0]?.payments?.[0]
  if (!payment) throw new Error(`order ${orderId} has no payment`)
  return payment as PaymentView
}

/** Pence from Medusa's numbers, without float sums. */
export const pence = (value: number | string) => toMinorUnits(value, "gbp")
export const sumPence = (rows: Array<{ amount: number }>) => rows.reduce((s, r) => s + pence(r.amount), 0)

export { waitFor } from "../utils/wait"

/** Creates a fulfillment for the given line items (ids) and ships it; returns the fulfillment id. */
export async function shipItems(
  api: ApiClient,
  admin: Record<string, unknown>,
  orderId: string,
  items: Array<{ id: string; quantity: number }>,
  locationId: string,
) {
  const before = await api.get(`/admin/orders/${orderId}?fields=id,*fulfillments`, admin)
  const known = new Set((before.data.order.fulfillments ?? []).map((f: { id: string }) => f.id))
  const created = await api.post(
    `/admin/orders/${orderId}/fulfillments?fields=id,*fulfillments`,
    { items, location_id: locationId },
    admin,
  )
  const fulfillment = created.data.order.fulfillments.find((f: { id: string }) => !known.has(f.id))
  await api.post(`/admin/orders/${orderId}/fulfillments/${fulfillment.id}/shipments`, { items }, admin)
  return fulfillment.id as string
}
