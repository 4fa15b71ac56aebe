// Payment Assist's representative example: the account's plans the owner offers, each quoted by
// POST /plan for the amount; the plan with the lowest monthly repayment is the example ("From £X a
// month" names it). A deposit plan takes its first scheduled payment today; the rest are the monthly
// repayments. Payment Assist's plan object carries only `apr`: the rate of interest shown is the same
// figure, fixed (README, assumptions) — exact for the interest-free plans every account has.
import type { Plan, PlanQuote } from "../../lenders/payment-assist/types"
import { lowestMonthly, percentText, soundOrNull, type RepresentativeFigures } from "../../provider-kit/promotion"
import type { LenderPromotion } from "../../provider-kit/lender-definition"
import { paymentAssistQuotesFor, type PaymentAssistOptions } from "./options"

export function planFigures(plan: Plan, quote: PlanQuote, amountPence: number): RepresentativeFigures | null {
  const apr = percentText(plan.apr)
  if (plan.frequency !== "monthly" || apr === null || !quote.schedule.length) return null
  const amounts = quote.schedule.map((payment) => payment.amount)
  const deposit = plan.deposit ? amounts[0] : 0
  const repayments = plan.deposit ? amounts.slice(1) : amounts
  // A single payment is not credit: nothing to promote.
  if (!repayments.length) return null
  return soundOrNull({
    currency: "gbp",
    cash_price: amountPence,
    deposit,
    credit_amount: amountPence - deposit,
    instalments: repayments.length,
    instalment: repayments[0],
    duration_months: repayments.length,
    total_payable: quote.repayable,
    interest: quote.interest,
    apr,
    interest_rate: apr,
  })
}

export const paymentAssistPromotion: LenderPromotion<PaymentAssistOptions> = {
  creditor: "Payment Assist Ltd",
  aprFromSettings: false,
  choosesPlans: true,
  // One plan offered: /begin names it. Several: the shopper picks on Payment Assist's page, which
  // lists the account's plans (/begin takes one plan_id or multi_plan, not a list — README).
  planChoices: async (options) =>
    (await paymentAssistQuotesFor(options).account()).plans.map((plan) => ({
      id: plan.plan_id,
      name: plan.name,
      apr: percentText(plan.apr) ?? plan.apr,
    })),
  applyPlans: (options, plans) =>
    plans.length === 1 && !(options as PaymentAssistOptions).planId ? { ...options, planId: plans[0] } : options,
  async figures(options, { amount, currency, plans }) {
    if (currency !== "gbp" || amount <= 0) return null
    const quoted = await paymentAssistQuotesFor(options).options(amount, options.planId)
    return lowestMonthly(
      quoted
        .filter((option) => option.eligible && option.quote && (!plans || plans.includes(option.plan.plan_id)))
        .map((option) => planFigures(option.plan, option.quote!, amount)),
    )
  },
}
