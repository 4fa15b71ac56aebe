// order.return_received → Return Items at FlexShopper, then credit those lines (Medusa refund).
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { flexShopperReturnAndCreditWorkflow } from "../workflows/flexshopper"
import { runFlexShopperWorkflow } from "../workflows/flexshopper/run-reported"

export default async function flexShopperOnReturn({
  event,
  container,
}: SubscriberArgs<{ order_id: string; return_id: string }>) {
  await runFlexShopperWorkflow(container, "return and credit", () =>
    flexShopperReturnAndCreditWorkflow(container).run({
      input: { order_id: event.data.order_id, return_id: event.data.return_id },
    }),
  )
}

export const config: SubscriberConfig = {
  event: "order.return_received",
  context: { subscriberId: "flexshopper-on-return" },
}
