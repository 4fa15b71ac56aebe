// order.canceled → reverse the remaining NewDay float of partially settled payments. A failure is
// logged for the reconcile job.
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { reverseNewDayOnCancel } from "../workflows/newday/confirmations"

export default async function newDayOnOrderCanceled({ event, container }: SubscriberArgs<{ id: string }>) {
  await reverseNewDayOnCancel(container, event.data.id)
}

export const config: SubscriberConfig = {
  event: "order.canceled",
  context: { subscriberId: "newday-reverse-on-order-canceled" },
}
