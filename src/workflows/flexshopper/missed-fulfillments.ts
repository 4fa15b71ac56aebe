// FlexShopper fulfillments whose event the subscribers never saw (reconcile/missed-events.ts says
// how events get lost), each confirmed now by the subscriber's own confirmFulfillment (once per
// fulfillment: its log keys and lock):
// - shipped (shipment.created) with no shipment confirmation in the log → Confirm Shipment;
// - created with nothing to ship (order.fulfillment_created) and no receipt → Confirm Receipt;
// - delivered (delivery.created) with no delivery capture in the log → the delivery's capture.
// Without this, FlexShopper never learns of the shipment, so it never pays the merchant.
import type { MedusaContainer } from "@medusajs/framework/types"
import { FLEXSHOPPER_PROVIDER_ID } from "../../providers/flexshopper/session-data"
import {
  keyedLogOf,
  recentFulfillments,
  runMissed,
  withoutLogEntry,
  type KeyedLog,
  type MissedEventOutcome,
  type RecentFulfillment,
} from "../reconcile/missed-events"
import {
  captureKey,
  confirmationKey,
  confirmFulfillment as defaultConfirm,
  type ConfirmFulfillmentInput,
  type ConfirmFulfillmentResult,
} from "./confirm-fulfillment"

export interface MissedFulfillmentDeps {
  log?: KeyedLog
  fulfillments?: typeof recentFulfillments
  confirmFulfillment?: (container: MedusaContainer, input: ConfirmFulfillmentInput) => Promise<ConfirmFulfillmentResult>
}

export async function confirmMissedFulfillments(
  container: MedusaContainer,
  now: Date,
  deps: MissedFulfillmentDeps = {},
): Promise<MissedEventOutcome[]> {
  const log = deps.log ?? keyedLogOf(container)
  const find = deps.fulfillments ?? recentFulfillments
  const confirm = deps.confirmFulfillment ?? defaultConfirm
  const run = (input: (f: RecentFulfillment) => ConfirmFulfillmentInput) => (f: RecentFulfillment) =>
    confirm(container, input(f)).then((result) => result.skipped)

  const shipped = (await find(container, FLEXSHOPPER_PROVIDER_ID, "shipped_at", now)).filter((f) => f.requires_shipping)
  const handedOver = (await find(container, FLEXSHOPPER_PROVIDER_ID, "created_at", now)).filter(
    (f) => !f.requires_shipping,
  )
  const delivered = await find(container, FLEXSHOPPER_PROVIDER_ID, "delivered_at", now)
  return [
    ...(await runMissed(
      await withoutLogEntry(log, shipped, (f) => confirmationKey("shipment", f.id)),
      run((f) => ({ fulfillment_id: f.id, kind: "shipment" })),
    )),
    ...(await runMissed(
      await withoutLogEntry(log, handedOver, (f) => confirmationKey("receipt", f.id)),
      run((f) => ({ fulfillment_id: f.id, kind: "receipt", only_without_shipping: true })),
    )),
    // After the shipments: a delivery's capture counts what FlexShopper was told was shipped.
    ...(await runMissed(
      await withoutLogEntry(log, delivered, (f) => captureKey("delivery", f.id)),
      run((f) => ({ fulfillment_id: f.id, kind: "shipment", on_delivery: true })),
    )),
  ]
}
