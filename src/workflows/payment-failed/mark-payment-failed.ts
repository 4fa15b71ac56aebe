// One path for every lender that VERIFIED a payment failed, was declined, canceled or expired
// (Payment Assist's declined application, Vault's FAILED / CANCELLED / EXPIRED payment): make it
// visible in Medusa instead of leaving an order-less "awaiting" collection for ever (Medusa's own
// webhook flow drops failed/canceled actions, medusajs/medusa#16398).
//
// It decides under the cart's lock (the one completeCartWorkflow and processPaymentWorkflow
// hold): mid-completion there is an order that the completion's compensation removes again if
// authorization fails, and a payment not yet made, so reading earlier would misjudge both.
// Guards, strictest first:
// - the session already has a Medusa payment → nothing changes; flagged for a person
//   (the lender says failed, Medusa holds an authorized/captured payment);
// - an order exists from the cart and holds a live payment → another payment won; untouched;
// - an order exists without any live payment (pending authorization) → it is canceled;
// - otherwise the session gets the lender's status (when asked) and the collection is marked
//   failed — unless the collection is already paid, authorized, failed or canceled.
import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules, PaymentCollectionStatus, PaymentSessionStatus } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { cancelOrderWorkflow } from "@medusajs/medusa/core-flows"
import type { LenderSlug } from "../../lenders/slugs"
import { getFinancingLog } from "../../modules/financing/registry"
import { rememberTurnedAway, turnedAwayReasonOf } from "../../provider-kit/turned-away"
import { cartOfCollection, underCartLock } from "../cart-links"
import { collectionOfSession, readSessionStanding, type SessionStanding } from "./session-standing"

export interface MarkPaymentFailedInput {
  payment_session_id: string
  /**
   * Set when the failure is the lender's decision about the shopper (Payment Assist's application):
   * that lender is left out of the cart's offers afterwards (provider-kit/turned-away.ts). Unset for
   * a failed payment the shopper may simply retry (a Vault card or balance).
   */
  turn_away?: LenderSlug
  /** The lender's display name, for reasons ("Payment Assist", "Vault"). */
  lender_name: string
  /** The lender's own word for the failure (DECLINED, EXPIRED, FAILED…), for reasons. */
  lender_status?: string
  /** Also move the session to this status (error / canceled), with `session_data` merged into its data. */
  session_status?: PaymentSessionStatus.ERROR | PaymentSessionStatus.CANCELED
  session_data?: Record<string, unknown>
}

export type PaymentFailedAction = "ignored" | "none" | "marked_failed" | "canceled_order" | "action_required"

export interface MarkPaymentFailedResult {
  action: PaymentFailedAction
  reason?: string
  cart_id: string | null
  order_id: string | null
  /** True when this run changed the collection's status. */
  collection_changed: boolean
  /** The collection's status before this run (null when unknown). */
  previous_collection_status: string | null
}

/** A collection in one of these states is settled one way or another: a late failure must not overwrite it. */
const SETTLED_COLLECTION_STATUSES: string[] = [
  PaymentCollectionStatus.COMPLETED,
  PaymentCollectionStatus.AUTHORIZED,
  PaymentCollectionStatus.PARTIALLY_AUTHORIZED,
  PaymentCollectionStatus.FAILED,
  PaymentCollectionStatus.CANCELED,
  PaymentCollectionStatus.PARTIALLY_CAPTURED,
]

type Compensation = { collection_id: string; status: string } | null

export async function markPaymentFailed(
  container: MedusaContainer,
  input: MarkPaymentFailedInput,
): Promise<{ result: MarkPaymentFailedResult; compensation: Compensation }> {
  const collectionId = await collectionOfSession(container, input.payment_session_id)
  if (!collectionId) return { result: ignored(null, "the payment session was removed"), compensation: null }
  const cartId = await cartOfCollection(container, collectionId)
  const decide = async () => {
    const standing = await readSessionStanding(container, input.payment_session_id, cartId)
    if (!standing) return { result: ignored(cartId, "the payment session was removed"), compensation: null }
    return apply(container, input, standing)
  }
  const outcome = await underCartLock(container, cartId, decide)
  if (input.turn_away && outcome.result.action !== "ignored")
    await rememberTurnedAway(getFinancingLog(), {
      lender: input.turn_away,
      cartId,
      reason: turnedAwayReasonOf(input.lender_status),
    })
  return outcome
}

