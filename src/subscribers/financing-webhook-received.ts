// A lender webhook was verified and recorded by its route, which has already answered the lender:
// process it now (src/workflows/webhooks). Runs wherever Medusa runs subscribers (the worker, with
// Redis). Nothing is thrown back at the event bus: the outcome is on the delivery's log entry, and
// a failed one is retried by the reconcile job on its own schedule (WEBHOOK_RETRY_POLICY).
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { messageOf } from "../provider-kit/message-of"
import { WEBHOOK_RECEIVED_EVENT } from "../workflows/webhooks/delivery"
import { processWebhookDelivery } from "../workflows/webhooks/process"

export default async function financingWebhookReceived({ event, container }: SubscriberArgs<{ id?: string }>) {
  const id = event.data?.id
  if (typeof id !== "string" || !id) return
  try {
    await processWebhookDelivery(container, id)
  } catch (error) {
    // The log itself could not be read or written: the entry stays pending for the reconcile job.
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`Financing webhook ${id} left for the reconcile job: ${messageOf(error)}`)
  }
}

export const config: SubscriberConfig = {
  event: WEBHOOK_RECEIVED_EVENT,
  context: { subscriberId: "financing-webhook-received" },
}
