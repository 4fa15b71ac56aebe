// Re-runs invoice uploads that failed and are due again (lender down, application not captured
// yet). Used by the reconcile job.
import type { MedusaContainer } from "@medusajs/framework/types"
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type FinancingModuleService from "../../modules/financing/service"
import { retryDueOperations } from "../../provider-kit/durable-operation"
import { messageOf } from "../../provider-kit/message-of"
import { maybePaymentAssistOptions, PAYMENT_ASSIST } from "./context"
import { uploadPaymentAssistInvoiceWorkflow } from "./upload-invoice"

export interface InvoiceRetryOutcome {
  order_id: string
  outcome: "succeeded" | "failed"
  error?: string
}

export async function retryPaymentAssistInvoices(
  container: MedusaContainer,
  now: Date = new Date(),
): Promise<InvoiceRetryOutcome[]> {
  if (!(await maybePaymentAssistOptions(container))) return []
  return retryDueOperations(
    container.resolve<FinancingModuleService>(FINANCING_MODULE),
    { lender: PAYMENT_ASSIST, operation: "invoice-upload", now },
    (operation) => operation.order_id,
    async (operation, orderId): Promise<InvoiceRetryOutcome> => {
      try {
        const { result } = await uploadPaymentAssistInvoiceWorkflow(container).run({
          input: {
            order_id: orderId,
            fulfillment_id: operation.fulfillment_id ?? undefined,
            trigger: "retry",
            previous_attempts: operation.attempts,
          },
        })
        return {
          order_id: orderId,
          outcome: result.uploaded || result.skipped ? "succeeded" : "failed",
          error: result.error_message,
        }
      } catch (error) {
        return { order_id: orderId, outcome: "failed", error: messageOf(error) }
      }
    },
  )
}