function ignored(cartId: string | null, reason: string): MarkPaymentFailedResult {
  return {
    action: "ignored",
    reason,
    cart_id: cartId,
    order_id: null,
    collection_changed: false,
    previous_collection_status: null,
  }
}

async function apply(
  container: MedusaContainer,
  input: MarkPaymentFailedInput,
  standing: SessionStanding,
): Promise<{ result: MarkPaymentFailedResult; compensation: Compensation }> {
  const base = {
    cart_id: standing.cart_id,
    order_id: standing.order_id,
    collection_changed: false,
    previous_collection_status: standing.collection_status,
  }
  const status = input.lender_status ?? "failed"
  if (standing.payment_id) {
    const reason = `${input.lender_name} reports the payment ${status} but Medusa holds an authorized or captured payment from this session`
    return { result: { ...base, action: "action_required", reason }, compensation: null }
  }
  if (standing.order_id) {
    if (standing.order_payment_ids.length) {
      return {
        result: { ...base, action: "none", reason: "an order was placed from this cart with another payment" },
        compensation: null,
      }
    }
    // An order still waiting for its payment's authorization: Medusa core would leave it open.
    await cancelOrderWorkflow(container).run({ input: { order_id: standing.order_id } })
    return { result: { ...base, action: "canceled_order" }, compensation: null }
  }

  const payments = container.resolve(Modules.PAYMENT)
  let sessionChanged = false
  if (input.session_status && standing.session_status !== input.session_status) {
    try {
      await payments.updatePaymentSession({
        id: standing.session_id,
        data: { ...standing.data, ...(input.session_data ?? {}) },
        amount: standing.amount as never,
        currency_code: standing.currency_code,
        status: input.session_status,
      })
      sessionChanged = true
    } catch (error) {
      // Medusa deleted the session meanwhile (the cart changed: often why it expired). Nothing to mark.
      if (MedusaError.isMedusaError(error) && (error as MedusaError).type === MedusaError.Types.NOT_FOUND) {
        return { result: { ...base, action: "ignored", reason: "the payment session was removed" }, compensation: null }
      }
      throw error
    }
  }

  const previous = standing.collection_status
  if (previous === null || SETTLED_COLLECTION_STATUSES.includes(previous)) {
    return {
      result: {
        ...base,
        action: sessionChanged ? "marked_failed" : "none",
        reason: sessionChanged ? undefined : "already marked",
      },
      compensation: null,
    }
  }
  // `status` is a column of payment_collection; UpdatePaymentCollectionDTO does not list it.
  await payments.updatePaymentCollections(standing.collection_id, { status: PaymentCollectionStatus.FAILED } as Record<
    string,
    unknown
  >)
  return {
    result: { ...base, action: "marked_failed", collection_changed: true },
    compensation: { collection_id: standing.collection_id, status: previous },
  }
}

export const markPaymentFailedStep = createStep<MarkPaymentFailedInput, MarkPaymentFailedResult, Compensation>(
  "financing-mark-payment-failed",
  async (input, { container }) => {
    const { result, compensation } = await markPaymentFailed(container as MedusaContainer, input)
    return new StepResponse(result, compensation)
  },
  async (compensation, { container }) => {
    if (!compensation) return
    await container
      .resolve(Modules.PAYMENT)
      .updatePaymentCollections(compensation.collection_id, { status: compensation.status } as Record<string, unknown>)
  },
)

export const markPaymentFailedWorkflowId = "financing-mark-payment-failed"

/** A lender verified that a payment failed: flag, cancel or mark it in Medusa (see the guards above). */
export const markPaymentFailedWorkflow = createWorkflow(
  markPaymentFailedWorkflowId,
  (input: MarkPaymentFailedInput) => {
    return new WorkflowResponse(markPaymentFailedStep(input))
  },
)
