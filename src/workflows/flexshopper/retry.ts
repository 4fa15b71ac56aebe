// Re-runs FlexShopper confirmations, captures, returns, credits and payment cancels that failed
// (the financing log keeps them with a next attempt time). Used by the reconcile job and the
// admin route.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type FinancingModuleService from "../../modules/financing/service"
import { FLEXSHOPPER } from "../../providers/flexshopper/session-data"
import { confirmFulfillment, type ConfirmationKind } from "./confirm-fulfillment"
import { retryCancel } from "./retry-cancel"
import { returnAndCredit } from "./return-and-credit"
import { hasAttemptsLeft } from "../../provider-kit/durable-operation"
import { messageOf } from "../../provider-kit/message-of"
import { FLEXSHOPPER_RETRY } from "./tracked-once"

/** The operations the reconcile job re-runs when due (lenders.ts RetryWork). */
export const FLEXSHOPPER_RETRIED_OPERATIONS = [
  "ship-confirm",
  "receipt-confirm",
  "capture",
  "return",
  "credit",
  "cancel",
]

export interface RetryOutcome {
  operation_id: string
  operation: string
  outcome: "succeeded" | "failed"
  error?: string
}

export async function retryFlexShopperOperations(
  container: MedusaContainer,
  opts: { order_id?: string; force?: boolean; now?: Date } = {},
): Promise<RetryOutcome[]> {
  const financing = container.resolve<FinancingModuleService>(FINANCING_MODULE)
  const now = opts.now ?? new Date()
  // A payment's cancel is logged before Medusa links it to anything but the payment.
  const paymentIds = opts.order_id ? await paymentIdsOf(container, opts.order_id) : []
  const scope = opts.order_id
    ? paymentIds.length
      ? { $or: [{ order_id: opts.order_id }, { payment_id: paymentIds }] }
      : { order_id: opts.order_id }
    : {}
  // Due ones only in the query: failures with no next attempt stay `failed`, and 100 of them
  // taken first would hide every newer retry that is due.
  const dueNow = opts.force ? {} : { next_attempt_at: { $lte: now } }
  const failed = await financing.listFinancingOperations(
    { lender: FLEXSHOPPER, outcome: "failed", operation: FLEXSHOPPER_RETRIED_OPERATIONS, ...scope, ...dueNow } as never,
    { take: 100, order: { created_at: "ASC" } },
  )
  const due = failed.filter(
    (op) =>
      opts.force ||
      (op.next_attempt_at && new Date(op.next_attempt_at) <= now && hasAttemptsLeft(FLEXSHOPPER_RETRY, op.attempts)),
  )
  const outcomes: RetryOutcome[] = []
  const seen = new Set<string>()
  for (const op of due) {
    const detail = (op.detail ?? {}) as { kind?: ConfirmationKind; return_id?: string; on_delivery?: boolean }
    // One re-run covers every step of the same fulfillment / return / payment cancel.
    const target =
      op.operation === "cancel"
        ? `c:${op.payment_id}`
        : op.fulfillment_id
          ? `f:${op.fulfillment_id}:${detail.on_delivery ? "delivery" : detail.kind}`
          : `r:${detail.return_id}`
    if (seen.has(target)) continue
    seen.add(target)
    try {
      if (op.operation === "cancel") {
        // Cancels logged without a payment (a lease voided before any order) have nothing to finish.
        if (!op.payment_id) continue
        await retryCancel(container, op)
      } else if (op.fulfillment_id) {
        const kind: ConfirmationKind = detail.kind ?? (op.operation === "receipt-confirm" ? "receipt" : "shipment")
        await confirmFulfillment(container, {
          fulfillment_id: op.fulfillment_id,
          kind,
          ...(detail.on_delivery ? { on_delivery: true } : {}),
        })
      } else if (detail.return_id && op.order_id) {
        await returnAndCredit(container, { order_id: op.order_id, return_id: detail.return_id })
      } else {
        continue
      }
      outcomes.push({ operation_id: op.id, operation: op.operation, outcome: "succeeded" })
    } catch (error) {
      outcomes.push({ operation_id: op.id, operation: op.operation, outcome: "failed", error: messageOf(error) })
    }
  }
  return outcomes
}

async function paymentIdsOf(container: MedusaContainer, orderId: string): Promise<string[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: ["payment_collections.payments.id"],
    filters: { id: orderId },
  })
  const order = data[0] as
    { payment_collections?: Array<{ payments?: Array<{ id: string } | null> | null } | null> } | undefined
  return (order?.payment_collections ?? [])
    .flatMap((c) => c?.payments ?? [])
    .filter((p): p is { id: string } => Boolean(p))
    .map((p) => p.id)
}
