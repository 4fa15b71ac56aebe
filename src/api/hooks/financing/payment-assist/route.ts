// POST /hooks/financing/payment-assist?session_id=…   (the webhook_url sent on /begin)
// Payment Assist posts { event_name, event_data: { token }, event_time, signature } on completed,
// failed and expired applications, and retries up to 3 times unless it gets a 200. So: a forged
// or malformed request gets 401/400 and changes nothing; a genuine one is acted on synchronously
// from a server-side /status (never the body) and answers 200 only once that worked — a failure
// answers 500 and the lender's retry gets another chance. No webhook is lost to a 200-then-fail.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { parseWebhookPayload, verifyWebhookSignature } from "../../../../lenders/payment-assist/webhook-signature"
import { maybePaymentAssistOptions } from "../../../../workflows/payment-assist/context"
import { errorMessage, logPaymentAssistFailure } from "../../../../workflows/payment-assist/log"
import { syncPaymentAssistApplicationWorkflow } from "../../../../workflows/payment-assist/sync-application"

export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const options = maybePaymentAssistOptions(req.scope)
  if (!options) {
    res.status(404).json({ message: "Payment Assist is not configured in this store." })
    return
  }
  const sessionId = typeof req.query.session_id === "string" && req.query.session_id ? req.query.session_id : undefined
  const parsed = parseWebhookPayload(req.body)
  if (!parsed.ok) {
    res.status(400).json({ message: `Payment Assist webhook rejected: ${parsed.field} is missing or malformed.` })
    return
  }
  const payload = parsed.payload
  if (!verifyWebhookSignature(payload, options.apiSecret, options.webhookSignatureScheme ?? "json")) {
    await logPaymentAssistFailure(req.scope, {
      operation: "webhook",
      payment_session_id: sessionId ?? null,
      error_code: "invalid_signature",
      error_message: `Payment Assist webhook ${payload.event_name} rejected: invalid signature; nothing was changed.`,
    })
    res.status(401).json({ message: "Payment Assist webhook rejected: invalid signature." })
    return
  }

  try {
    const { result } = await syncPaymentAssistApplicationWorkflow(req.scope).run({
      input: { token: payload.event_data.token, payment_session_id: sessionId, source: "webhook", event: payload.event_name },
    })
    res.status(200).json({ received: true, action: result.action, ...(result.reason ? { reason: result.reason } : {}) })
  } catch (error) {
    const message = errorMessage(error)
    req.scope.resolve(ContainerRegistrationKeys.LOGGER).error(`Payment Assist webhook ${payload.event_name} for session ${sessionId ?? "?"} failed: ${message}`)
    await logPaymentAssistFailure(req.scope, {
      operation: "webhook",
      payment_session_id: sessionId ?? null,
      lender_reference: payload.event_data.token,
      error_code: "processing_error",
      error_message: message,
      detail: { event: payload.event_name },
    })
    res.status(500).json({ message: "Payment Assist webhook could not be processed; it will be retried." })
  }
}
