// shipment.created → settle what shipped with NewDay (ignored for orders not paid with NewDay,
// and when the provider option settleOn is "capture"). A failure is logged for the reconcile job.
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { settleNewDayShipment } from "../workflows/newday/confirmations"

export default async function newDayOnShipment({ event, container }: SubscriberArgs<{ id: string }>) {
  await settleNewDayShipment(container, event.data.id)
}

export const config: SubscriberConfig = {
  event: "shipment.created",
  context: { subscriberId: "newday-settle-on-shipment" },
}
