// Payment Assist (UK, interest-free instalments) through the plugin's store routes:
//   offer:   GET  /store/financing/payment-assist/plans?cart_id=   (plans + instalment schedule)
//   start:   POST /store/financing/payment-assist/preapproval { cart_id }   (optional soft check)
//            POST /store/financing/payment-assist/sessions    { cart_id }   → redirect_url
//   return:  /checkout/payment-assist/success?cart_id=&order_id=  or  /failure?reason=&cart_id=
// The applicant and amount are read from the cart on the server; the browser sends only the cart id.
import type Medusa from "@medusajs/js-sdk"
import { completeCart, errorMessage } from "../api"
import { h, render } from "../dom"
import { formatDecimal } from "../money"
import type { CheckoutContext, JourneyResult, LenderCheckoutModule } from "./types"

const PROVIDER_ID = "pp_payment-assist_payment-assist"
const BASE = "/store/financing/payment-assist"
const ANOTHER_WAY = "Please choose another way to pay."

interface Plan {
  plan_id: number
  name: string
  instalments: number
  eligible: boolean
  reason: { code: string; limit: string | null; message: string } | null
  schedule?: Array<{ date: string; amount: string }>
  headline?: string
}

interface PlansAnswer {
  currency_code: string
  amount: string
  from_monthly: string | null
  plans: Plan[]
}

const plansFor = (sdk: Medusa, query: Record<string, string>) =>
  sdk.client.fetch<PlansAnswer>(`${BASE}/plans`, { query })

const FAILURE_MESSAGES: Record<string, string> = {
  declined: "Payment Assist did not approve the application, or it was cancelled. Nothing has been charged.",
  expired: "Your Payment Assist application expired before it was finished. Nothing has been charged.",
  not_completed: "The Payment Assist application was not finished. Nothing has been charged.",
  invalid_signature: "We could not verify Payment Assist's answer, so nothing was changed.",
  unknown_application: "We could not match Payment Assist's answer to your checkout, so nothing was changed.",
  processing_error: "Something went wrong while confirming your Payment Assist application.",
}

export function failureMessage(reason: string | null): string {
  return `${FAILURE_MESSAGES[reason ?? ""] ?? "Payment Assist did not confirm the payment."} ${ANOTHER_WAY}`
}

const paymentAssist: LenderCheckoutModule = {
  providerId: PROVIDER_ID,
  title: "Spread the cost with Payment Assist",
  returnPaths: ["/checkout/payment-assist"],

  async renderOffer(el: HTMLElement, ctx: CheckoutContext): Promise<void> {
    try {
      const answer = await plansFor(ctx.sdk, { cart_id: ctx.cart.id })
      const eligible = answer.plans.filter((p) => p.eligible)
      if (!eligible.length) {
        const reason = answer.plans.find((p) => p.reason)?.reason?.message
        render(
          el,
          h(
            "p",
            { class: "muted", testid: "payment-assist-unavailable" },
            `Not available for this order${reason ? ` (${reason})` : ""}.`,
          ),
        )
        return
      }
      const first = eligible[0]
      render(
        el,
        h("p", null, "Interest-free instalments. Pay a deposit today, the rest monthly."),
        h(
          "ul",
          { class: "plans" },
          eligible.map((plan) =>
            h(
              "li",
              { testid: "payment-assist-plan", "data-plan-id": String(plan.plan_id) },
              h("strong", null, plan.name),
              ": ",
              plan.headline ?? "",
            ),
          ),
        ),
        first.schedule?.length
          ? h(
              "details",
              { class: "schedule" },
              h("summary", null, `${first.name} schedule`),
              h(
                "ol",
                { testid: "payment-assist-schedule" },
                first.schedule.map((s) => h("li", null, `${s.date}: ${formatDecimal(s.amount, answer.currency_code)}`)),
              ),
            )
          : null,
      )
    } catch {
      render(el, h("p", { class: "muted" }, "Spread the cost in interest-free instalments."))
    }
  },

  async start(ctx: CheckoutContext): Promise<JourneyResult> {
    const status = h(
      "p",
      { class: "muted", testid: "payment-assist-status" },
      "Checking your eligibility with Payment Assist…",
    )
    render(ctx.mount, status)
    try {
      const check = await ctx.sdk.client.fetch<{ approved: boolean; message: string }>(`${BASE}/preapproval`, {
        method: "POST",
        body: { cart_id: ctx.cart.id },
      })
      if (!check.approved)
        return { kind: "failed", message: `Payment Assist cannot offer finance for this order. ${ANOTHER_WAY}` }
    } catch (error) {
      // The plugin refuses (400) once a shopper was declined: its message says so.
      return { kind: "failed", message: `${errorMessage(error)}` }
    }
    status.textContent = "Taking you to Payment Assist to complete your application…"
    let redirectUrl: string | undefined
    try {
      const started = await ctx.sdk.client.fetch<{ redirect_url?: string }>(`${BASE}/sessions`, {
        method: "POST",
        body: { cart_id: ctx.cart.id },
      })
      redirectUrl = started.redirect_url
    } catch (error) {
      return {
        kind: "failed",
        message: `Payment Assist could not start an application: ${errorMessage(error)} ${ANOTHER_WAY}`,
      }
    }
    if (!redirectUrl || !/^https?:\/\//.test(redirectUrl))
      return { kind: "failed", message: `Payment Assist did not return an application page. ${ANOTHER_WAY}` }
    location.assign(redirectUrl)
    return { kind: "redirecting" }
  },

  async resume(ctx: CheckoutContext, url: URL): Promise<JourneyResult> {
    if (!url.pathname.endsWith("/success"))
      return { kind: "failed", message: failureMessage(url.searchParams.get("reason")) }
    // The return route verified the application and usually completed the cart already; completing
    // again is safe (Medusa answers with the existing order) and covers a completion still in flight.
    const orderId = url.searchParams.get("order_id")
    if (orderId) return { kind: "order", orderId }
    ctx.notify("Payment Assist approved your application. Placing your order…", "info")
    const completed = await completeCart(ctx.sdk, ctx.cart.id)
    if ("orderId" in completed) return { kind: "order", orderId: completed.orderId }
    return {
      kind: "failed",
      message: `Payment Assist approved the application, but the order could not be placed: ${completed.error}`,
    }
  },
}

export default paymentAssist
