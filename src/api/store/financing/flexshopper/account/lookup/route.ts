// POST /store/financing/flexshopper/account/lookup { cart_id, mobile_phone, ssn }
// FlexShopper's Account Lookup: is there an account for this phone + SSN? The answer is only
// found / not found. Knowing someone's phone and SSN does not make a shopper that person, so a found
// account is kept server-side as a candidate and is bound to the cart only after the shopper signs
// in to FlexShopper in its modal (the session route opens it WITHOUT an auth code for a candidate).
// Attempts are limited per cart, per phone and per client address (lookup-throttle.ts); a locked
// request gets 429. The SSN only passes through.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import {
  clientAddressOf,
  lookupLimitsOf,
  lookupSubjects,
  reserveLookupAttempt,
  type LookupLimits,
} from "../../lookup-throttle"
import { flexCall, flexContext, loadCart, saveLookupCandidate } from "../../support"
import type { FlexAccountLookupType } from "../../validators"
import { shopperRoute } from "../../../shopper-route"

async function handlePost(req: MedusaRequest, res: MedusaResponse) {
  const { cart_id, mobile_phone, ssn } = req.validatedBody as FlexAccountLookupType
  const ctx = await flexContext(req)
  const cart = await loadCart(req, ctx, cart_id)
  const limits = lookupLimitsOf(ctx.options as { lookupLimits?: Partial<LookupLimits> })
  const subjects = lookupSubjects(limits, {
    cartId: cart.id,
    mobilePhone: mobile_phone,
    clientAddress: clientAddressOf(req),
  })
  const attempt = await reserveLookupAttempt(req, limits, subjects)
  if (!attempt.ok) {
    res.setHeader("Retry-After", String(attempt.retryAfterSeconds))
    res.status(429).json({
      type: "too_many_requests",
      message: `FlexShopper: too many account lookups — please wait ${Math.ceil(attempt.retryAfterSeconds / 60)} minutes and try again, or create a new FlexShopper account or choose another way to pay.`,
    })
    return
  }
  let found = false
  try {
    const { users } = await flexCall(ctx, { operation: "account-lookup", references: { cart_id: cart.id } }, () =>
      ctx.client.searchUsers({ mobilePhone: mobile_phone, ssn }),
    )
    const user = users[0]
    if (user) {
      found = true
      await saveLookupCandidate(ctx, cart.id, user.userId, user.customerToken)
    }
  } catch (error) {
    // A lender failure is not a miss: the shopper should not lose an attempt to FlexShopper's outage.
    await attempt.reservation.release()
    throw error
  }
  if (found) {
    await attempt.reservation.release()
    res.json({ found: true, next_step: "sign_in" })
    return
  }
  res.json({ found: false, next_step: "create_account" })
}

export const POST = shopperRoute(handlePost)
