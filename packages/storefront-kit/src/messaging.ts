// "From £X a month" with its representative example, from the plugin's offers route: the owner's
// lenders for the price, each with its finance promotion where the lender quotes one and the owner
// has messaging on (FCA CONC 3.5: the plugin never gives a repayment figure without its example).
// Never throws: a quote that cannot be had means no message (a product page must not break on it).
import type { FinancingClient, LenderSlug } from "./client"
import type { FinancingOffers, FinancingPromotion } from "./types"

const PRICE = /^\d+(\.\d{1,4})?$/

export interface MonthlyMessage {
  lender: LenderSlug
  /** "From £112.50 a month with Payment Assist". */
  text: string
  /** The representative example, in the store owner's wording: show it more prominently than `text`. */
  representative_example: string
}

/** Whole minor units of a decimal text, compared as integers ("112.50" → 11250). */
const minor = (text: string) => {
  const [whole, fraction = ""] = text.split(".")
  return Number(whole) * 10000 + Number(fraction.padEnd(4, "0").slice(0, 4))
}

type Offer = FinancingOffers["offers"][number]

/** The offer promoting the lowest monthly repayment (the owner's order breaks a tie), or null. */
export function lowestPromotion(offers: Offer[]): (Offer & { promotion: FinancingPromotion }) | null {
  const promoted = offers.filter(
    (offer): offer is Offer & { promotion: FinancingPromotion } => offer.promotion !== null,
  )
  // Array.prototype.sort is stable, so equal figures keep the owner's order.
  return (
    promoted.sort((a, b) => minor(a.promotion.figures.instalment) - minor(b.promotion.figures.instalment))[0] ?? null
  )
}

/**
 * The lowest monthly repayment among the lenders the store offers for a price in major units
 * ("450", "12.50") and currency, optionally for a shipping country; null when none is promoted.
 */
export async function fromMonthly(
  client: FinancingClient,
  amount: string,
  currencyCode: string,
  countryCode?: string,
): Promise<MonthlyMessage | null> {
  if (!PRICE.test(amount) || !/^[a-z]{3}$/i.test(currencyCode)) return null
  const answer = await client
    .offers({
      amount,
      currency_code: currencyCode.toLowerCase(),
      ...(countryCode ? { country_code: countryCode.toLowerCase() } : {}),
    })
    .catch(() => null)
  const lowest = lowestPromotion(answer?.offers ?? [])
  return lowest
    ? {
        lender: lowest.lender as LenderSlug,
        text: lowest.promotion.headline,
        representative_example: lowest.promotion.representative_example,
      }
    : null
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
