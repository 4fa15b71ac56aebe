// Finance promotions from the plugin's offers route, for product, cart and payment pages. A figure
// ("From £112.50 a month") always comes with its representative example (FCA CONC 3.5.5R), which
// is shown more prominently than the figure. Asked afresh on each page view: what the owner saves
// in the admin shows on the next one.
import type Medusa from "@medusajs/js-sdk"
import type { FinancingOffers, FinancingPromotion } from "../../../packages/storefront-kit/src/types"
import { decimalText } from "../../../packages/storefront-kit/src/money"
import { h } from "./dom"

type Offer = FinancingOffers["offers"][number]

export { lowestPromotion } from "../../../packages/storefront-kit/src/messaging"

/** The headline and its representative example; `testid` names where on the page it stands. */
export function promotionBlock(promotion: FinancingPromotion, testid: string, lender: string): HTMLElement {
  return h(
    "div",
    { class: "promotion", testid, "data-lender": lender },
    h("p", { class: "promotion-headline muted", testid: `${testid}-headline` }, promotion.headline),
    h("p", { class: "promotion-example", testid: `${testid}-example` }, promotion.representative_example),
  )
}

/** Offers for a price on a product page (one request per distinct price, per page view). */
export function productOffers(
  sdk: Medusa,
  cache: Map<string, Promise<Offer[]>>,
  amount: number,
  currency: string,
  country: string | undefined,
): Promise<Offer[]> {
  const text = decimalText(amount)
  if (!text) return Promise.resolve([])
  const key = `${text}|${currency}|${country ?? ""}`
  if (!cache.has(key)) {
    const query: Record<string, string> = { amount: text, currency_code: currency.toLowerCase() }
    if (country) query.country_code = country.toLowerCase()
    cache.set(
      key,
      sdk.client.fetch<FinancingOffers>("/store/financing/offers", { query }).then(
        (answer) => answer.offers,
        () => [],
      ),
    )
  }
  return cache.get(key)!
}

/** Offers for a cart (its total, country and region, less lenders that turned it away). */
export function cartOffers(sdk: Medusa, cartId: string): Promise<FinancingOffers> {
  return sdk.client.fetch<FinancingOffers>("/store/financing/offers", { query: { cart_id: cartId } })
}
