// order.canceled → reverse the remaining NewDay float of partially settled payments.
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { reverseNewDayOnCancelWorkflow } from "../workflows/newday/reverse-on-cancel"

export default async function newDayOnOrderCanceled({ event, container }: SubscriberArgs<{ id: string }>) {
  await reverseNewDayOnCancelWorkflow(container).run({ input: { order_id: event.data.id } })
}

export const config: SubscriberConfig = {
  event: "order.canceled",
  context: { subscriberId: "newday-reverse-on-order-canceled" },
}
