// Invoice uploads that failed (lender down, application not captured yet) are retried every
// 15 minutes until they succeed or the attempt cap turns them into an action-required entry.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { retryPaymentAssistInvoices } from "../workflows/payment-assist/retry-invoices"

export default async function paymentAssistRetryInvoices(container: MedusaContainer) {
  const outcomes = await retryPaymentAssistInvoices(container)
  for (const failed of outcomes.filter((o) => o.outcome === "failed")) {
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`Payment Assist invoice retry for order ${failed.order_id} failed: ${failed.error ?? "unknown error"}`)
  }
}

export const config = { name: "payment-assist-retry-invoices", schedule: "*/15 * * * *" }
