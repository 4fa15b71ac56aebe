// POST /financing/newday/sign-in/return?cart_id&state — NewDay's sign-in widget posts here.
// The state nonce (stored when the store route started sign-in) proves this post belongs to
// that cart's sign-in; the customerRef is checked with NewDay (it must have spend options
// records) and, with the access token, stored server-side for the cart. The state is used once,
// even by two posts at the same moment. The shopper is then sent to the storefront (signedInUrl
// or failureUrl) with cart_id and a short status.
import { randomUUID } from "node:crypto"
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { exclusively } from "../../../../../provider-kit/exclusive"
import { financingLog, NEWDAY_SECRET, putCustomerSecret, sameNonce } from "../../../../../providers/newday/secrets"
import { ssoPayloadFields } from "../../../../../providers/newday/options"
import { amountMinor, cartForReturn, newDayForRoute, redirectTo } from "../../../../store/financing/newday/support"
import { parseWidgetPayload, reasonCode } from "../../widget-payload"

const TOKEN_LIFETIME_MS = 55 * 60 * 1000

export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const { options, client } = await newDayForRoute(req.scope)
  const cartId = typeof req.query.cart_id === "string" ? req.query.cart_id : ""
  const log = financingLog()
  const fail = (reason: string) =>
    redirectTo(res, options.failureUrl, { cart_id: cartId || undefined, newday: "sign_in_failed", reason })

  const cart = cartId ? await cartForReturn(req.scope, cartId) : undefined
  // One use: a replayed post — later or at the same moment — cannot swap in another account.
  const consumed = cart
    ? await exclusively(req.scope, `newday:sign-in:${cart.id}`, async () => {
        const scope = { lender: "newday", purpose: NEWDAY_SECRET.signInState, cart_id: cart.id }
        const expected = await log.getSecret<{ state: string }>(scope)
        if (!sameNonce(expected?.state, req.query.state)) return false
        await log.deleteSecrets(scope)
        return true
      })
    : false
  if (!cart || !consumed) {
    res.status(400).json({
      type: "invalid_data",
      message: "NewDay NewPay sign-in return: unknown or expired sign-in (cart_id/state).",
    })
    return
  }
  if (cart.completed_at) return fail("cart_completed")

  const payload = parseWidgetPayload(req.body, ssoPayloadFields(options))
  if (!payload) return fail("invalid_payload")
  if (!payload.success) return fail(reasonCode(payload.status))
  if (!payload.customerRef || !payload.identityToken) return fail("invalid_payload")

  try {
    await client.spendOptionsForCustomer(payload.customerRef, {
      basketAmountMinor: Math.max(amountMinor(cart.total), 1),
    })
  } catch {
    return fail("customer_not_verified")
  }
  await putCustomerSecret(
    { cart_id: cart.id },
    { customerRef: payload.customerRef, accessToken: payload.identityToken, clientSessionId: randomUUID() },
    log,
    new Date(Date.now() + TOKEN_LIFETIME_MS),
  )
  redirectTo(res, options.signedInUrl, { cart_id: cart.id, newday: "signed_in" })
}
