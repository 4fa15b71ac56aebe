// NewDay's fulfillment-side money movements run from subscribers (settle on shipment, reverse
// the rest of the float on cancel). When NewDay is down they must not be forgotten: a failure is
// logged with `next_attempt_at` (backoff) and the reconcile job runs it again. Re-running is
// safe: settle and reverse derive their idempotency keys from the authorisation's state and the
// amount, so a call NewDay did act on (answer lost) is replayed, not repeated.
import type { MedusaContainer } from "@medusajs/framework/types"
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type FinancingModuleService from "../../modules/financing/service"
import { providerIdFor } from "../../lenders/slugs"
import { failureOutcome, retryDueOperations, type RetryPolicy } from "../../provider-kit/durable-operation"
import { messageOf } from "../../provider-kit/message-of"
import { reverseNewDayOnCancelWorkflow } from "./reverse-on-cancel"
import { newDayShipmentKey, planNewDayShipmentSettlement, settleNewDayShipmentWorkflow } from "./settle-shipment"

/** The NewDay operations the reconcile job re-runs when due (lenders.ts RetryWork). */
export const NEWDAY_RETRIED_OPERATIONS = ["settle-shipment", "reverse-on-cancel"] as const

/** 10 attempts, 5 minutes after the first failure, doubling up to 6 hours. */
export const NEWDAY_CONFIRMATION_RETRY: RetryPolicy = {
  maxAttempts: 10,
  baseMs: 5 * 60 * 1000,
  maxMs: 6 * 60 * 60 * 1000,
}
export const NEWDAY_CONFIRMATION_MAX_ATTEMPTS = NEWDAY_CONFIRMATION_RETRY.maxAttempts

export const newDayReverseKey = (orderId: string) => `newday-reverse:${orderId}`

export interface NewDayConfirmationOutcome {
  operation: (typeof NEWDAY_RETRIED_OPERATIONS)[number]
  outcome: "succeeded" | "failed" | "action_required"
  fulfillment_id?: string
  order_id?: string | null
  attempts: number
  error?: string
}

async function recordFailure(
  container: MedusaContainer,
  entry: {
    operation: NewDayConfirmationOutcome["operation"]
    key: string
    order_id?: string | null
    fulfillment_id?: string
    attempts: number
    error: string
  },
  now: Date,
): Promise<NewDayConfirmationOutcome["outcome"]> {
  const { outcome, next_attempt_at } = failureOutcome(NEWDAY_CONFIRMATION_RETRY, entry.attempts, now)
  const giveUp = outcome === "action_required"
  await container.resolve<FinancingModuleService>(FINANCING_MODULE).recordOperation({
    provider_id: providerIdFor("newday"),
    lender: "newday",
    operation: entry.operation,
    outcome,
    order_id: entry.order_id ?? null,
    fulfillment_id: entry.fulfillment_id ?? null,
    idempotency_key: entry.key,
    attempts: entry.attempts,
    error_message: giveUp
      ? `${entry.error}. Gave up after ${entry.attempts} attempts: finish it in NewDay's merchant portal.`
      : entry.error,
    next_attempt_at,
  })
  return outcome
}

/** Settles a shipped fulfillment with NewDay, or logs the failure for the reconcile job. */
export async function settleNewDayShipment(
  container: MedusaContainer,
  fulfillmentId: string,
  previousAttempts = 0,
  now = new Date(),
): Promise<NewDayConfirmationOutcome> {
  const attempts = previousAttempts + 1
  const { errors, result } = await settleNewDayShipmentWorkflow(container).run({
    input: { fulfillment_id: fulfillmentId },
    throwOnError: false,
  })
  if (!errors?.length)
    return {
      operation: "settle-shipment",
      outcome: "succeeded",
      fulfillment_id: fulfillmentId,
      order_id: result?.order_id ?? null,
      attempts,
    }
  const error = messageOf(errors[0]?.error, "unexpected error")
  const plan = await planNewDayShipmentSettlement(container, fulfillmentId).catch(() => null)
  const outcome = await recordFailure(
    container,
    {
      operation: "settle-shipment",
      key: newDayShipmentKey(fulfillmentId),
      order_id: plan?.order_id,
      fulfillment_id: fulfillmentId,
      attempts,
      error,
    },
    now,
  )
  return {
    operation: "settle-shipment",
    outcome,
    fulfillment_id: fulfillmentId,
    order_id: plan?.order_id ?? null,
    attempts,
    error,
  }
}

/** Reverses the rest of a canceled order's NewDay float, or logs the failure for the reconcile job. */
export async function reverseNewDayOnCancel(
  container: MedusaContainer,
  orderId: string,
  previousAttempts = 0,
  now = new Date(),
): Promise<NewDayConfirmationOutcome> {
  const attempts = previousAttempts + 1
  const { errors } = await reverseNewDayOnCancelWorkflow(container).run({
    input: { order_id: orderId },
    throwOnError: false,
  })
  if (!errors?.length) {
    if (previousAttempts > 0) {
      await container.resolve<FinancingModuleService>(FINANCING_MODULE).recordOperation({
        provider_id: providerIdFor("newday"),
        lender: "newday",
        operation: "reverse-on-cancel",
        outcome: "succeeded",
        order_id: orderId,
        idempotency_key: newDayReverseKey(orderId),
        attempts,
      })
    }
    return { operation: "reverse-on-cancel", outcome: "succeeded", order_id: orderId, attempts }
  }
  const error = messageOf(errors[0]?.error, "unexpected error")
  const outcome = await recordFailure(
    container,
    { operation: "reverse-on-cancel", key: newDayReverseKey(orderId), order_id: orderId, attempts, error },
    now,
  )
  return { operation: "reverse-on-cancel", outcome, order_id: orderId, attempts, error }
}

/** Runs again every NewDay settle/reverse that failed and is due. */
export async function retryNewDayConfirmations(
  container: MedusaContainer,
  now: Date = new Date(),
): Promise<NewDayConfirmationOutcome[]> {
  const targetOf = (op: { operation: string; order_id?: string | null; fulfillment_id?: string | null }) =>
    op.operation === "settle-shipment" ? op.fulfillment_id : op.order_id
  return retryDueOperations(
    container.resolve<FinancingModuleService>(FINANCING_MODULE),
    { lender: "newday", operation: [...NEWDAY_RETRIED_OPERATIONS], now },
    (op) => {
      const target = targetOf(op)
      return target ? `${op.operation}:${target}` : null
    },
    (op) =>
      op.operation === "settle-shipment"
        ? settleNewDayShipment(container, targetOf(op)!, op.attempts, now)
        : reverseNewDayOnCancel(container, targetOf(op)!, op.attempts, now),
  )
}
