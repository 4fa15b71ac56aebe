// FlexShopper (US lease-to-own) in the demo storefront: eligibility under the payment option,
// then the waterfall application the README's "Storefront integration" lists — account lookup
// or creation, prequalification, identity questions — and the lease signature in FlexShopper's
// modal, completed through POST /store/financing/flexshopper/complete (Medusa's own complete
// route refuses FlexShopper). Every screen offers "choose another way to pay".
import { el } from "../dom"
import { errorText, flexShopperApi, type FlexCustomer } from "./flexshopper-api"
import { signScreen } from "./flexshopper-modal"
import { accountScreen, applicationScreen, quizScreen } from "./flexshopper-screens"
import { dollars, LeaveJourney } from "./flexshopper-view"
import type { CheckoutContext, JourneyResult, LenderCheckoutModule } from "./types"

const failed = (message: string): JourneyResult => ({ kind: "failed", message })

function declined(customer: FlexCustomer): string {
  if (customer.spending_hold)
    return "Your FlexShopper account is on a spending hold, so it can't be used for this order. Choose another way to pay."
  if (customer.verification_status === "failed")
    return "FlexShopper could not confirm your identity, so it can't offer you a lease. Choose another way to pay."
  return "FlexShopper declined your lease application. Choose another way to pay."
}

async function journey(ctx: CheckoutContext): Promise<JourneyResult> {
  const api = flexShopperApi(ctx.sdk, ctx.cart.id)
  const options = await api.options()
  if (!options.available)
    return failed(
      `${options.reasons.map((r) => r.message).join(" ") || "FlexShopper can't lease this cart."} Choose another way to pay.`,
    )

  let customer = await accountScreen(ctx, api)
  // Bounded: each pass moves the shopper one step on, as FlexShopper reports it.
  for (let pass = 0; pass < 8; pass++) {
    switch (customer.next_step) {
      case "create_account":
        customer = await accountScreen(ctx, api)
        break
      case "prequalification":
        customer = await applicationScreen(ctx, api, customer)
        break
      case "verification":
        customer = await quizScreen(ctx, api)
        break
      case "session":
      case "sign_in":
        return signScreen(ctx, api, customer)
      case "wait":
        return failed(
          "FlexShopper is still reviewing your application, so it can't be used for this order yet. Choose another way to pay.",
        )
      case "declined":
        return failed(declined(customer))
    }
  }
  return failed("FlexShopper could not finish the application. Choose another way to pay.")
}

const flexshopper: LenderCheckoutModule = {
  providerId: "pp_flexshopper_flexshopper",
  title: "Lease to own with FlexShopper",

  async renderOffer(target: HTMLElement, ctx: CheckoutContext) {
    try {
      const options = await flexShopperApi(ctx.sdk, ctx.cart.id).options()
      if (!options.available) {
        target.replaceChildren(
          el(
            "span",
            { class: "lender-offer lender-offer-unavailable", "data-testid": "flexshopper-offer-unavailable" },
            options.reasons.map((r) => r.message).join(" "),
          ),
        )
        return
      }
      const minimum = options.minimum_order_value ? ` Orders from ${dollars(Number(options.minimum_order_value))}.` : ""
      target.replaceChildren(
        el(
          "span",
          { class: "lender-offer", "data-testid": "flexshopper-offer" },
          el("strong", {}, "Lease to own — no credit needed."),
          ` Apply in minutes and get a decision at once; FlexShopper shows your weekly payments for this ${dollars(Number(options.cart_total))} order before you sign.${minimum}`,
        ),
      )
    } catch {
      target.replaceChildren(el("span", { class: "lender-offer" }, "Lease to own with FlexShopper (US orders)."))
    }
  },

  async start(ctx: CheckoutContext) {
    try {
      return await journey(ctx)
    } catch (error) {
      if (error instanceof LeaveJourney) return error.result
      return failed(`${errorText(error, "FlexShopper is not available right now.")} Choose another way to pay.`)
    }
  },
}

export default flexshopper
