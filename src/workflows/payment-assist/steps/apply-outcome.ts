// Acts on an application's VERIFIED state (read from /status, never from a webhook body or a
// redirect): an approval completes the cart through completeFinancedCart (Medusa's
// processPaymentWorkflow, the same path core webhooks take); a decline or expiry marks the payment
// collection failed, or cancels a pending-authorization order, which Medusa core would ignore
// (medusajs/medusa #16398).
import type { BigNumberValue, MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { ApplicationStatusResult } from "../../../lenders/payment-assist/types"
import { mapApplicationStatus } from "../../../providers/payment-assist/status"
import { markPaymentFailedWorkflow } from "../../payment-failed"
import { completeFinancedCart } from "../../cart-links"
import type { ResolvedSession } from "./resolve-session"
import { paymentAssistLender } from "../../../providers/lenders"

export type OutcomeAction =
  "ignored" | "none" | "completed_cart" | "marked_failed" | "canceled_order" | "action_required"

export interface AppliedOutcome {
  action: OutcomeAction
  lender_status?: string
  reason?: string
  cart_id?: string | null
  order_id?: string | null
}

export interface ApplyOutcomeInput {
  session: ResolvedSession
  application: ApplicationStatusResult | null
}

export async function applyPaymentAssistOutcome(
  container: MedusaContainer,
  { session, application }: ApplyOutcomeInput,
): Promise<AppliedOutcome> {
  if (!session.found || !application) return { action: "ignored", reason: session.reason }
  const base = { lender_status: application.status, cart_id: session.cart_id, order_id: session.order_id }
  const { outcome, session: sessionStatus } = mapApplicationStatus(application.status)

  if (outcome === "approved") {
    if (session.payment_id) return { ...base, action: "none", reason: "payment already authorized" }
    const completion = await completeFinancedCart(container, {
      sessionId: session.session_id!,
      cartId: session.cart_id,
      action: PaymentActions.AUTHORIZED,
      amount: session.amount as BigNumberValue,
    })
    if (!("order_id" in completion)) {
      if (completion.error) throw completion.error
      // processPaymentWorkflow continues past a failed cart completion; a lender retry (webhook)
      // or the next poll must get another chance, so this is an error, not a quiet success.
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `Payment Assist approved the application but cart ${session.cart_id} could not be completed; see the server logs.`,
      )
    }
    return { ...base, order_id: completion.order_id, action: "completed_cart" }
  }

  if (outcome === "declined") {
    // The shared path (src/workflows/payment-failed): flags an authorized payment, cancels a
    // pending-authorization order, or marks the session and collection failed — under the cart lock.
    const { result } = await markPaymentFailedWorkflow(container).run({
      input: {
        payment_session_id: session.session_id!,
        // Payment Assist's decision on the shopper: not offered again for this cart.
        turn_away: "payment-assist",
        lender_name: paymentAssistLender.name,
        lender_status: application.status,
        session_status: sessionStatus as PaymentSessionStatus.ERROR | PaymentSessionStatus.CANCELED,
        session_data: { application_status: application.status },
      },
    })
    return { ...base, order_id: result.order_id ?? base.order_id, action: result.action, reason: result.reason }
  }

  return {
    ...base,
    action: "none",
    reason: outcome === "waiting" ? "the shopper has not finished" : `unknown status ${application.status}`,
  }
}

export const applyPaymentAssistOutcomeStep = createStep(
  "payment-assist-apply-outcome",
  async (input: ApplyOutcomeInput, { container }) =>
    new StepResponse(await applyPaymentAssistOutcome(container, input)),
)
