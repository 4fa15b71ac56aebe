// GET /financing/payment-assist/return?session_id=…&token=…&status=…&signature=…
// Where Payment Assist sends the shopper back (success_url and failure_url of /begin). The query
// string is untrusted: the signature must match what Payment Assist appends (token + status
// only), the token must belong to the session, and the decision comes from a server-side /status.
// The webhook for the same application may arrive at the same moment: both take the application's
// lock, so the second finds the cart completed instead of completing it again.
// Then the shopper is redirected to the storefront: success → cart_id (+ order_id once the cart
// is completed here); failure → cart_id and a short reason.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { verifyRedirectSignature } from "../../../../lenders/payment-assist/signing"
import { withLenderReadScope } from "../../../../lenders/read-scope"
import { exclusively, lenderReferenceLockKey } from "../../../../provider-kit/exclusive"
import { withQuery } from "../../../../provider-kit/urls"
import { mapApplicationStatus } from "../../../../providers/payment-assist/status"
import { paymentAssistOptions } from "../../../../workflows/payment-assist/context"
import { messageOf } from "../../../../provider-kit/message-of"
import { logPaymentAssistFailure } from "../../../../workflows/payment-assist/log"
import { noteUnverifiedRequest } from "../../unverified-request"
import { syncPaymentAssistApplicationWorkflow } from "../../../../workflows/payment-assist/sync-application"

const text = (value: unknown) => (typeof value === "string" && value ? value : undefined)

// One store request, one /status read: the sync workflow's answer also serves the provider's
// authorize when the cart is completed here (lenders/read-scope.ts).
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  return withLenderReadScope(() => handlePaymentAssistReturn(req, res))
}

async function handlePaymentAssistReturn(req: MedusaRequest, res: MedusaResponse) {
  const options = await paymentAssistOptions(req.scope)
  const token = text(req.query.token)
  const status = text(req.query.status)
  const signature = text(req.query.signature)
  const sessionId = text(req.query.session_id)
  const failure = (reason: string, cartId?: string | null) =>
    res.redirect(302, withQuery(options.storefrontFailureUrl, { reason, cart_id: cartId ?? undefined }))

  if (!verifyRedirectSignature({ token, status, signature }, options.apiSecret)) {
    // Unverified: not written to the named session's history (see unverified-request.ts).
    noteUnverifiedRequest(req.scope, "Payment Assist return", "missing or invalid signature")
    return failure("invalid_signature")
  }

  try {
    const { result } = await exclusively(req.scope, lenderReferenceLockKey("payment-assist", token!), () =>
      syncPaymentAssistApplicationWorkflow(req.scope).run({
        input: { token: token!, payment_session_id: sessionId, source: "return", event: `redirect.${status}` },
      }),
    )
    if (result.action === "ignored") return failure("unknown_application")
    const { outcome } = mapApplicationStatus(result.lender_status)
    if (outcome === "approved") {
      return res.redirect(
        302,
        withQuery(options.storefrontSuccessUrl, {
          cart_id: result.cart_id ?? undefined,
          order_id: result.order_id ?? undefined,
        }),
      )
    }
    if (outcome === "declined")
      return failure(result.lender_status === "expired" ? "expired" : "declined", result.cart_id)
    return failure("not_completed", result.cart_id)
  } catch (error) {
    const message = messageOf(error)
    req.scope
      .resolve(ContainerRegistrationKeys.LOGGER)
      .error(`Payment Assist return for session ${sessionId ?? "?"} failed: ${message}`)
    await logPaymentAssistFailure(req.scope, {
      operation: "return",
      payment_session_id: sessionId ?? null,
      lender_reference: token,
      error_code: "processing_error",
      error_message: message,
    })
    return failure("processing_error")
  }
}
