// Re-runs one failed operation of an order's financing log on an admin's request, through the
// workflow that owns that kind of work (each is idempotent: a lender call that already went
// through is found and not repeated). Refuses operations that did not fail, that a later attempt
// already fixed, or that no workflow can redo.
import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { loadFinancingOrder, loadOrderOperations } from "../admin/order"
import { buildFinancingSummary } from "../admin/summary"
import { messageOf } from "../../provider-kit/message-of"
import { findLenderProviderOptions } from "../../provider-kit/provider-options"
import { lenderOperations } from "../lenders"

export interface RetryOperationResult {
  operation_id: string
  operation: string
  outcome: "succeeded" | "failed"
  error?: string
}

export async function retryFinancingOperation(
  container: MedusaContainer,
  orderId: string,
  operationId: string,
): Promise<RetryOperationResult> {
  const order = await loadFinancingOrder(container, orderId)
  const operations = await loadOrderOperations(container, order, 500)
  const op = operations.find((o) => o.id === operationId)
  if (!op)
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Operation "${operationId}" is not in the financing log of order ${orderId}.`,
    )

  const summary = buildFinancingSummary({
    order_id: order.id,
    currency_code: order.currency_code,
    payments: order.payments,
    sessions: order.sessions,
    fulfillments: order.fulfillments,
    operations,
    configured: (slug) => Boolean(findLenderProviderOptions(container, slug)),
  })
  const row = summary?.history.find((h) => h.id === op.id)
  const name = `Operation ${op.id} (${op.lender} ${op.operation})`
  if (!summary || !row)
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `${name} cannot be retried: it is not about this order's financing payment.`,
    )
  if (op.outcome !== "failed" && op.outcome !== "action_required") {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `${name} cannot be retried: it did not fail (outcome ${op.outcome}).`,
    )
  }
  // The handlers are keyed on the lender definition's retryableOperations (a unit test holds them equal).
  const handlers = lenderOperations(summary.lender).redo
  const redo = Object.prototype.hasOwnProperty.call(handlers, op.operation) ? handlers[op.operation] : undefined
  if (!redo) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `${name} cannot be retried: no workflow re-runs this kind of operation; sync the order or act in the lender's dashboard.`,
    )
  }
  if (!row.retryable) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `${name} cannot be retried: a later attempt already succeeded.`,
    )
  }

  try {
    const problem = await redo(container, op, order)
    return problem
      ? { operation_id: op.id, operation: op.operation, outcome: "failed", error: problem }
      : { operation_id: op.id, operation: op.operation, outcome: "succeeded" }
  } catch (error) {
    return { operation_id: op.id, operation: op.operation, outcome: "failed", error: messageOf(error) }
  }
}
