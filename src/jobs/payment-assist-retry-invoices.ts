// Invoice uploads that failed (lender down, application not captured yet) are retried every
// 15 minutes until they succeed or the attempt cap turns them into an action-required entry.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { FINANCING_MODULE } from "../modules/financing/constants"
import type FinancingModuleService from "../modules/financing/service"
import { maybePaymentAssistOptions, PAYMENT_ASSIST } from "../workflows/payment-assist/context"
import { uploadPaymentAssistInvoiceWorkflow } from "../workflows/payment-assist/upload-invoice"

export default async function paymentAssistRetryInvoices(container: MedusaContainer) {
  if (!maybePaymentAssistOptions(container)) return
  const financing = container.resolve<FinancingModuleService>(FINANCING_MODULE)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const due = await financing.listFinancingOperations(
    { lender: PAYMENT_ASSIST, operation: "invoice-upload", outcome: "failed", next_attempt_at: { $lte: new Date() } } as never,
    { take: 50, order: { created_at: "ASC" } as never }
  )
  const seen = new Set<string>()
  for (const operation of due as Array<{ id: string; order_id: string | null; fulfillment_id: string | null; attempts: number }>) {
    // Claim the entry first so an overlapping run does not retry it too.
    await financing.updateOperation(operation.id, { next_attempt_at: null })
    if (!operation.order_id || seen.has(operation.order_id)) continue
    seen.add(operation.order_id)
    try {
      await uploadPaymentAssistInvoiceWorkflow(container).run({
        input: { order_id: operation.order_id, fulfillment_id: operation.fulfillment_id ?? undefined, trigger: "retry", previous_attempts: operation.attempts },
      })
    } catch (error) {
      logger.warn(`Payment Assist invoice retry for order ${operation.order_id} failed: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
}

export const config = { name: "payment-assist-retry-invoices", schedule: "*/15 * * * *" }
