// POST /store/financing/flexshopper/auth-code { cart_id } → { auth_code, script_url }
// A fresh single-use code, e.g. when the shopper closed the modal and opens it again.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { sdkScriptUrl } from "../../../../../providers/flexshopper/options"
import { flexCall, flexContext, loadCart, requireCustomer } from "../support"
import type { FlexCartBodyType } from "../validators"

export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const { cart_id } = req.validatedBody as FlexCartBodyType
  const ctx = flexContext(req)
  await loadCart(req, ctx, cart_id)
  const customer = await requireCustomer(ctx, cart_id)
  const authCode = await flexCall(ctx, { operation: "auth-code", references: { cart_id } }, () => ctx.client.createAuthCode(customer.userId))
  res.json({ auth_code: authCode, script_url: sdkScriptUrl(ctx.options) })
}
