// Builds the CheckoutContext a lender module works with, and applies a JourneyResult the same way
// wherever it comes from (the payment step's Continue or a lender's return path).
import type { HttpTypes } from "@medusajs/types"
import { CART_QUERY, cartStore } from "../api"
import type { CheckoutContext, JourneyResult } from "../lenders/types"
import type { Shop } from "../shop"

export function checkoutContext(
  shop: Shop,
  cart: HttpTypes.StoreCart,
  mount: HTMLElement,
  notify: CheckoutContext["notify"],
): CheckoutContext {
  const ctx: CheckoutContext = {
    sdk: shop.sdk,
    backendUrl: shop.config.backendUrl,
    publishableKey: shop.config.publishableKey,
    storefrontUrl: location.origin,
    cart,
    async refreshCart() {
      const { cart: fresh } = await shop.sdk.store.cart.retrieve(ctx.cart.id, CART_QUERY)
      ctx.cart = fresh
      return fresh
    },
    mount,
    notify,
  }
  return ctx
}

/** Order → confirmation page; failure → back to the payment step with the message. */
export function applyJourneyResult(shop: Shop, cartId: string, result: JourneyResult, { replace = false } = {}): void {
  if (result.kind === "order") {
    if (cartStore.get() === cartId) cartStore.clear()
    shop.navigate(`/order/${encodeURIComponent(result.orderId)}`, { replace })
  } else if (result.kind === "failed") {
    // The cart stays: the shopper picks another way to pay on the same cart.
    if (!cartStore.get()) cartStore.set(cartId)
    shop.navigate("/checkout?step=payment", {
      replace,
      flash: result.message ? { message: result.message, tone: "error" } : undefined,
    })
  }
}
