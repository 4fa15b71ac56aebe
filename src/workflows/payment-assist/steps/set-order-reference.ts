// Once the order exists, Payment Assist's agreement should carry the store's order number
// (/update order_id = display id) instead of the payment-session id used on /begin. The lender
// only allows this on a completed application, so it runs when the order is placed (auto-capture)
// and again when the payment is captured; it happens once per order.
import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { isLenderError } from "../../../lenders/errors"
import { FINANCING_MODULE } from "../../../modules/financing/constants"
import type FinancingModuleService from "../../../modules/financing/service"
import {
  maybePaymentAssistOptions,
  PAYMENT_ASSIST,
  PAYMENT_ASSIST_PROVIDER_ID,
  paymentAssistClientFor,
} from "../context"
import { loadInvoiceOrder, orderIdOfPayment, paymentAssistPayment } from "../invoice-order"

export interface SetOrderReferenceInput {
  order_id?: string
  payment_id?: string
}

export interface SetOrderReferenceResult {
  updated: boolean
  skipped?: string
  order_reference?: string
}

export const orderReferenceKey = (orderId: string) => `payment-assist:order-reference:${orderId}`

export async function setPaymentAssistOrderReference(
  container: MedusaContainer,
  input: SetOrderReferenceInput,
): Promise<SetOrderReferenceResult> {
  if (!(await maybePaymentAssistOptions(container)))
    return { updated: false, skipped: "Payment Assist is not configured" }
  const orderId = input.order_id ?? (input.payment_id ? await orderIdOfPayment(container, input.payment_id) : undefined)
  if (!orderId) return { updated: false, skipped: "no order" }
  const order = await loadInvoiceOrder(container, orderId)
  const payment = order && paymentAssistPayment(order)
  const token = payment?.data?.token
  if (!order || !payment || typeof token !== "string") return { updated: false, skipped: "not a Payment Assist order" }

  const financing = container.resolve<FinancingModuleService>(FINANCING_MODULE)
  const done = await financing.findOperationByIdempotencyKey(orderReferenceKey(orderId))
  if (done?.outcome === "succeeded") return { updated: false, skipped: "already set" }

  const client = await paymentAssistClientFor(container)
  // "completed" is terminal, so a payment already stored as completed needs no /status read.
  if (payment.data?.application_status !== "completed") {
    const status = await client.status(token)
    if (status.status !== "completed")
      return { updated: false, skipped: `the application is ${status.status}; set once completed` }
  }

  const reference = String(order.display_id)
  const base = {
    provider_id: PAYMENT_ASSIST_PROVIDER_ID,
    lender: PAYMENT_ASSIST,
    operation: "update",
    order_id: orderId,
    payment_id: payment.id,
    lender_reference: token,
    idempotency_key: orderReferenceKey(orderId),
    detail: { order_reference: reference },
  }
  try {
    await client.update({ token, order_id: reference })
  } catch (error) {
    await financing.recordOperation({
      ...base,
      outcome: "failed",
      error_message: error instanceof Error ? error.message : String(error),
      http_status: isLenderError(error) ? (error.httpStatus ?? null) : null,
    })
    throw error
  }
  await financing.recordOperation({ ...base, outcome: "succeeded" })
  return { updated: true, order_reference: reference }
}

export const setPaymentAssistOrderReferenceStep = createStep(
  "payment-assist-set-order-reference",
  async (input: SetOrderReferenceInput, { container }) =>
    new StepResponse(await setPaymentAssistOrderReference(container, input)),
)
