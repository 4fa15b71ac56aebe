// order.fulfillment_created → when nothing in the fulfillment ships (in-store hand-over, no
// shipping required), Confirm Receipt at FlexShopper right away; shipped fulfillments wait for
// shipment.created.
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { confirmFlexShopperFulfillmentWorkflow } from "../workflows/flexshopper"
import { runFlexShopperWorkflow } from "../workflows/flexshopper/run-reported"

export default async function flexShopperOnFulfillment({
  event,
  container,
}: SubscriberArgs<{ order_id: string; fulfillment_id: string }>) {
  await runFlexShopperWorkflow(container, "in-store receipt confirmation", () =>
    confirmFlexShopperFulfillmentWorkflow(container).run({
      input: { fulfillment_id: event.data.fulfillment_id, kind: "receipt", only_without_shipping: true },
    }),
  )
}

export const config: SubscriberConfig = {
  event: "order.fulfillment_created",
  context: { subscriberId: "flexshopper-on-fulfillment" },
}
