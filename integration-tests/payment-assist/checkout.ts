// Driving a Payment Assist checkout in HTTP integration tests: the plugin's session route, the
// sandbox's hosted page (played by a scripted shopper), the signed return into Medusa.
import type { MedusaContainer } from "@medusajs/framework/types"
import type { SeededStore } from "../../demo/seed-store"
import { actOnHostedPage, type ShopperChoices } from "../../packages/sandbox/src/payment-assist/shopper"
import { storeHeaders, type ApiClient } from "../utils/store-api"

export const PROVIDER_ID = "pp_payment-assist_payment-assist"
export const noRedirect = { maxRedirects: 0, validateStatus: () => true }

export async function startPaymentAssist(api: ApiClient, store: SeededStore, cartId: string) {
  const { data } = await api.post("/store/financing/payment-assist/sessions", { cart_id: cartId }, storeHeaders(store))
  return data as { payment_session: { id: string; status: string; data: Record<string, any> }; redirect_url: string }
}

/** The shopper acts on the hosted page; returns the signed return URL Payment Assist redirects to. */
export async function shopperOnHostedPage(redirectUrl: string, choices: ShopperChoices = {}) {
  const outcome = await actOnHostedPage(redirectUrl, { cardholderName: "Jane Doe", ...choices })
  if (outcome.status !== 303 || !outcome.location)
    throw new Error(`hosted page answered ${outcome.status}: ${outcome.html.slice(0, 300)}`)
  return new URL(outcome.location)
}

/** The browser following the return URL into Medusa; returns where Medusa sends it next. */
export async function followReturn(api: ApiClient, returnUrl: URL) {
  const response = await api.get(`${returnUrl.pathname}${returnUrl.search}`, noRedirect)
  if (response.status !== 302)
    throw new Error(`return route answered ${response.status}: ${JSON.stringify(response.data)}`)
  return new URL((response as unknown as { headers: Record<string, string> }).headers.location)
}

export async function sessionRow(container: MedusaContainer, sessionId: string) {
  const payments = container.resolve("payment")
  const [session] = await payments.listPaymentSessions(
    { id: sessionId },
    { relations: ["payment", "payment_collection"] },
  )
  return session
}

export async function orderPayment(container: MedusaContainer, orderId: string) {
  const { data } = await container.resolve("query").graph({
    entity: "order",
    fields: [
      "id",
      "display_id",
      "payment_collections.status",
      "payment_collections.payments.*",
      "payment_collections.payments.captures.*",
      "payment_collections.payments.refunds.*",
    ],
    filters: { id: orderId },
  })
  const payment = data[0]?.payment_collections?.[0]?.payments?.[0]
  if (!payment) throw new Error(`order ${orderId} has no payment`)
  return { order: data[0], payment }
}

export { waitFor } from "../utils/wait"

/** Creates a fulfillment for every item of the order; returns its id. */
export async function fulfillOrder(
  api: ApiClient,
  admin: Record<string, unknown>,
  orderId: string,
  locationId: string,
) {
  const { data } = await api.get(`/admin/orders/${orderId}?fields=id,*items,*fulfillments`, admin)
  const items = data.order.items.map((i: { id: string; quantity: number }) => ({ id: i.id, quantity: i.quantity }))
  const known = new Set((data.order.fulfillments ?? []).map((f: { id: string }) => f.id))
  const created = await api.post(
    `/admin/orders/${orderId}/fulfillments?fields=id,*fulfillments`,
    { items, location_id: locationId },
    admin,
  )
  const fulfillment = created.data.order.fulfillments.find((f: { id: string }) => !known.has(f.id))
  return { fulfillmentId: fulfillment.id as string, items }
}

export async function shipFulfillment(
  api: ApiClient,
  admin: Record<string, unknown>,
  orderId: string,
  fulfillmentId: string,
  items: unknown[],
) {
  await api.post(`/admin/orders/${orderId}/fulfillments/${fulfillmentId}/shipments`, { items }, admin)
}
