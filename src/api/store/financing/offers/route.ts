// GET /store/financing/offers?cart_id=…  or  ?amount=…&currency_code=…[&country_code=…]
// → { offers: [{ lender, provider_id, name, description }], not_offered: [{ lender, provider_id, reason, message }] }
// The lenders this shopper may choose, in the owner's order, by the same rules every provider's
// initiatePayment applies (src/provider-kit/offer-rules.ts). For a cart: its total, currency,
// shipping (else billing) country and region, less any lender that declined it or whose application
// was left unfinished (src/provider-kit/turned-away.ts); for a product page: the amount given.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { parseMajorUnitString, toMinorUnits } from "../../../../lenders/money"
import { loadFinancingCart } from "../../../../provider-kit/cart"
import type { OfferFacts } from "../../../../provider-kit/offer-rules"
import { financingOffers } from "../../../../workflows/offers"
import type { OffersQueryType } from "../../../middlewares/offers"
import { shopperRoute } from "../shopper-route"

async function handleGet(req: MedusaRequest, res: MedusaResponse) {
  const query = req.validatedQuery as OffersQueryType
  if (!query.cart_id) {
    const currency = query.currency_code!
    let amount: number
    try {
      amount = parseMajorUnitString(query.amount!, currency)
    } catch {
      // More decimals than the currency has (e.g. 1.5 JPY): a 400, never a 500.
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Financing offers: amount has more decimals than ${currency.toUpperCase()} allows.`,
      )
    }
    const facts: OfferFacts = { amount, currency, country: query.country_code }
    res.json(await financingOffers(req.scope, facts))
    return
  }
  const customerId = (req as MedusaRequest & { auth_context?: { actor_id?: string } }).auth_context?.actor_id
  const cart = await loadFinancingCart(req.scope, query.cart_id, { customerId })
  const facts: OfferFacts = {
    amount: toMinorUnits(cart.total as string, cart.currency_code),
    currency: cart.currency_code,
    country: cart.shipping_address?.country_code ?? cart.billing_address?.country_code ?? null,
  }
  const { data: regions } = await req.scope.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "region",
    fields: ["id", "payment_providers.id"],
    filters: { id: cart.region_id ?? "" },
  })
  const regionProviderIds = ((regions[0]?.payment_providers ?? []) as Array<{ id: string } | null>).flatMap((p) =>
    p ? [p.id] : [],
  )
  res.json({ cart_id: cart.id, ...(await financingOffers(req.scope, facts, { regionProviderIds, cartId: cart.id })) })
}

export const GET = shopperRoute(handleGet)
