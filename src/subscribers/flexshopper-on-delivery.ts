// delivery.created → Confirm Receipt at FlexShopper for that fulfillment, then capture what is due.
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { confirmFlexShopperFulfillmentWorkflow } from "../workflows/flexshopper"
import { runFlexShopperWorkflow } from "../workflows/flexshopper/run-reported"

export default async function flexShopperOnDelivery({ event, container }: SubscriberArgs<{ id: string }>) {
  await runFlexShopperWorkflow(container, "receipt confirmation", () =>
    confirmFlexShopperFulfillmentWorkflow(container).run({ input: { fulfillment_id: event.data.id, kind: "receipt" } })
  )
}

export const config: SubscriberConfig = { event: "delivery.created", context: { subscriberId: "flexshopper-on-delivery" } }
