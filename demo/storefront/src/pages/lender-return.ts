// The shopper is back from a lender's hosted page: the module finds out what happened (it never
// trusts the query string: the backend's return route verified it, and the cart/order say the rest).
import type { HttpTypes } from "@medusajs/types"
import { CART_QUERY, cartStore, errorMessage } from "../api"
import { h, render } from "../dom"
import type { JourneyResult, LenderCheckoutModule } from "../lenders/types"
import type { Shop } from "../shop"
import { applyJourneyResult, checkoutContext } from "./checkout-context"

export async function renderLenderReturn(
  shop: Shop,
  page: HTMLElement,
  module: LenderCheckoutModule,
  url: URL,
): Promise<void> {
  const alert = h("div", { class: "alert", role: "status", hidden: true, testid: "checkout-alert" })
  const mount = h("div", { class: "journey", testid: "payment-journey" })
  render(
    page,
    h(
      "section",
      { class: "lender-return", testid: "lender-return" },
      h("h1", null, module.title),
      h("p", { class: "muted" }, "Finishing your payment…"),
      alert,
      mount,
    ),
  )

  const cartId = url.searchParams.get("cart_id") ?? cartStore.get()
  let cart: HttpTypes.StoreCart | null = null
  if (cartId)
    cart = await shop.sdk.store.cart.retrieve(cartId, CART_QUERY).then(
      (r) => r.cart,
      () => null,
    )
  if (!cart) {
    const orderId = url.searchParams.get("order_id")
    if (orderId) return applyJourneyResult(shop, "", { kind: "order", orderId }, { replace: true })
    render(
      page,
      h(
        "p",
        { class: "alert", "data-tone": "error", testid: "checkout-alert" },
        "We could not find your cart after the lender sent you back. ",
        h("a", { href: "/", "data-link": true }, "Back to the shop"),
      ),
    )
    return
  }
  const ctx = checkoutContext(shop, cart, mount, (message, tone = "info") => {
    alert.textContent = message
    alert.dataset.tone = tone
    alert.hidden = !message
  })
  let result: JourneyResult
  try {
    result = module.resume
      ? await module.resume(ctx, url)
      : { kind: "failed", message: `${module.title} did not confirm the payment.` }
  } catch (error) {
    result = { kind: "failed", message: `${module.title}: ${errorMessage(error)}` }
  }
  if (result.kind !== "redirecting") applyJourneyResult(shop, cart.id, result, { replace: true })
}
