// Re-runs invoice uploads that failed and are due again (lender down, application not captured
// yet). Used by the payment-assist-retry-invoices job and the reconcile job.
import type { MedusaContainer } from "@medusajs/framework/types"
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type FinancingModuleService from "../../modules/financing/service"
import { maybePaymentAssistOptions, PAYMENT_ASSIST } from "./context"
import { errorMessage } from "./log"
import { uploadPaymentAssistInvoiceWorkflow } from "./upload-invoice"

export interface InvoiceRetryOutcome {
  order_id: string
  outcome: "succeeded" | "failed"
  error?: string
}

export async function retryPaymentAssistInvoices(container: MedusaContainer, now: Date = new Date()): Promise<InvoiceRetryOutcome[]> {
  if (!maybePaymentAssistOptions(container)) return []
  const financing = container.resolve<FinancingModuleService>(FINANCING_MODULE)
  const due = await financing.listFinancingOperations(
    { lender: PAYMENT_ASSIST, operation: "invoice-upload", outcome: "failed", next_attempt_at: { $lte: now } } as never,
    { take: 50, order: { created_at: "ASC" } as never }
  )
  const outcomes: InvoiceRetryOutcome[] = []
  const seen = new Set<string>()
  for (const operation of due as Array<{ id: string; order_id: string | null; fulfillment_id: string | null; attempts: number }>) {
    // Claim the entry first so an overlapping run does not retry it too.
    await financing.updateOperation(operation.id, { next_attempt_at: null })
    if (!operation.order_id || seen.has(operation.order_id)) continue
    seen.add(operation.order_id)
    try {
      const { result } = await uploadPaymentAssistInvoiceWorkflow(container).run({
        input: { order_id: operation.order_id, fulfillment_id: operation.fulfillment_id ?? undefined, trigger: "retry", previous_attempts: operation.attempts },
      })
      outcomes.push({ order_id: operation.order_id, outcome: result.uploaded || result.skipped ? "succeeded" : "failed", error: result.error_message })
    } catch (error) {
      outcomes.push({ order_id: operation.order_id, outcome: "failed", error: errorMessage(error) })
    }
  }
  return outcomes
}
