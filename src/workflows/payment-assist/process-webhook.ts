// Processing of one recorded Payment Assist webhook (the route verified and recorded it and
// answered 200; see webhooks/delivery.ts). The application is read from /status, never from the
// body, by the same workflow the shopper's return and the application poll use; its verdict
// completes the delivery's own log entry. Work on one application runs one at a time
// (lenderReferenceLockKey, taken by the caller), so copies of a delivery and the shopper's return
// wait for each other and find the work done.
import type { MedusaContainer } from "@medusajs/framework/types"
import type { FinancingOperationDTO } from "../../modules/financing/types"
import type { WebhookResult } from "../webhooks/delivery"
import { syncPaymentAssistApplicationWorkflow } from "./sync-application"

export interface PaymentAssistWebhookIds {
  token: string
  event_name: string
  event_time: string
  /** The session_id of the webhook URL (not covered by the signature: checked against the token). */
  session_id: string | null
}

/** The ids the route keeps of a webhook: nothing else of the body is needed later. */
export function paymentAssistWebhookReferences(ids: PaymentAssistWebhookIds): Record<string, string | null> {
  return { token: ids.token, event_name: ids.event_name, event_time: ids.event_time, session_id: ids.session_id }
}

const text = (value: unknown) => (typeof value === "string" && value ? value : undefined)

export async function processPaymentAssistWebhook(
  container: MedusaContainer,
  op: Pick<FinancingOperationDTO, "references" | "idempotency_key">,
): Promise<WebhookResult> {
  const token = text(op.references?.token)
  if (!token) return { outcome: "refused", error_message: "Payment Assist webhook: the recorded delivery has no token" }
  const event = text(op.references?.event_name)
  const { result } = await syncPaymentAssistApplicationWorkflow(container).run({
    input: {
      token,
      payment_session_id: text(op.references?.session_id),
      source: "webhook",
      event,
      idempotency_key: op.idempotency_key ?? undefined,
      skip_log: true,
    },
  })
  const flagged = result.action === "action_required"
  return {
    outcome: flagged ? "action_required" : "succeeded",
    payment_session_id: result.payment_session_id ?? null,
    payment_id: result.payment_id,
    order_id: result.order_id ?? null,
    error_message: flagged ? `Payment Assist: ${result.reason}; review the order.` : null,
    detail: {
      lender_status: result.lender_status ?? null,
      action: result.action,
      reason: result.reason ?? null,
      event: event ?? null,
    },
  }
}
