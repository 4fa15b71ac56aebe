// Payment Assist: read the application (/status) through the same workflow the webhook, the return
// route and the application poll use, so an approval, a decline or an expiry is acted on exactly as
// it would be had the lender's notification arrived.
import { MedusaError } from "@medusajs/framework/utils"
import { syncPaymentAssistApplicationWorkflow } from "../payment-assist/sync-application"
import type { LenderSync } from "./types"

const MOVED: string[] = ["completed_cart", "marked_failed", "canceled_order"]

export const syncPaymentAssist: LenderSync = async ({ container, data, order, payment }) => {
  const token = typeof data.token === "string" ? data.token : undefined
  if (!token)
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Payment Assist: the payment of order ${order.id} has no application token to sync.`,
    )
  // The session the token was issued on (the order may have older sessions of the same provider).
  const session = order.sessions.find((s) => s.provider_id === payment.provider_id && s.data?.token === token)
  const { result } = await syncPaymentAssistApplicationWorkflow(container).run({
    input: { token, payment_session_id: session?.id, source: "sync" },
  })
  if (result.action === "ignored") {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Payment Assist: application ${token} could not be synced (${result.reason ?? "unknown session"}).`,
    )
  }
  const previous = typeof data.application_status === "string" ? data.application_status : null
  const now = result.lender_status ?? previous
  return {
    lender_status: now,
    previous_status: previous,
    // A flag raised again for the same status is not news; completing, failing or canceling is.
    acted: MOVED.includes(result.action),
    data: now !== previous ? { ...data, application_status: now } : undefined,
    // The workflow logs every action it takes; a bare status change is logged by the caller.
    logged: result.action !== "none",
    detail: { action: result.action, reason: result.reason ?? null },
  }
}
