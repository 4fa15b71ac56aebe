// Payment Assist sessions still waiting: the same workflow the return route, the webhook and the
// application poll use (read /status, act only on that). An application Payment Assist lets expire
// (its own expiry, `applicationExpirySeconds`) comes back `expired` and is canceled there.
import { providerIdFor } from "../../lenders/slugs"
import { syncPaymentAssistApplicationWorkflow } from "../payment-assist/sync-application"
import type { AppliedOutcome } from "../payment-assist/steps/apply-outcome"
import type { SessionReconciler, SessionVerdict } from "./types"

/** What the application workflow's answer means for the waiting session (pure). */
export function paymentAssistVerdict(
  result: Pick<AppliedOutcome, "action" | "order_id" | "lender_status" | "reason">,
): SessionVerdict {
  const lender_status = result.lender_status
  switch (result.action) {
    case "completed_cart":
      return { result: "completed", order_id: result.order_id, lender_status }
    case "marked_failed":
    case "canceled_order":
      return { result: "canceled", reason: `the application is ${lender_status}`, lender_status }
    case "action_required":
      return { result: "action_required", reason: result.reason ?? "review the order", lender_status }
    case "ignored":
      return { result: "skipped", reason: result.reason ?? "not this store's application" }
    default:
      if (result.order_id && (lender_status === "pending_capture" || lender_status === "completed")) {
        return { result: "completed", order_id: result.order_id, lender_status }
      }
      if (lender_status === "failed" || lender_status === "expired") {
        return { result: "canceled", reason: result.reason ?? `the application is ${lender_status}`, lender_status }
      }
      return { result: "waiting", reason: result.reason ?? "the shopper has not finished", lender_status }
  }
}

export const paymentAssistReconciler: SessionReconciler = {
  lender: "payment-assist",
  providerId: providerIdFor("payment-assist"),
  // Applications live 24 h by default; after 3 days without a terminal status, ask a person.
  maxWaitMs: 3 * 24 * 60 * 60 * 1000,
  async reconcile(container, session): Promise<SessionVerdict> {
    const token = session.data?.token
    if (typeof token !== "string" || !token) return { result: "skipped", reason: "no application was begun" }
    const { result } = await syncPaymentAssistApplicationWorkflow(container).run({
      input: { token, payment_session_id: session.id, source: "sync", event: "reconcile" },
    })
    return paymentAssistVerdict(result)
  },
}
