// Decline fallback on Medusa's stock route: POST /store/payment-collections/:id/payment-sessions is
// open to any guest, so a lender that declined the collection's cart (or whose application was left
// unfinished) is refused there too — the offers route and this guard read the same record
// (src/provider-kit/turned-away.ts), so they agree.
import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type { FinancingLog } from "../../modules/financing/types"
import { basketMinorUnits, refuseIfTurnedAway } from "../../provider-kit/turned-away"
import { LENDERS } from "../../providers/lenders"
import { cartOfCollection } from "../../workflows/cart-links"

export function refuseTurnedAwayLender() {
  return async (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    try {
      const providerId = (req.body as { provider_id?: unknown } | undefined)?.provider_id
      const lender = LENDERS.find((candidate) => candidate.providerId === providerId)
      const collectionId = req.params?.id
      if (!lender || typeof collectionId !== "string") return next()
      const cartId = await cartOfCollection(req.scope, collectionId)
      if (!cartId) return next()
      const { data } = await req.scope.resolve(ContainerRegistrationKeys.QUERY).graph({
        entity: "payment_collection",
        fields: ["amount", "currency_code"],
        filters: { id: collectionId },
      })
      const collection = data[0] as { amount?: unknown; currency_code?: string } | undefined
      await refuseIfTurnedAway(
        req.scope.resolve<FinancingLog>(FINANCING_MODULE),
        lender,
        cartId,
        basketMinorUnits(collection?.amount, collection?.currency_code),
      )
      next()
    } catch (error) {
      next(error)
    }
  }
}
