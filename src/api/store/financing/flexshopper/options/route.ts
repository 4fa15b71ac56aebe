// GET /store/financing/flexshopper/options?cart_id= — can FlexShopper be offered for this cart?
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { toCents } from "../../../../../lenders/flexshopper"
import { fromMinorUnits } from "../../../../../lenders/money"
import { flexCall, flexContext, loadCart } from "../support"
import { cartTotalCents, ineligibilities } from "../../../../../providers/flexshopper/eligibility"
import type { FlexCartQueryType } from "../validators"
import { shopperRoute } from "../../shopper-route"

async function handleGet(req: MedusaRequest, res: MedusaResponse) {
  const { cart_id } = req.validatedQuery as FlexCartQueryType
  const ctx = await flexContext(req)
  const cart = await loadCart(req, ctx, cart_id, { anyMarket: true })
  const usd = cart.currency_code?.toLowerCase() === "usd"
  // Only a USD cart needs the merchant's minimum; a GBP cart is out whatever it is.
  const settings = usd
    ? await flexCall(ctx, { operation: "lease-settings" }, () => ctx.client.getLeaseSettings())
    : undefined
  const minimumCents = settings ? toCents(settings.minimumOrderValue) : 0
  const reasons = ineligibilities(cart, minimumCents)
  res.json({
    lender: "flexshopper",
    available: reasons.length === 0,
    reasons,
    currency_code: "usd",
    cart_total: usd ? fromMinorUnits(cartTotalCents(cart), "usd") : null,
    minimum_order_value: settings ? fromMinorUnits(Math.max(minimumCents, 4995), "usd") : null,
  })
}

export const GET = shopperRoute(handleGet)
