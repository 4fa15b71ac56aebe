// GET /store/financing/payment-assist/plans?amount=450.00   (or ?cart_id=…; optional &plan_id=)
//   → { currency_code, amount, from_monthly, plans: [{ plan_id, name, eligible, reason,
//        schedule: [{ date, amount }], headline: "4 payments of £112.50", … }] }
// Quotes for product and cart pages. Amounts are pounds as exact decimal text. Cached (see
// PaymentAssistQuotes), so it is safe to call on every product view.
import type { MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { toMedusaError } from "../../../../../provider-kit/medusa-error"
import { fromMinorUnits, toMinorUnits } from "../../../../../lenders/money"
import type { PlanOption } from "../../../../../lenders/payment-assist/quotes"
import { loadFinancingCart } from "../../../../../provider-kit/cart"
import { loadEffectiveSettings } from "../../../../../workflows/settings/lender-settings"
import {
  PAYMENT_ASSIST,
  PAYMENT_ASSIST_NAME,
  paymentAssistOptions,
  paymentAssistQuotesFor,
} from "../../../../../workflows/payment-assist/context"
import { requireGbpCart } from "../cart-applicant"
import type { PaymentAssistPlansQueryType } from "../validators"
import { shopperRoute } from "../../shopper-route"

const pounds = (pence: number) => fromMinorUnits(pence, "gbp")

async function handleGet(req: MedusaStoreRequest<unknown, PaymentAssistPlansQueryType>, res: MedusaResponse) {
  const options = await paymentAssistOptions(req.scope)
  const query = req.validatedQuery as PaymentAssistPlansQueryType
  let amountPence: number
  if (query.cart_id) {
    const cart = await loadFinancingCart(req.scope, query.cart_id, { customerId: req.auth_context?.actor_id })
    requireGbpCart(cart)
    amountPence = toMinorUnits(cart.total as never, "gbp")
  } else {
    amountPence = toMinorUnits(query.amount!, "gbp")
  }
  if (amountPence <= 0)
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "Payment Assist quotes need an amount greater than £0.00.")

  let plans: PlanOption[]
  try {
    plans = await paymentAssistQuotesFor(options).options(amountPence, query.plan_id ?? options.planId)
  } catch (error) {
    throw toMedusaError(error, { lenderName: PAYMENT_ASSIST_NAME, operation: "plan" })
  }
  // Only the plans the owner offers (Settings → Financing).
  const offered = (await loadEffectiveSettings(req.scope)).find((s) => s.lender === PAYMENT_ASSIST)?.plans
  if (offered) plans = plans.filter((option) => offered.includes(option.plan.plan_id))
  const shaped = plans.map(describePlan)
  const monthly = shaped.filter((p) => p.eligible).map((p) => p.monthly_pence as number)
  res.json({
    currency_code: "gbp",
    amount: pounds(amountPence),
    from_monthly: monthly.length ? pounds(Math.min(...monthly)) : null,
    plans: shaped.map(({ monthly_pence, ...plan }) => plan),
  })
}

function describePlan({ plan, eligible, reason, quote }: PlanOption) {
  const common = {
    plan_id: plan.plan_id,
    name: plan.name,
    instalments: plan.instalments,
    deposit: plan.deposit,
    apr: plan.apr,
    eligible,
  }
  if (!eligible || !quote) {
    const limit = reason ? pounds(reason.limit) : null
    const text =
      reason?.code === "above_maximum"
        ? `Available up to £${limit}`
        : reason
          ? `Available from £${limit}`
          : "Not available"
    return { ...common, reason: reason ? { code: reason.code, limit, message: text } : null, monthly_pence: undefined }
  }
  const schedule = quote.schedule.map((s) => ({ date: s.date, amount: pounds(s.amount) }))
  const amounts = quote.schedule.map((s) => s.amount)
  const rest = amounts.length > 1 ? amounts[amounts.length - 1] : amounts[0]
  const headline = amounts.every((a) => a === amounts[0])
    ? `${amounts.length} payment${amounts.length === 1 ? "" : "s"} of £${pounds(amounts[0])}`
    : `£${pounds(amounts[0])} today, then ${amounts.length - 1} monthly payments of £${pounds(rest)}`
  return {
    ...common,
    reason: null,
    interest: pounds(quote.interest),
    repayable: pounds(quote.repayable),
    schedule,
    headline,
    summary: quote.summary ?? null,
    monthly_pence: rest,
  }
}

export const GET = shopperRoute(handleGet)
