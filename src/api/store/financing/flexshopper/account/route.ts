// POST /store/financing/flexshopper/account { cart_id, email?, first_name?, last_name?, password? }
// User Exists by email, then Create User. Defaults come from the cart (email, billing name).
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { customerView, flexCall, flexContext, loadCart, saveCustomer } from "../support"
import type { FlexAccountCreateType } from "../validators"
import { shopperRoute } from "../../shopper-route"

async function handlePost(req: MedusaRequest, res: MedusaResponse) {
  const body = req.validatedBody as FlexAccountCreateType
  const ctx = await flexContext(req)
  const cart = await loadCart(req, ctx, body.cart_id)
  const address = cart.billing_address ?? cart.shipping_address
  const email = body.email ?? cart.email
  const firstName = body.first_name ?? address?.first_name
  const lastName = body.last_name ?? address?.last_name
  const missing = [!email && "email", !firstName && "first_name", !lastName && "last_name"].filter(Boolean)
  if (missing.length) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `FlexShopper: ${missing.join(", ")} is required (or set it on the cart).`,
    )
  }
  const references = { cart_id: cart.id }
  const exists = await flexCall(ctx, { operation: "user-exists", references }, () => ctx.client.userExists(email!))
  if (exists.exists) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "FlexShopper: an account already exists for this email; find it with the shopper's mobile phone and SSN (POST /store/financing/flexshopper/account/lookup).",
    )
  }
  const created = await flexCall(ctx, { operation: "create-user", references }, () =>
    ctx.client.createUser({
      firstName: firstName!,
      lastName: lastName!,
      email: email!,
      ...(body.password ? { password: body.password } : {}),
      locale: "en",
    }),
  )
  await saveCustomer(ctx, cart.id, created.userId, created.customerToken)
  const me = await flexCall(ctx, { operation: "get-user-info", references }, () =>
    ctx.client.getUserInfo(created.customerToken),
  )
  res.status(201).json({ created: true, customer: customerView(me, false) })
}

export const POST = shopperRoute(handlePost)
