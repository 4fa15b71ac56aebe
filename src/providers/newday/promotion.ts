// NewDay NewPay's representative example: SpendOptionsForProduct for the amount (cached), the active
// instalment option with the lowest monthly payment, its illustration as NewDay gives it. NewDay's
// spend options carry a rate of interest but no APR, so no figure is promoted until the owner enters
// the representative APR of their NewPay agreement in Settings → Financing.
import { TtlCache } from "../../lenders/ttl-cache"
import { fromNewDayMoney } from "../../lenders/newday/money"
import type { SpendOption } from "../../lenders/newday/types"
import { cachedClient } from "../../provider-kit/client-cache"
import type { LenderPromotion } from "../../provider-kit/lender-definition"
import {
  fractionAsPercentText,
  lowestMonthly,
  soundOrNull,
  type RepresentativeFigures,
} from "../../provider-kit/promotion"
import { newDayClientFor, type NewDayProviderOptions } from "./options"

const QUOTE_TTL_MS = 10 * 60 * 1000

export function spendOptionFigures(
  option: SpendOption,
  amountPence: number,
  representativeApr: string,
): RepresentativeFigures | null {
  const rate = fractionAsPercentText(option.interestRate)
  const months = option.duration
  if (!option.illustration || rate === null || !months || (option.offerStatus && option.offerStatus !== "Active"))
    return null
  try {
    return soundOrNull({
      currency: "gbp",
      cash_price: amountPence,
      deposit: 0,
      credit_amount: amountPence,
      instalments: months,
      instalment: fromNewDayMoney(option.illustration.monthlyPayment, "monthlyPayment"),
      duration_months: months,
      total_payable: fromNewDayMoney(option.illustration.totalRepayable, "totalRepayable"),
      interest: fromNewDayMoney(option.illustration.interestToPay, "interestToPay"),
      apr: representativeApr,
      interest_rate: rate,
    })
  } catch {
    return null // an illustration NewDay did not fill in soundly is not promoted
  }
}

export const newDayPromotion: LenderPromotion<NewDayProviderOptions> = {
  creditor: "NewDay Ltd",
  aprFromSettings: true,
  choosesPlans: false,
  async figures(options, { amount, currency, representativeApr, logger }) {
    if (currency !== "gbp" || amount <= 0 || !representativeApr) return null
    const quotes = cachedClient(options, "newday-quotes", () => new TtlCache(QUOTE_TTL_MS))
    const answer = await quotes.get(`product:${amount}`, () =>
      newDayClientFor(options, logger).spendOptionsForProduct({ basketAmountMinor: amount }),
    )
    return lowestMonthly(answer.options.map((option) => spendOptionFigures(option, amount, representativeApr)))
  },
}
