// Renders the order's invoice and uploads it to Payment Assist (/invoice), which releases the
// dealer's funds only once an invoice is on file. Transient failures are retried here; anything
// still failing is logged with next_attempt_at (PAYMENT_ASSIST_INVOICE_RETRY) for the reconcile
// job; a done upload is not repeated unless `force` (the admin re-upload).
import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { isLenderError } from "../../../lenders/errors"
import { renderInvoicePdf } from "../../../lenders/payment-assist/invoice/default-renderer"
import { INVOICE_FILETYPES } from "../../../lenders/payment-assist/types"
import { FINANCING_MODULE } from "../../../modules/financing/constants"
import { nextAttemptAt, type RetryPolicy } from "../../../provider-kit/durable-operation"
import type FinancingModuleService from "../../../modules/financing/service"
import {
  maybePaymentAssistOptions,
  PAYMENT_ASSIST,
  PAYMENT_ASSIST_PROVIDER_ID,
  paymentAssistClientFor,
} from "../context"
import { buildInvoiceDocument, loadInvoiceOrder, orderIdOfFulfillment, paymentAssistPayment } from "../invoice-order"

export interface UploadInvoiceInput {
  order_id?: string
  fulfillment_id?: string
  /** Upload again even if an invoice was already accepted (admin re-upload). */
  force?: boolean
  trigger: "shipment" | "fulfillment" | "admin" | "retry"
  /** Attempts made by earlier runs (the reconcile job), so the cap spans runs. */
  previous_attempts?: number
}

export interface UploadInvoiceResult {
  uploaded: boolean
  skipped?: string
  order_id?: string
  upload_status?: string
  attempts?: number
  operation_id?: string
  error_message?: string
  http_status?: number | null
  retry_at?: string | null
}

const ATTEMPTS_PER_RUN = 3
/** 15 attempts in all (up to 3 per run), a run every 15 minutes. */
export const PAYMENT_ASSIST_INVOICE_RETRY: RetryPolicy = {
  maxAttempts: 15,
  baseMs: 15 * 60 * 1000,
  maxMs: 15 * 60 * 1000,
}

export const invoiceKey = (orderId: string) => `payment-assist:invoice:${orderId}`

