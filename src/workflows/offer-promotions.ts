// The finance promotion of each offered lender: its quote for the amount turned into a
// representative example in the owner's wording (provider-kit/promotion.ts). A lender the owner
// silenced, one that quotes nothing, or one whose quote fails is offered without a figure: a product
// page never breaks on a quote, and never shows a figure without its example.
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { LenderSlug } from "../lenders/slugs"
import type { EffectiveLenderSettings, OfferFacts } from "../provider-kit/offer-rules"
import { renderPromotion, type Promotion } from "../provider-kit/promotion"
import { findLenderOptions } from "../provider-kit/provider-options"
import { lenderBySlug } from "../providers/lenders"
import { messageOf } from "../provider-kit/message-of"

type Resolver = Pick<MedusaContainer, "resolve">

/** The store's name, which the broker disclosure gives; "This store" when it has none. */
async function storeName(container: Resolver): Promise<string> {
  try {
    const [store] = await container.resolve(Modules.STORE).listStores({}, { select: ["name"], take: 1 })
    return store?.name?.trim() || "This store"
  } catch {
    return "This store"
  }
}

export async function promotionFor(
  container: Resolver,
  settings: EffectiveLenderSettings,
  facts: OfferFacts,
  store: Promise<string>,
): Promise<Promotion | null> {
  const lender = lenderBySlug(settings.lender as LenderSlug)
  const promotion = lender.promotion
  if (!promotion || !settings.messaging) return null
  const options = await findLenderOptions(container, lender)
  if (!options) return null
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  try {
    const figures = await promotion.figures(options, {
      amount: facts.amount,
      currency: facts.currency.toLowerCase(),
      plans: settings.plans,
      representativeApr: settings.representative_apr,
      logger,
    })
    if (!figures) return null
    return renderPromotion(
      settings.promotion_text,
      figures,
      { lender: promotion.creditor, store: await store },
      settings.display_name,
    )
  } catch (error) {
    // The lender's error, never the shopper's details: the quote request holds only an amount.
    logger.warn(`[financing] ${lender.name} quote for the offers route failed: ${messageOf(error)}`)
    return null
  }
}

/** Fills each offer's promotion, the lenders quoted at once. */
export async function attachPromotions(
  container: Resolver,
  offers: Array<{ lender: string; promotion: Promotion | null }>,
  settings: EffectiveLenderSettings[],
  facts: OfferFacts,
): Promise<void> {
  if (!offers.length) return
  const store = storeName(container)
  await Promise.all(
    offers.map(async (offer) => {
      const own = settings.find((s) => s.lender === offer.lender)
      if (own) offer.promotion = await promotionFor(container, own, facts, store)
    }),
  )
}
