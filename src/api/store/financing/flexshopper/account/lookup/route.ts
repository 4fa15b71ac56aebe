// POST /store/financing/flexshopper/account/lookup { cart_id, mobile_phone, ssn }
// FlexShopper's Account Lookup: an existing customer by phone + SSN. The customer token it returns
// is kept server-side for this cart; the SSN only passes through.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { customerView, flexCall, flexContext, loadCart, saveCustomer } from "../../support"
import type { FlexAccountLookupType } from "../../validators"

export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const { cart_id, mobile_phone, ssn } = req.validatedBody as FlexAccountLookupType
  const ctx = flexContext(req)
  await loadCart(req, ctx, cart_id)
  const { users } = await flexCall(ctx, { operation: "account-lookup", references: { cart_id } }, () => ctx.client.searchUsers({ mobilePhone: mobile_phone, ssn }))
  const user = users[0]
  if (!user) {
    res.json({ found: false, next_step: "create_account" })
    return
  }
  await saveCustomer(ctx, cart_id, user.userId, user.customerToken)
  // Lookup omits spendingHold; /users/me has the full picture.
  const me = await flexCall(ctx, { operation: "get-user-info", references: { cart_id } }, () => ctx.client.getUserInfo(user.customerToken))
  res.json({ found: true, customer: customerView(me) })
}