export async function uploadPaymentAssistInvoice(
  container: MedusaContainer,
  input: UploadInvoiceInput,
  sleep = defaultSleep,
): Promise<UploadInvoiceResult> {
  const options = await maybePaymentAssistOptions(container)
  if (!options) return { uploaded: false, skipped: "Payment Assist is not configured" }
  const orderId =
    input.order_id ?? (input.fulfillment_id ? await orderIdOfFulfillment(container, input.fulfillment_id) : undefined)
  if (!orderId) return { uploaded: false, skipped: "no order for this fulfillment" }
  const order = await loadInvoiceOrder(container, orderId)
  if (!order) return { uploaded: false, skipped: `order ${orderId} not found` }
  const payment = paymentAssistPayment(order)
  const token = payment?.data?.token
  if (!payment || typeof token !== "string")
    return { uploaded: false, order_id: orderId, skipped: "the order was not paid with Payment Assist" }

  const financing = container.resolve<FinancingModuleService>(FINANCING_MODULE)
  const previous = await financing.findOperationByIdempotencyKey(invoiceKey(orderId))
  if (previous?.outcome === "succeeded" && !input.force) {
    return { uploaded: false, order_id: orderId, skipped: "an invoice was already uploaded", operation_id: previous.id }
  }

  const renderer = options.invoiceRenderer ?? renderInvoicePdf
  const rendered = await renderer(buildInvoiceDocument(order, payment, options, new Date()))
  if (
    !INVOICE_FILETYPES.includes(rendered?.filetype) ||
    !Buffer.isBuffer(rendered.data) ||
    rendered.data.length === 0
  ) {
    throw new Error(
      `Payment Assist: the invoiceRenderer must return { filetype: one of ${INVOICE_FILETYPES.join(", ")}, data: a non-empty Buffer }.`,
    )
  }

  const client = await paymentAssistClientFor(container)
  // /invoice has no idempotency key: after an answer we never got (timeout, reset, garbled body)
  // Payment Assist may hold the invoice already, and uploading again would file it twice. Its
  // /status says whether an invoice is on file, so ask before trying again.
  const alreadyOnFile = async () => (await client.status(token).catch(() => undefined))?.has_invoice === true
  // Logged before the first call: a process that dies mid-upload leaves this entry pending, and
  // the reconcile job finishes it (asking /status first) instead of the upload being forgotten.
  const entry = await financing.recordOperation({
    provider_id: PAYMENT_ASSIST_PROVIDER_ID,
    lender: PAYMENT_ASSIST,
    operation: "invoice-upload",
    outcome: "pending",
    order_id: orderId,
    payment_id: payment.id,
    fulfillment_id: input.fulfillment_id ?? null,
    lender_reference: token,
    idempotency_key: invoiceKey(orderId),
    attempts: input.previous_attempts ?? 0,
    detail: { trigger: input.trigger, filetype: rendered.filetype, bytes: rendered.data.length },
  })
  let attempts = 0
  let failure: { message: string; status: number | null; retryLater: boolean } | undefined
  let uploadStatus: string | undefined
  let outcomeUnknown = Boolean(previous && previous.outcome !== "succeeded" && !input.force)
  while (attempts < ATTEMPTS_PER_RUN) {
    if (outcomeUnknown && (await alreadyOnFile())) {
      failure = undefined
      uploadStatus = "success"
      break
    }
    attempts++
    try {
      const result = await client.invoice({ token, filetype: rendered.filetype, file: rendered.data })
      uploadStatus = result.upload_status
      if (uploadStatus === "success") {
        failure = undefined
        break
      }
      failure = {
        message: `Payment Assist invoice failed: upload_status ${uploadStatus}`,
        status: 200,
        retryLater: true,
      }
      outcomeUnknown = false
    } catch (error) {
      const status = isLenderError(error) ? (error.httpStatus ?? null) : null
      // No status, or a 2xx we could not read: the upload may have landed.
      outcomeUnknown = status === null || (status >= 200 && status < 300)
      // 404 = the application is not completed yet (not captured): worth retrying later, not now.
      const transient = outcomeUnknown || status! >= 500 || status === 429
      failure = {
        message: error instanceof Error ? error.message : String(error),
        status,
        retryLater: transient || status === 404,
      }
      if (!transient) break
    }
    if (attempts < ATTEMPTS_PER_RUN) await sleep(250 * 2 ** (attempts - 1))
  }
  if (failure && outcomeUnknown && (await alreadyOnFile())) {
    failure = undefined
    uploadStatus = "success"
  }

  const totalAttempts = (input.previous_attempts ?? 0) + attempts
  const retryAt = failure?.retryLater ? nextAttemptAt(PAYMENT_ASSIST_INVOICE_RETRY, totalAttempts) : null
  const operation = await financing.updateOperation(entry.id, {
    outcome: failure ? (retryAt ? "failed" : "action_required") : "succeeded",
    attempts: totalAttempts,
    http_status: failure?.status ?? null,
    error_message: failure
      ? retryAt
        ? failure.message
        : `${failure.message}. Upload the invoice in the dealer dashboard, or retry from the order page.`
      : null,
    next_attempt_at: retryAt,
    detail: {
      trigger: input.trigger,
      filetype: rendered.filetype,
      bytes: rendered.data.length,
      upload_status: uploadStatus ?? null,
    },
  })
  return {
    uploaded: !failure,
    order_id: orderId,
    upload_status: uploadStatus,
    attempts: totalAttempts,
    operation_id: operation.id,
    error_message: failure?.message,
    http_status: failure?.status ?? null,
    retry_at: retryAt?.toISOString() ?? null,
  }
}

function defaultSleep(ms: number) {
  return new Promise<void>((resolve) => setTimeout(resolve, ms))
}

export const uploadPaymentAssistInvoiceStep = createStep(
  "payment-assist-upload-invoice",
  async (input: UploadInvoiceInput, { container }) =>
    new StepResponse(await uploadPaymentAssistInvoice(container, input)),
)
