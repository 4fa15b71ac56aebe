// Uploads an order's invoice to Payment Assist: run on fulfillment/shipment (subscriber), by the
// reconcile job, and on demand from the admin route.
import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { uploadPaymentAssistInvoiceStep, type UploadInvoiceInput } from "./steps/upload-invoice"

export const uploadPaymentAssistInvoiceWorkflowId = "payment-assist-upload-invoice"

export const uploadPaymentAssistInvoiceWorkflow = createWorkflow(
  uploadPaymentAssistInvoiceWorkflowId,
  (input: UploadInvoiceInput) => {
    return new WorkflowResponse(uploadPaymentAssistInvoiceStep(input))
  },
)
