// The lenders a shopper may be offered for a cart, or for an amount on a product page: installed
// and enabled in this store (and in the cart's region), then the owner's rules (offer-rules.ts),
// in the owner's order. The lenders left out come back with the reason, so a storefront (and the
// owner testing it) can see why. Each offer carries its finance promotion where the lender quotes one.
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { byOwnerOrder, offerVerdict, type OfferFacts, type OfferRefusal } from "../provider-kit/offer-rules"
import { FINANCING_MODULE } from "../modules/financing/constants"
import type { FinancingLog } from "../modules/financing/types"
import { turnedAwayMessage, turnedAwayReason, type TurnedAwayReason } from "../provider-kit/turned-away"
import { LENDERS } from "../providers/lenders"
import { attachPromotions } from "./offer-promotions"
import type { Promotion } from "../provider-kit/promotion"
import { loadEffectiveSettings } from "./settings/lender-settings"

export interface FinancingOffer {
  lender: string
  provider_id: string
  name: string
  description: string | null
  /** "From £X a month" with its representative example; null when messaging is off or there is no quote. */
  promotion: Promotion | null
}

export interface WithheldOffer {
  lender: string
  provider_id: string
  reason: OfferRefusal | "not_installed" | "not_in_region" | TurnedAwayReason
  message: string
}

export async function financingOffers(
  container: Pick<MedusaContainer, "resolve">,
  facts: OfferFacts,
  options: { regionProviderIds?: string[]; cartId?: string } = {},
): Promise<{ offers: FinancingOffer[]; not_offered: WithheldOffer[] }> {
  const payments = container.resolve(Modules.PAYMENT)
  const installed = await payments.listPaymentProviders({ id: LENDERS.map((lender) => lender.providerId) })
  const settings = await loadEffectiveSettings(container)
  const log = options.cartId ? container.resolve<FinancingLog>(FINANCING_MODULE) : undefined
  const offers: Array<FinancingOffer & { position: number }> = []
  const not_offered: WithheldOffer[] = []
  for (const lender of LENDERS) {
    const own = settings.find((s) => s.lender === lender.slug)!
    const withheld = (reason: WithheldOffer["reason"], message: string) =>
      not_offered.push({ lender: lender.slug, provider_id: lender.providerId, reason, message })
    if (!installed.some((provider) => provider.id === lender.providerId && provider.is_enabled)) {
      withheld("not_installed", `${own.display_name} is not set up in this store.`)
      continue
    }
    if (options.regionProviderIds && !options.regionProviderIds.includes(lender.providerId)) {
      withheld("not_in_region", `${own.display_name} is not offered in this region.`)
      continue
    }
    const verdict = offerVerdict(own, facts)
    if (!verdict.offered) {
      withheld(verdict.reason, verdict.message)
      continue
    }
    // Decline fallback: a lender that declined this cart, or whose application was left unfinished, is not offered again.
    const turnedAway = options.cartId ? await turnedAwayReason(log, lender.slug, options.cartId, facts.amount) : null
    if (turnedAway) {
      withheld(turnedAway, turnedAwayMessage(own.display_name, turnedAway))
      continue
    }
    offers.push({
      lender: lender.slug,
      provider_id: lender.providerId,
      name: own.display_name,
      description: own.description,
      promotion: null,
      position: own.position,
    })
  }
  const ordered = byOwnerOrder(offers).map(({ position: _position, ...offer }) => offer)
  await attachPromotions(container, ordered, settings, facts)
  return { offers: ordered, not_offered }
}
