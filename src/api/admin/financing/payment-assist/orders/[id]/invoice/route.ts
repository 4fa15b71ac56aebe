// POST /admin/financing/payment-assist/orders/:id/invoice → { invoice: { uploaded, upload_status,
//   attempts, operation_id } }
// Re-renders the order's invoice and uploads it to Payment Assist now, even if one was uploaded
// before (e.g. after correcting the order). Failures answer with the lender's reason.
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { paymentAssistOptions } from "../../../../../../../workflows/payment-assist/context"
import { loadInvoiceOrder } from "../../../../../../../workflows/payment-assist/invoice-order"
import { uploadPaymentAssistInvoiceWorkflow } from "../../../../../../../workflows/payment-assist/upload-invoice"
import { shownValue } from "../../../../../../../provider-kit/validate-request"

export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await paymentAssistOptions(req.scope)
  const orderId = req.params.id
  if (!(await loadInvoiceOrder(req.scope, orderId))) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order with id "${shownValue(orderId)}" was not found`)
  }
  const { result } = await uploadPaymentAssistInvoiceWorkflow(req.scope).run({
    input: { order_id: orderId, force: true, trigger: "admin" },
  })
  if (result.skipped)
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Payment Assist invoice not uploaded: ${result.skipped}.`)
  if (!result.uploaded) {
    const type = result.http_status === 404 ? MedusaError.Types.NOT_ALLOWED : MedusaError.Types.UNEXPECTED_STATE
    throw new MedusaError(
      type,
      `${result.error_message}${result.retry_at ? ` (retried automatically from ${result.retry_at})` : ""}`,
    )
  }
  res.json({
    invoice: {
      uploaded: true,
      upload_status: result.upload_status,
      attempts: result.attempts,
      operation_id: result.operation_id,
    },
  })
}
