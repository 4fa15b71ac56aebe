// Order placed / payment captured → the store's order number on the Payment Assist agreement
// (the workflow ignores orders not paid with Payment Assist).
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { setPaymentAssistOrderReferenceWorkflow } from "../workflows/payment-assist/set-order-reference"

export default async function paymentAssistOrderReference({ event, container }: SubscriberArgs<{ id: string }>) {
  const input = event.name === "order.placed" ? { order_id: event.data.id } : { payment_id: event.data.id }
  try {
    await setPaymentAssistOrderReferenceWorkflow(container).run({ input })
  } catch (error) {
    // Logged in the financing log by the step; the order itself is fine either way.
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`Payment Assist order reference: ${error instanceof Error ? error.message : String(error)}`)
  }
}

export const config: SubscriberConfig = {
  event: ["order.placed", "payment.captured"],
  context: { subscriberId: "payment-assist-order-reference" },
}
