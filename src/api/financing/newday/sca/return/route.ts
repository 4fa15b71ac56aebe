// POST /financing/newday/sca/return?payment_session_id&state — the SCA widget posts here.
// The state nonce binds the post to the Initiate that produced the widget and is used once, even
// by two posts at the same moment (a double click, a replay): the upgraded SCA token is stored
// server-side and the cart is completed right away (authorize runs again and now authorises with
// that token), so the order exists even if the storefront never calls complete. The shopper goes
// to successUrl (cart_id, order_id) or failureUrl (cart_id, reason).
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { exclusively } from "../../../../../provider-kit/exclusive"
import { getScaSecret, putScaSecret, sameNonce } from "../../../../../providers/newday/secrets"
import { newDayForRoute, redirectTo } from "../../../../store/financing/newday/support"
import { parseWidgetPayload, reasonCode } from "../../widget-payload"
import { completeFinancedCart } from "../../../../../workflows/cart-links"

async function cartOfSession(req: MedusaRequest, sessionId: string): Promise<string | undefined> {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "payment_session",
    fields: ["id", "provider_id", "payment_collection.cart.id"],
    filters: { id: sessionId },
  })
  const session = data[0] as
    { provider_id?: string; payment_collection?: { cart?: { id?: string } | null } | null } | undefined
  return session?.provider_id === "pp_newday_newday" ? (session.payment_collection?.cart?.id ?? undefined) : undefined
}

function declineReason(error: { type?: string } | undefined): string {
  if (error?.type === MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR) return "declined"
  if (error?.type === MedusaError.Types.PAYMENT_REQUIRES_MORE_ERROR) return "sca_required"
  return "authorisation_failed"
}

type Claim = { kind: "unknown" } | { kind: "refused"; reason: string } | { kind: "authenticated" }

export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const { options } = await newDayForRoute(req.scope)
  const sessionId = typeof req.query.payment_session_id === "string" ? req.query.payment_session_id : ""
  const cartId = sessionId ? await cartOfSession(req, sessionId) : undefined

  // Check the nonce and move the challenge on in one step: of two posts, one authenticates.
  const claim: Claim = !cartId
    ? { kind: "unknown" }
    : await exclusively(req.scope, `newday:sca:${sessionId}`, async (): Promise<Claim> => {
        const sca = await getScaSecret(sessionId)
        if (!sca || !sameNonce(sca.state, req.query.state)) return { kind: "unknown" }
        if (sca.status !== "challenge") return { kind: "refused", reason: "already_used" }
        const payload = parseWidgetPayload(req.body)
        if (!payload) return { kind: "refused", reason: "invalid_payload" }
        if (!payload.success || !payload.scaToken) {
          await putScaSecret(sessionId, { ...sca, status: "failed", token: undefined })
          return { kind: "refused", reason: reasonCode(payload.status) }
        }
        await putScaSecret(sessionId, { ...sca, status: "authenticated", token: payload.scaToken })
        return { kind: "authenticated" }
      })
  if (claim.kind === "unknown") {
    res.status(400).json({
      type: "invalid_data",
      message: "NewDay NewPay SCA return: unknown or expired authentication (payment_session_id/state).",
    })
    return
  }
  if (claim.kind === "refused")
    return redirectTo(res, options.failureUrl, { cart_id: cartId, newday: "sca_failed", reason: claim.reason })

  const completion = await completeFinancedCart(req.scope, { cartId: cartId! })
  if (!("order_id" in completion)) {
    return redirectTo(res, options.failureUrl, {
      cart_id: cartId,
      newday: "authorisation_failed",
      reason: declineReason(completion.error),
    })
  }
  redirectTo(res, options.successUrl, {
    cart_id: cartId,
    order_id: completion.order_id ?? undefined,
    newday: "authorised",
  })
}
