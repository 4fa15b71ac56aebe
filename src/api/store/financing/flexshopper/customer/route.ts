// GET /store/financing/flexshopper/customer?cart_id= — where the shopper stands with FlexShopper.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { flexCall, flexContext, loadCart, lookupCandidate, requireCustomer, standingFor } from "../support"
import type { FlexCartQueryType } from "../validators"
import { shopperRoute } from "../../shopper-route"

async function handleGet(req: MedusaRequest, res: MedusaResponse) {
  const { cart_id } = req.validatedQuery as FlexCartQueryType
  const ctx = await flexContext(req)
  await loadCart(req, ctx, cart_id)
  // A looked-up account shows nothing until its owner has signed in to FlexShopper.
  if (await lookupCandidate(ctx, cart_id)) {
    res.json({ customer: null, found: true, next_step: "sign_in" })
    return
  }
  const customer = await requireCustomer(ctx, cart_id)
  const me = await flexCall(ctx, { operation: "get-user-info", references: { cart_id } }, () =>
    ctx.client.getUserInfo(customer.token),
  )
  res.json({ customer: await standingFor(ctx, cart_id, me, customer.applicationCompleted) })
}

export const GET = shopperRoute(handleGet)
