// "From £X a month" and the lenders' one-line pitches, from the plugin's quote routes. Never
// throws: a quote that cannot be had means no message (a product page must not break on it).
import type { FinancingClient, LenderSlug } from "./client"
import { formatDecimal } from "./money"

const PRICE = /^\d+(\.\d{1,2})?$/

export interface MonthlyMessage {
  lender: LenderSlug
  text: string
}

/**
 * The lowest monthly payment across Payment Assist (interest-free) and NewDay (credit) for a GBP
 * price in major units ("450", "12.50"). Other currencies: FlexShopper has no pre-lease quote and
 * Vault charges in full, so there is no monthly figure to show.
 */
export async function fromMonthly(
  client: FinancingClient,
  amount: string,
  currencyCode: string,
): Promise<MonthlyMessage | null> {
  if (currencyCode.toLowerCase() !== "gbp" || !PRICE.test(amount)) return null
  const [pa, nd] = await Promise.all([
    client.paymentAssist.plans({ amount }).then(
      (a) => a.from_monthly,
      () => null,
    ),
    client.newday.spendOptions(amount).then(
      (a) => a.from_monthly_payment,
      () => null,
    ),
  ])
  // Interest-free first when it is at least as low; compared in whole pence.
  const pence = (text: string | null) => (text === null ? Infinity : Math.round(Number(text) * 100))
  if (pa !== null && pence(pa) <= pence(nd)) {
    return {
      lender: "payment-assist",
      text: `Or from ${formatDecimal(pa, "gbp")} a month, interest-free, with Payment Assist`,
    }
  }
  if (nd !== null)
    return {
      lender: "newday",
      text: `Or from ${formatDecimal(nd, "gbp")} a month with NewDay NewPay credit. Subject to status.`,
    }
  return null
}

export const LENDER_PITCH: Record<LenderSlug, string> = {
  "payment-assist": "Spread the cost in interest-free instalments.",
  flexshopper: "Lease to own — no credit needed (US orders).",
  newday: "Spread the cost with NewDay NewPay credit (UK). Subject to status.",
  vault: "Pay the full amount by card or from your Vault balance.",
}

/** Titles for the starter's paymentInfoMap (and any payment-method list), by provider id. */
export const FINANCING_PAYMENT_TITLES = {
  "pp_payment-assist_payment-assist": "Spread the cost with Payment Assist",
  pp_flexshopper_flexshopper: "Lease to own with FlexShopper",
  pp_newday_newday: "Pay monthly with NewDay NewPay",
  pp_vault_vault: "Pay with Vault",
} as const
