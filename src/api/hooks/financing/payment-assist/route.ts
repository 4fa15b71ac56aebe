// POST /hooks/financing/payment-assist?session_id=…   (the webhook_url sent on /begin)
// Payment Assist posts { event_name, event_data: { token }, event_time, signature } on completed,
// failed and expired applications, and retries up to 3 times unless it gets a 200. So: a forged
// or malformed request gets 401/400 and changes nothing; so does a signed one dated outside the
// replay window. A genuine one is acted on synchronously from a server-side /status (never the
// body) and answers 200 only once that worked — a failure answers 500 and the lender's retry gets
// another chance. No webhook is lost to a 200-then-fail. Each delivery is acted on once: work on
// one application runs one at a time (lenderReferenceLockKey), so copies of a delivery (retries,
// duplicates, replays) and the shopper's return wait for each other and find the work done.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import {
  DEFAULT_WEBHOOK_SIGNATURE_SCHEME,
  parseWebhookPayload,
  verifyWebhookSignature,
} from "../../../../lenders/payment-assist/webhook-signature"
import { FINANCING_MODULE } from "../../../../modules/financing/constants"
import type { FinancingLog } from "../../../../modules/financing/types"
import { deliveryKey } from "../../../../provider-kit/delivery-key"
import { exclusively, lenderReferenceLockKey } from "../../../../provider-kit/exclusive"
import { maybePaymentAssistOptions } from "../../../../workflows/payment-assist/context"
import { messageOf } from "../../../../provider-kit/message-of"
import { logPaymentAssistFailure } from "../../../../workflows/payment-assist/log"
import { syncPaymentAssistApplicationWorkflow } from "../../../../workflows/payment-assist/sync-application"
import { noteUnverifiedRequest } from "../../../financing/unverified-request"
import { isStaleEvent } from "./event-time"

export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const options = await maybePaymentAssistOptions(req.scope)
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
  if (
    !verifyWebhookSignature(
      payload,
      options.apiSecret,
      options.webhookSignatureScheme ?? DEFAULT_WEBHOOK_SIGNATURE_SCHEME,
    )
  ) {
    // Unverified: not written to the named session's history (see unverified-request.ts).
    noteUnverifiedRequest(req.scope, "Payment Assist webhook", "invalid signature")
    res.status(401).json({ message: "Payment Assist webhook rejected: invalid signature." })
    return
  }
  if (isStaleEvent(payload.event_time)) {
    // A replayed old delivery: the signature covers the body, not the session_id it is aimed at,
    // so it proves nothing about that session and is not written to its history either.
    noteUnverifiedRequest(req.scope, "Payment Assist webhook", "event_time outside the replay window")
    res.status(401).json({
      message: "Payment Assist webhook rejected: event_time is outside the accepted window (older than 24 hours).",
    })
    return
  }

  // The session id is part of the delivery: the same signed body aimed at another session is
  // looked at on its own (and ignored there, the token not being that session's).
  const key = `payment-assist:webhook:${deliveryKey(payload.event_name, payload.event_data.token, payload.event_time, payload.signature ?? "", sessionId ?? "")}`
  const financing = req.scope.resolve<FinancingLog>(FINANCING_MODULE)
  try {
    const answer = await exclusively(
      req.scope,
      lenderReferenceLockKey("payment-assist", payload.event_data.token),
      async () => {
        const done = await financing.findOperationByIdempotencyKey(key)
        if (done && done.outcome !== "failed") return { received: true, duplicate: true }
        const { result } = await syncPaymentAssistApplicationWorkflow(req.scope).run({
          input: {
            token: payload.event_data.token,
            payment_session_id: sessionId,
            source: "webhook",
            event: payload.event_name,
            idempotency_key: key,
          },
        })
        return { received: true, action: result.action, ...(result.reason ? { reason: result.reason } : {}) }
      },
    )
    res.status(200).json(answer)
  } catch (error) {
    const message = messageOf(error)
    req.scope
      .resolve(ContainerRegistrationKeys.LOGGER)
      .error(`Payment Assist webhook ${payload.event_name} for session ${sessionId ?? "?"} failed: ${message}`)
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
