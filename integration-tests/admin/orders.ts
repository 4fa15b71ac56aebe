// Orders paid through each lender, placed by real checkouts against the sandbox: used by the
// admin HTTP spec (Medusa's test api client) and the admin browser spec (fetchApi over HTTP).
import type { SeededStore } from "../../demo/seed-store"
import type { SandboxHandle } from "../../packages/sandbox/src"
import { flexStore, newShopperReady, signModal } from "../flexshopper/helpers"
import { checkoutWithNewDay } from "../newday/shopper"
import { followReturn, shopperOnHostedPage, startPaymentAssist } from "../payment-assist/checkout"
import { payOnHostedPage } from "../vault/helpers"
import { cartReadyForPayment, completeCart, startPaymentSession, type ApiClient } from "../utils/store-api"

export interface PlacedOrder {
  orderId: string
  /** The lender's main reference (application token, transaction id, authorisation id, Vault payment id). */
  reference: string
}

let ssn = 0
/** SSNs starting 66610 are approved by the FlexShopper sandbox; each shopper needs a new one. */
const freshSsn = () => `66610${String(7000 + (ssn++ % 3000)).padStart(4, "0")}`

async function orderOf(completed: { type?: string; order?: { id: string } }, lender: string): Promise<string> {
  if (completed.type !== "order" || !completed.order)
    throw new Error(`${lender} checkout did not place an order: ${JSON.stringify(completed).slice(0, 400)}`)
  return completed.order.id
}

/** Payment Assist: application on the hosted page, the signed return completes the cart. */
export async function placePaymentAssistOrder(
  api: ApiClient,
  store: SeededStore,
  sandbox: SandboxHandle,
  sku = "TABLE-OAK-NAT",
): Promise<PlacedOrder> {
  const cart = await cartReadyForPayment(api, store, "uk", { sku })
  const started = await startPaymentAssist(api, store, cart.id)
  const storefront = await followReturn(api, await shopperOnHostedPage(started.redirect_url))
  await sandbox.webhooks.idle() // the completed-webhook races the return
  const orderId = storefront.searchParams.get("order_id")
  if (!orderId) throw new Error(`Payment Assist return did not name an order: ${storefront}`)
  return { orderId, reference: started.payment_session.data.token as string }
}

/** FlexShopper: a new approved shopper, prequalified and verified, signs the lease in the modal. */
export async function placeFlexShopperOrder(
  api: ApiClient,
  store: SeededStore,
  sandbox: SandboxHandle,
  sku = "TABLE-OAK-NAT",
): Promise<PlacedOrder> {
  const flex = flexStore(api, store)
  const cart = await cartReadyForPayment(api, store, "us", { sku, email: `admin.${Date.now()}.${ssn}@example.com` })
  await newShopperReady(flex, cart.id, freshSsn())
  const session = await flex.post("/session", { cart_id: cart.id })
  if (session.status !== 200) throw new Error(`FlexShopper session: ${session.status} ${JSON.stringify(session.data)}`)
  const signed = await signModal(sandbox, session.data)
  const completed = await flex.post("/complete", { cart_id: cart.id })
  return { orderId: await orderOf(completed.data, "FlexShopper"), reference: signed.transactionId }
}

/** NewDay: sign-in widget, a personal spend option, an SCA-exempt authorisation. */
export async function placeNewDayOrder(api: ApiClient, store: SeededStore, sku = "LAMP-BRASS"): Promise<PlacedOrder> {
  const cart = await cartReadyForPayment(api, store, "uk", { sku })
  await checkoutWithNewDay(api, store, cart.id, "approve@newpay.test")
  const completed = await completeCart(api, store, cart.id)
  return { orderId: await orderOf(completed, "NewDay"), reference: "" }
}

/** Vault CHECKOUT: the hosted card page approves; the verified return completes the cart. */
export async function placeVaultOrder(
  api: ApiClient,
  store: SeededStore,
  sandbox: SandboxHandle,
): Promise<PlacedOrder> {
  const cart = await cartReadyForPayment(api, store, "uk")
  const collection = await startPaymentSession(api, store, cart.id, "pp_vault_vault")
  const session = collection.payment_sessions[0]
  const { storefront } = await payOnHostedPage(session.data.checkout_url, "approve")
  await sandbox.webhooks.idle()
  const orderId = storefront.searchParams.get("order_id")
  if (!orderId) throw new Error(`Vault return did not name an order: ${storefront}`)
  return { orderId, reference: session.data.payment_id as string }
}
