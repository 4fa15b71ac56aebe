// Fulfillment → invoice upload for orders paid with Payment Assist (the workflow ignores other
// orders). Which event triggers it is the provider option `invoiceTrigger`.
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { maybePaymentAssistOptions } from "../workflows/payment-assist/context"
import { uploadPaymentAssistInvoiceWorkflow } from "../workflows/payment-assist/upload-invoice"

type FulfillmentEvent = { id?: string; order_id?: string; fulfillment_id?: string }

export default async function paymentAssistOnFulfillment({ event, container }: SubscriberArgs<FulfillmentEvent>) {
  const options = await maybePaymentAssistOptions(container)
  if (!options) return
  const trigger = options.invoiceTrigger ?? "shipment"
  let input: { order_id?: string; fulfillment_id?: string; trigger: "shipment" | "fulfillment" } | undefined
  if (event.name === "shipment.created" && trigger === "shipment") input = { fulfillment_id: event.data.id, trigger }
  if (event.name === "order.fulfillment_created" && trigger === "fulfillment") {
    input = { order_id: event.data.order_id, fulfillment_id: event.data.fulfillment_id, trigger }
  }
  if (!input) return
  const { result } = await uploadPaymentAssistInvoiceWorkflow(container).run({ input })
  if (result.error_message) {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`Payment Assist invoice for order ${result.order_id}: ${result.error_message}`)
  }
}

export const config: SubscriberConfig = {
  event: ["shipment.created", "order.fulfillment_created"],
  context: { subscriberId: "payment-assist-invoice-upload" },
}
