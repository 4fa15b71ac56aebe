// One store-API checkout per lender against an installed store running in its own process (any
// base URL), with the journeys the HTTP tests script — the same helpers, over axios — and the
// admin's capture and refund afterwards. Each returns what the spec asserts on.
import type { AxiosInstance } from "axios"
import type { SeededStore } from "../../demo/seed-store"
import type { SandboxHandle } from "../../packages/sandbox/src"
import { flexStore, fulfillAndShip, newShopperReady, signModal } from "../flexshopper/helpers"
import { checkoutWithNewDay } from "../newday/shopper"
import { followReturn, shopperOnHostedPage, startPaymentAssist } from "../payment-assist/checkout"
import { cartReadyForPayment, completeCart, startPaymentSession } from "../utils/store-api"
import { waitFor } from "../utils/wait"
import { payOnHostedPage } from "../vault/helpers"

export interface InstalledShop {
  api: AxiosInstance
  admin: { headers: Record<string, string> }
  store: SeededStore
  sandbox: SandboxHandle
}

export interface OrderPayment {
  id: string
  provider_id: string
  amount: number
  data: Record<string, any>
  captured_at: string | null
  captures: Array<{ amount: number }>
  refunds: Array<{ amount: number }>
}

export async function orderPayment(shop: InstalledShop, orderId: string): Promise<OrderPayment> {
  const fields =
    "id,*payment_collections,*payment_collections.payments,*payment_collections.payments.captures,*payment_collections.payments.refunds"
  const { data } = await shop.api.get(`/admin/orders/${orderId}?fields=${fields}`, shop.admin)
  const payment = data.order.payment_collections?.[0]?.payments?.[0]
  if (!payment) throw new Error(`order ${orderId} has no payment`)
  return payment
}

export async function capture(shop: InstalledShop, paymentId: string) {
  return shop.api.post(`/admin/payments/${paymentId}/capture`, {}, shop.admin)
}

export async function refund(shop: InstalledShop, paymentId: string, amount: number) {
  return shop.api.post(`/admin/payments/${paymentId}/refund`, { amount }, shop.admin)
}

/** Payment Assist: plugin session route → hosted page → signed return, which places the order. */
export async function payWithPaymentAssist(shop: InstalledShop) {
  const cart = await cartReadyForPayment(shop.api, shop.store, "uk")
  const started = await startPaymentAssist(shop.api, shop.store, cart.id)
  const storefront = await followReturn(shop.api, await shopperOnHostedPage(started.redirect_url))
  await shop.sandbox.webhooks.idle()
  const completed = await completeCart(shop.api, shop.store, cart.id) // finds the order the return placed
  return {
    cart,
    token: started.payment_session.data.token as string,
    orderId: storefront.searchParams.get("order_id"),
    completed,
  }
}

/** NewDay: sign-in widget → spend option → payment session → cart completion. */
export async function payWithNewDay(shop: InstalledShop) {
  // Two lamps: small enough for NewDay's SCA exemption, so no SCA widget in between.
  const cart = await cartReadyForPayment(shop.api, shop.store, "uk", { sku: "LAMP-BRASS", quantity: 2 })
  await checkoutWithNewDay(shop.api, shop.store, cart.id, "approve@newpay.test")
  const completed = await completeCart(shop.api, shop.store, cart.id)
  return { cart, orderId: completed.order?.id as string | undefined, completed }
}

/** Vault: payment session with a hosted card page → approve → the return places the order. */
export async function payWithVault(shop: InstalledShop) {
  const cart = await cartReadyForPayment(shop.api, shop.store, "uk")
  const collection = await startPaymentSession(shop.api, shop.store, cart.id, "pp_vault_vault")
  const { storefront } = await payOnHostedPage(collection.payment_sessions[0].data.checkout_url, "approve")
  await shop.sandbox.webhooks.idle()
  return { cart, orderId: storefront.searchParams.get("order_id") }
}

/** FlexShopper: account → prequalification → KBA → lease signed in the modal → cart completion. */
export async function payWithFlexShopper(shop: InstalledShop) {
  const flex = flexStore(shop.api, shop.store)
  const cart = await cartReadyForPayment(shop.api, shop.store, "us", { email: `packaging.${Date.now()}@example.com` })
  await newShopperReady(flex, cart.id, "666107001")
  const session = await flex.post("/session", { cart_id: cart.id })
  if (session.status !== 200) throw new Error(`FlexShopper session: ${session.status} ${JSON.stringify(session.data)}`)
  const { transactionId } = await signModal(shop.sandbox, session.data)
  const completed = await flex.post("/complete", { cart_id: cart.id })
  return {
    cart,
    transactionId: transactionId as string,
    orderId: completed.data.order?.id as string | undefined,
    completed: completed.data,
  }
}

/**
 * FlexShopper is paid as goods ship: the admin's fulfilment (shipped, then delivered) is what
 * captures. Returns once FlexShopper confirmed the shipment (shipped goods get no receipt: seed
 * 002 keeps Confirm Receipt for in-store purchases) and the payment is captured.
 */
export async function shipAndDeliverEverything(shop: InstalledShop, orderId: string, transactionId: string) {
  const { data } = await shop.api.get(`/admin/orders/${orderId}?fields=id,*items`, shop.admin)
  const items = data.order.items.map((i: { id: string; quantity: number }) => ({ id: i.id, quantity: i.quantity }))
  const fulfillmentId = await fulfillAndShip(shop.api, shop.admin, orderId, items, "1Z-PACKAGING")
  await shop.api.post(`/admin/orders/${orderId}/fulfillments/${fulfillmentId}/mark-as-delivered`, {}, shop.admin)
  const ledger = () => shop.sandbox.ledger("flexshopper")
  await waitFor(
    "FlexShopper's shipment confirmation",
    async () => ledger().list({ type: "shipment.confirmed", ref: transactionId }).length === 1,
    60_000,
  )
  return waitFor(
    "the captured FlexShopper payment",
    async () => {
      const payment = await orderPayment(shop, orderId)
      return payment.captured_at ? payment : undefined
    },
    60_000,
  )
}
