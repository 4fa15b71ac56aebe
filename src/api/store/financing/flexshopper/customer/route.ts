// GET /store/financing/flexshopper/customer?cart_id= — where the shopper stands with FlexShopper.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { customerView, flexCall, flexContext, loadCart, requireCustomer } from "../support"
import type { FlexCartQueryType } from "../validators"

export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const { cart_id } = req.validatedQuery as FlexCartQueryType
  const ctx = flexContext(req)
  await loadCart(req, ctx, cart_id)
  const customer = await requireCustomer(ctx, cart_id)
  const me = await flexCall(ctx, { operation: "get-user-info", references: { cart_id } }, () => ctx.client.getUserInfo(customer.token))
  res.json({ customer: customerView(me) })
}
