// delivery.created → nothing new for FlexShopper: seed 002 confirms shipped goods with Confirm
// Shipment (done on shipment.created, or now if the fulfillment was never marked shipped) and
// uses Confirm Receipt only for in-store purchases with no delivery. With captureOn=receipt this
// is when Medusa captures the delivered goods.
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { confirmFlexShopperFulfillmentWorkflow } from "../workflows/flexshopper"
import { runFlexShopperWorkflow } from "../workflows/flexshopper/run-reported"

export default async function flexShopperOnDelivery({ event, container }: SubscriberArgs<{ id: string }>) {
  await runFlexShopperWorkflow(container, "delivery", () =>
    confirmFlexShopperFulfillmentWorkflow(container).run({
      input: { fulfillment_id: event.data.id, kind: "shipment", on_delivery: true },
    }),
  )
}

export const config: SubscriberConfig = {
  event: "delivery.created",
  context: { subscriberId: "flexshopper-on-delivery" },
}
