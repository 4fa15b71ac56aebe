// POST /hooks/financing/payment-assist?session_id=…   (the webhook_url sent on /begin)
// Payment Assist posts { event_name, event_data: { token }, event_time, signature } on completed,
// failed and expired applications, and retries up to 3 times unless it gets a prompt 200. So: a
// forged or malformed request gets 401/400 and changes nothing; so does a signed one dated outside
// the replay window. A genuine one is recorded (its ids only) and answered 200 at once; it is acted
// on afterwards from a server-side /status, never the body (src/workflows/payment-assist/
// process-webhook.ts, run from the event bus, or by the reconcile job when that fails or is lost).
// No webhook is lost to a 200-then-fail: the record is written before the 200 (a failure to write
// it answers 500, and the lender retries). Each delivery is acted on once: a copy of one already
// recorded answers `duplicate: true`, and work on one application runs one at a time
// (lenderReferenceLockKey), so copies and the shopper's return wait for each other.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import {
  DEFAULT_WEBHOOK_SIGNATURE_SCHEME,
  parseWebhookPayload,
  verifyWebhookSignature,
} from "../../../../lenders/payment-assist/webhook-signature"
import { deliveryKey } from "../../../../provider-kit/delivery-key"
import { messageOf } from "../../../../provider-kit/message-of"
import {
  maybePaymentAssistOptions,
  PAYMENT_ASSIST,
  PAYMENT_ASSIST_PROVIDER_ID,
} from "../../../../workflows/payment-assist/context"
import { paymentAssistWebhookReferences } from "../../../../workflows/payment-assist/process-webhook"
import { announceWebhookDelivery, recordWebhookDelivery } from "../../../../workflows/webhooks/delivery"
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
  let accepted
  try {
    accepted = await recordWebhookDelivery(req.scope, {
      lender: PAYMENT_ASSIST,
      provider_id: PAYMENT_ASSIST_PROVIDER_ID,
      idempotency_key: key,
      lender_reference: payload.event_data.token,
      references: paymentAssistWebhookReferences({
        token: payload.event_data.token,
        event_name: payload.event_name,
        event_time: payload.event_time,
        session_id: sessionId ?? null,
      }),
    })
  } catch (error) {
    // Not recorded, so not acknowledged: the lender's retry brings it back.
    req.scope
      .resolve(ContainerRegistrationKeys.LOGGER)
      .error(
        `Payment Assist webhook ${payload.event_name} for session ${sessionId ?? "?"} not recorded: ${messageOf(error)}`,
      )
    res.status(500).json({ message: "Payment Assist webhook could not be recorded; it will be retried." })
    return
  }
  if (accepted.duplicate) {
    res.status(200).json({ received: true, duplicate: true })
    return
  }
  await announceWebhookDelivery(req.scope, accepted.id)
  res.status(200).json({ received: true })
}
