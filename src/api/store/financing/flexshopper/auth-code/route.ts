// POST /store/financing/flexshopper/auth-code { cart_id } → { auth_code, script_url }
// A fresh single-use code, e.g. when the shopper closed the modal and opens it again.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { sdkScriptUrl } from "../../../../../providers/flexshopper/options"
import { flexCall, flexContext, loadCart, lookupCandidate, requireCustomer } from "../support"
import type { FlexCartBodyType } from "../validators"
import { shopperRoute } from "../../shopper-route"

async function handlePost(req: MedusaRequest, res: MedusaResponse) {
  const { cart_id } = req.validatedBody as FlexCartBodyType
  const ctx = await flexContext(req)
  await loadCart(req, ctx, cart_id)
  // A looked-up account gets no code: its owner signs in to FlexShopper in the modal.
  if (await lookupCandidate(ctx, cart_id)) {
    res.json({ auth_code: null, sign_in_required: true, script_url: sdkScriptUrl(ctx.options) })
    return
  }
  const customer = await requireCustomer(ctx, cart_id)
  const authCode = await flexCall(ctx, { operation: "auth-code", references: { cart_id } }, () =>
    ctx.client.createAuthCode(customer.userId),
  )
  res.json({ auth_code: authCode, sign_in_required: false, script_url: sdkScriptUrl(ctx.options) })
}

export const POST = shopperRoute(handlePost)
