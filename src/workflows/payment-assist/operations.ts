// Payment Assist's workflow-level handlers (gathered in src/workflows/lenders.ts).
import type { LenderOperations } from "../lenders"
import { paymentAssistReconciler } from "../reconcile/payment-assist"
import { syncPaymentAssist } from "../sync/payment-assist"
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type FinancingModuleService from "../../modules/financing/service"
import { uploadMissedInvoices } from "./missed-invoices"
import { pollPaymentAssistApplications } from "./poll-applications"
import { retryPaymentAssistInvoices } from "./retry-invoices"
import { uploadPaymentAssistInvoiceWorkflow } from "./upload-invoice"

export const paymentAssistOperations: LenderOperations = {
  lender: "payment-assist",
  reconciler: paymentAssistReconciler,
  sync: syncPaymentAssist,
  redo: {
    "invoice-upload": async (container, op, order) => {
      const financing = container.resolve<FinancingModuleService>(FINANCING_MODULE)
      // Claimed first, so the reconcile job does not upload the same invoice again meanwhile.
      await financing.updateOperation(op.id, { next_attempt_at: null })
      const { result } = await uploadPaymentAssistInvoiceWorkflow(container).run({
        input: {
          order_id: order.id,
          fulfillment_id: op.fulfillment_id ?? undefined,
          trigger: "retry",
          previous_attempts: op.attempts,
        },
      })
      if (result.uploaded || result.skipped === "an invoice was already uploaded") return undefined
      return result.skipped ?? result.error_message ?? "the upload failed"
    },
  },
  retryDue: { label: "payment-assist invoices", operations: ["invoice-upload"], run: retryPaymentAssistInvoices },
  poll: { label: "payment-assist applications", run: pollPaymentAssistApplications },
  missedEvents: {
    label: "payment-assist fulfillments never invoiced",
    run: (container, now) => uploadMissedInvoices(container, now),
  },
}
