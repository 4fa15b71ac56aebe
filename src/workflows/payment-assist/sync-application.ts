// One workflow behind the return route, the webhook route and the application poll: find the session
// the token belongs to, read the application from Payment Assist, act on what it says, log it.
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { RecordFinancingOperationInput } from "../../modules/financing/types"
import { recordFinancingOperationStep } from "../steps/record-financing-operation"
import { PAYMENT_ASSIST, PAYMENT_ASSIST_PROVIDER_ID } from "./context"
import { applyPaymentAssistOutcomeStep } from "./steps/apply-outcome"
import { fetchPaymentAssistApplicationStep } from "./steps/fetch-application"
import { resolvePaymentAssistSessionStep } from "./steps/resolve-session"

export type SyncSource = "webhook" | "return" | "sync"

export interface SyncPaymentAssistApplicationInput {
  token: string
  payment_session_id?: string
  source: SyncSource
  /** e.g. the webhook's event_name, kept in the log entry. */
  event?: string
  /** Identifies a webhook delivery in the log entry, so a retry or replay of it is recognised. */
  idempotency_key?: string
  /**
   * The caller writes the log entry itself: the webhook processor completes the entry the route
   * recorded for the delivery (webhooks/delivery.ts) instead of adding a second one.
   */
  skip_log?: boolean
}

export const syncPaymentAssistApplicationWorkflowId = "payment-assist-sync-application"

export const syncPaymentAssistApplicationWorkflow = createWorkflow(
  syncPaymentAssistApplicationWorkflowId,
  (input: SyncPaymentAssistApplicationInput) => {
    const session = resolvePaymentAssistSessionStep({
      token: input.token,
      payment_session_id: input.payment_session_id,
    })
    const application = fetchPaymentAssistApplicationStep({ token: input.token, session })
    const outcome = applyPaymentAssistOutcomeStep({ session, application })
    const entry = transform(
      { input, session, outcome },
      ({ input, session, outcome }): RecordFinancingOperationInput => ({
        provider_id: PAYMENT_ASSIST_PROVIDER_ID,
        lender: PAYMENT_ASSIST,
        operation: input.source,
        outcome: outcome.action === "action_required" ? "action_required" : "succeeded",
        payment_session_id: session.found ? session.session_id : null,
        payment_id: session.payment_id ?? null,
        order_id: outcome.order_id ?? null,
        lender_reference: input.token,
        idempotency_key: input.idempotency_key ?? null,
        error_message:
          outcome.action === "action_required" ? `Payment Assist: ${outcome.reason}; review the order.` : null,
        detail: {
          lender_status: outcome.lender_status ?? null,
          action: outcome.action,
          reason: outcome.reason ?? null,
          event: input.event ?? null,
        },
      }),
    )
    // The application poll looks at every waiting application each run; only changes are worth a log entry.
    when(
      { input, outcome },
      ({ input, outcome }) =>
        !input.skip_log && (input.source !== "sync" || !["none", "ignored"].includes(outcome.action)),
    ).then(() => {
      recordFinancingOperationStep(entry)
    })
    // The outcome, plus the session it was about (for a caller that writes the entry itself).
    const result = transform({ outcome, session }, ({ outcome, session }) => ({
      ...outcome,
      payment_session_id: session.found ? session.session_id : null,
      payment_id: session.payment_id ?? null,
    }))
    return new WorkflowResponse(result)
  },
)
