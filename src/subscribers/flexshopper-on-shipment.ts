// shipment.created → Confirm Shipment at FlexShopper for that fulfillment, then capture what is due.
// Other lenders' orders are skipped inside the workflow (it looks for a FlexShopper payment).
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { confirmFlexShopperFulfillmentWorkflow } from "../workflows/flexshopper"
import { runFlexShopperWorkflow } from "../workflows/flexshopper/run-reported"

export default async function flexShopperOnShipment({ event, container }: SubscriberArgs<{ id: string }>) {
  await runFlexShopperWorkflow(container, "shipment confirmation", () =>
    confirmFlexShopperFulfillmentWorkflow(container).run({
      input: { fulfillment_id: event.data.id, kind: "shipment" },
    }),
  )
}

export const config: SubscriberConfig = {
  event: "shipment.created",
  context: { subscriberId: "flexshopper-on-shipment" },
}
