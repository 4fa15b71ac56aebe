// shipment.created → settle what shipped with NewDay (ignored for orders not paid with NewDay,
// and when the provider option settleOn is "capture").
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { settleNewDayShipmentWorkflow } from "../workflows/newday/settle-shipment"

export default async function newDayOnShipment({ event, container }: SubscriberArgs<{ id: string }>) {
  await settleNewDayShipmentWorkflow(container).run({ input: { fulfillment_id: event.data.id } })
}

export const config: SubscriberConfig = {
  event: "shipment.created",
  context: { subscriberId: "newday-settle-on-shipment" },
}
