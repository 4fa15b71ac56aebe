// Re-runs one failed operation of an order's financing log on an admin's request, through the
// workflow that owns that kind of work (each is idempotent: a lender call that already went
// through is found and not repeated). Refuses operations that did not fail, that a later attempt
// already fixed, or that no workflow can redo.
import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import type { LenderSlug } from "../../lenders/slugs"
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type FinancingModuleService from "../../modules/financing/service"
import type { FinancingOperationDTO } from "../../modules/financing/types"
import { findLenderProviderOptions } from "../../provider-kit/provider-options"
import { loadFinancingOrder, loadOrderOperations, type FinancingOrderRecord } from "../../provider-kit/admin-order"
import { buildFinancingSummary, RETRYABLE_OPERATIONS } from "../../provider-kit/admin-summary"
import { confirmFulfillment, type ConfirmationKind } from "../flexshopper/confirm-fulfillment"
import { returnAndCredit } from "../flexshopper/return-and-credit"
import { settleNewDayShipmentWorkflow } from "../newday/settle-shipment"
import { uploadPaymentAssistInvoiceWorkflow } from "../payment-assist/upload-invoice"

export interface RetryOperationResult {
  operation_id: string
  operation: string
  outcome: "succeeded" | "failed"
  error?: string
}

type Redo = (container: MedusaContainer, op: FinancingOperationDTO, order: FinancingOrderRecord) => Promise<string | undefined>

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

/** Each returns undefined on success, or why the work could not be done. */
const REDO: Record<LenderSlug, Redo | undefined> = {
  flexshopper: async (container, op) => {
    const detail = (op.detail ?? {}) as { kind?: ConfirmationKind; return_id?: string; on_delivery?: boolean }
    if (op.fulfillment_id) {
      const kind: ConfirmationKind = detail.kind ?? (op.operation === "receipt-confirm" ? "receipt" : "shipment")
      return (await confirmFulfillment(container, { fulfillment_id: op.fulfillment_id, kind, ...(detail.on_delivery ? { on_delivery: true } : {}) })).skipped
    }
    if (detail.return_id && op.order_id) return (await returnAndCredit(container, { order_id: op.order_id, return_id: detail.return_id })).skipped
    return "the log entry names neither a fulfillment nor a return"
  },
  "payment-assist": async (container, op, order) => {
    const financing = container.resolve<FinancingModuleService>(FINANCING_MODULE)
    // Claimed first, so the retry job does not upload the same invoice again meanwhile.
    await financing.updateOperation(op.id, { next_attempt_at: null })
    const { result } = await uploadPaymentAssistInvoiceWorkflow(container).run({
      input: { order_id: order.id, fulfillment_id: op.fulfillment_id ?? undefined, trigger: "retry", previous_attempts: op.attempts },
    })
    if (result.uploaded || result.skipped === "an invoice was already uploaded") return undefined
    return result.skipped ?? result.error_message ?? "the upload failed"
  },
  newday: async (container, op, order) => {
    // Settling is planned per shipped fulfillment and skips those already settled.
    const shipped = order.fulfillments.filter((f) => f.shipped_at && !f.canceled_at && (!op.fulfillment_id || f.id === op.fulfillment_id))
    if (!shipped.length) return "no shipped fulfillment to settle"
    for (const fulfillment of shipped) {
      await settleNewDayShipmentWorkflow(container).run({ input: { fulfillment_id: fulfillment.id } })
    }
    return undefined
  },
  vault: undefined,
}

export async function retryFinancingOperation(container: MedusaContainer, orderId: string, operationId: string): Promise<RetryOperationResult> {
  const order = await loadFinancingOrder(container, orderId)
  const operations = await loadOrderOperations(container, order, 500)
  const op = operations.find((o) => o.id === operationId)
  if (!op) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Operation "${operationId}" is not in the financing log of order ${orderId}.`)

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
  if (!summary || !row) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `${name} cannot be retried: it is not about this order's financing payment.`)
  if (op.outcome !== "failed" && op.outcome !== "action_required") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `${name} cannot be retried: it did not fail (outcome ${op.outcome}).`)
  }
  const redo = REDO[summary.lender]
  if (!redo || !RETRYABLE_OPERATIONS[summary.lender].includes(op.operation)) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `${name} cannot be retried: no workflow re-runs this kind of operation; sync the order or act in the lender's dashboard.`)
  }
  if (!row.retryable) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `${name} cannot be retried: a later attempt already succeeded.`)
  }

  try {
    const problem = await redo(container, op, order)
    return problem ? { operation_id: op.id, operation: op.operation, outcome: "failed", error: problem } : { operation_id: op.id, operation: op.operation, outcome: "succeeded" }
  } catch (error) {
    return { operation_id: op.id, operation: op.operation, outcome: "failed", error: messageOf(error) }
  }
}
