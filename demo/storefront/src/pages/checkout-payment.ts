// Payment step: the lenders the plugin's offers route allows for this cart that the storefront has a
// module for, each under the name and description the owner chose, with its finance promotion
// (figure and representative example) and the lender's own details; Continue hands over to the
// chosen module's journey.
import type { HttpTypes } from "@medusajs/types"
import { errorMessage } from "../api"
import { h, render } from "../dom"
import type { CheckoutContext, JourneyResult } from "../lenders/types"
import type { Flash, Shop } from "../shop"
import { cartOffers, promotionBlock } from "../promotion"
import { applyJourneyResult, checkoutContext } from "./checkout-context"

export async function renderPaymentStep(
  shop: Shop,
  el: HTMLElement,
  cart: HttpTypes.StoreCart,
  { back, notice }: { back: () => void; notice?: Flash },
): Promise<void> {
  const alert = h("div", { class: "alert", role: "status", hidden: true, testid: "checkout-alert" })
  const notify: CheckoutContext["notify"] = (message, tone = "info") => {
    alert.textContent = message
    alert.dataset.tone = tone
    alert.hidden = !message
  }
  const flash = notice ?? shop.takeFlash()
  if (flash) notify(flash.message, flash.tone)

  render(el, h("h2", null, "Payment"), alert, h("p", { class: "muted" }, "Loading payment options…"))
  // The plugin's offers route: the region's lenders that the owner's settings allow for this cart, in
  // the owner's order, less any lender that declined the cart or whose application was left unfinished.
  const { offers, not_offered } = await cartOffers(shop.sdk, cart.id)
  const offered = offers.flatMap((offer) => {
    const module = shop.modules.find((m) => m.providerId === offer.provider_id)
    return module ? [{ offer, module }] : []
  })
  const modules = offered.map(({ module }) => module)
  // Said to the shopper: which lender is no longer offered for this basket, and why.
  const turnedAway = not_offered
    .filter((entry) => entry.reason === "declined" || entry.reason === "abandoned")
    .map((entry) => h("p", { class: "muted", testid: `payment-withheld-${entry.provider_id}` }, entry.message))

  const mount = h("div", { class: "journey", testid: "payment-journey" })
  const ctx = checkoutContext(shop, cart, mount, notify)
  const continueButton = h(
    "button",
    { type: "submit", class: "primary", testid: "payment-continue", disabled: !modules.length },
    "Continue",
  )
  const backButton = h("button", { type: "button", class: "secondary", onclick: back }, "Back")

  const options = offered.map(({ module, offer: choice }, index) => {
    const offer = h(
      "div",
      { class: "offer", testid: `payment-offer-${module.providerId}` },
      h("span", { class: "muted" }, "Loading…"),
    )
    const radio = h("input", { type: "radio", name: "provider", value: module.providerId, checked: index === 0 })
    void module.renderOffer(offer, ctx).catch(() => {
      offer.textContent = "Details unavailable right now."
    })
    return h(
      "label",
      {
        class: "choice payment-option",
        testid: `payment-option-${module.providerId}`,
        "data-provider": module.providerId,
      },
      radio,
      h(
        "div",
        null,
        h("strong", { testid: `payment-name-${module.providerId}` }, choice.name),
        choice.description
          ? h("p", { class: "muted", testid: `payment-description-${module.providerId}` }, choice.description)
          : null,
        choice.promotion
          ? promotionBlock(choice.promotion, `payment-promotion-${module.providerId}`, choice.lender)
          : null,
        offer,
      ),
    )
  })

  const fieldset = h(
    "fieldset",
    { class: "payment-options" },
    h("legend", null, "Choose how to pay"),
    options.length
      ? options
      : h("p", { testid: "no-payment-options" }, "No payment method is available for this basket."),
    turnedAway,
  )
  const form = h(
    "form",
    { class: "form", testid: "payment-form" },
    fieldset,
    h("div", { class: "actions" }, backButton, continueButton),
  )

  const setBusy = (busy: boolean) => {
    fieldset.disabled = busy
    continueButton.disabled = busy || !modules.length
    backButton.disabled = busy
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault()
    const providerId = form.querySelector<HTMLInputElement>('input[name="provider"]:checked')?.value
    const module = modules.find((m) => m.providerId === providerId)
    if (!module) return notify("Choose a way to pay.", "error")
    notify("")
    setBusy(true)
    let result: JourneyResult
    try {
      await ctx.refreshCart()
      result = await module.start(ctx)
    } catch (error) {
      result = { kind: "failed", message: `${module.title}: ${errorMessage(error)}` }
    }
    if (result.kind === "redirecting") return // the browser is leaving for the lender's page
    if (result.kind === "failed") {
      // Decline fallback: ask the offers again, so a lender that declined drops out and the next is chosen.
      await renderPaymentStep(shop, el, cart, { back, notice: { message: result.message, tone: "error" } })
      return
    }
    applyJourneyResult(shop, cart.id, result)
  })

  render(el, h("h2", null, "Payment"), alert, form, mount)
}
