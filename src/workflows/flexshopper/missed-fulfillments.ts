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
  missedFulfillments,
  runMissed,
  type FulfillmentEvent,
  type MissedEventDeps,
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

export interface MissedFulfillmentDeps extends MissedEventDeps {
  confirmFulfillment?: (container: MedusaContainer, input: ConfirmFulfillmentInput) => Promise<ConfirmFulfillmentResult>
}

export async function confirmMissedFulfillments(
  container: MedusaContainer,
  now: Date,
  deps: MissedFulfillmentDeps = {},
): Promise<MissedEventOutcome[]> {
  const confirm = deps.confirmFulfillment ?? defaultConfirm
  const sweep = async (
    event: FulfillmentEvent,
    keyOf: (f: RecentFulfillment) => string,
    input: (f: RecentFulfillment) => ConfirmFulfillmentInput,
    keep?: (f: RecentFulfillment) => boolean,
  ) =>
    runMissed(
      await missedFulfillments(container, deps, { providerId: FLEXSHOPPER_PROVIDER_ID, event, now, keyOf }, keep),
      async (f) => (await confirm(container, input(f))).skipped,
    )
  return [
    ...(await sweep(
      "shipped_at",
      (f) => confirmationKey("shipment", f.id),
      (f) => ({ fulfillment_id: f.id, kind: "shipment" }),
      (f) => f.requires_shipping,
    )),
    ...(await sweep(
      "created_at",
      (f) => confirmationKey("receipt", f.id),
      (f) => ({ fulfillment_id: f.id, kind: "receipt", only_without_shipping: true }),
      (f) => !f.requires_shipping,
    )),
    // After the shipments: a delivery's capture counts what FlexShopper was told was shipped.
    ...(await sweep(
      "delivered_at",
      (f) => captureKey("delivery", f.id),
      (f) => ({ fulfillment_id: f.id, kind: "shipment", on_delivery: true }),
    )),
  ]
}
