// NewDay spend options as the storefront gets them: snake_case, amounts as "45.96" strings,
// and the cheapest monthly payment for "from £X a month" messaging.
import { fromMinorUnits, parseMajorUnitString } from "../../lenders/money"
import { fromNewDayMoney } from "../../lenders/newday/money"
import type { SpendOption, SpendOptionsResponse } from "../../lenders/newday/types"
import type { NewDaySpendOptionSummary } from "./payment-data"

export interface StoreSpendOption {
  spend_option_id?: string
  offer_id?: string
  name: string
  description?: string
  spend_type: string
  offer_source?: string
  interest_rate: number
  duration?: number
  monthly_payment?: string
  interest_to_pay?: string
  total_repayable?: string
  end_date?: string
}

function amount(money: unknown, field: string): string | undefined {
  try {
    return fromMinorUnits(fromNewDayMoney(money, field), "gbp")
  } catch {
    return undefined // an odd illustration is left out rather than failing the whole list
  }
}

export function toStoreSpendOption(option: SpendOption): StoreSpendOption {
  const view: StoreSpendOption = {
    spend_option_id: option.spendOptionId,
    offer_id: option.offerId,
    name: option.name,
    description: option.description,
    spend_type: option.spendType,
    offer_source: option.offerSource,
    interest_rate: option.interestRate,
    duration: option.duration,
    monthly_payment: option.illustration ? amount(option.illustration.monthlyPayment, "monthlyPayment") : undefined,
    interest_to_pay: option.illustration ? amount(option.illustration.interestToPay, "interestToPay") : undefined,
    total_repayable: option.illustration ? amount(option.illustration.totalRepayable, "totalRepayable") : undefined,
    end_date: option.endDate,
  }
  for (const key of Object.keys(view) as Array<keyof StoreSpendOption>) if (view[key] === undefined) delete view[key]
  return view
}

export function toStoreSpendOptions(response: SpendOptionsResponse) {
  const options = response.options.filter((o) => !o.offerStatus || o.offerStatus === "Active").map(toStoreSpendOption)
  const cheapest = options
    .filter((o) => o.monthly_payment !== undefined)
    .sort(
      (a, b) => parseMajorUnitString(a.monthly_payment!, "gbp") - parseMajorUnitString(b.monthly_payment!, "gbp"),
    )[0]
  return {
    options,
    from_monthly_payment: cheapest?.monthly_payment ?? null,
    from_duration: cheapest?.duration ?? null,
  }
}

/** What the payment session shows about the chosen option (no NewDay internals). */
export function spendOptionSummary(option: StoreSpendOption): NewDaySpendOptionSummary {
  return {
    name: option.name,
    spend_type: option.spend_type,
    duration: option.duration,
    interest_rate: option.interest_rate,
    monthly_payment: option.monthly_payment,
    total_repayable: option.total_repayable,
  }
}

/** How a session on revolving credit (no spend option: NewDay's default) names itself — our label, NewDay sends none. */
export const REVOLVING_CREDIT: NewDaySpendOptionSummary = { name: "NewPay revolving credit" }
