// FlexShopper's workflow-level handlers (gathered in src/workflows/lenders.ts).
import type { LenderOperations, RedoOperation } from "../lenders"
import { flexShopperReconciler } from "../reconcile/flexshopper"
import { syncFlexShopper } from "../sync/flexshopper"
import { confirmFulfillment, type ConfirmationKind } from "./confirm-fulfillment"
import { FLEXSHOPPER_RETRIED_OPERATIONS, retryFlexShopperOperations } from "./retry"
import { confirmMissedFulfillments } from "./missed-fulfillments"
import { creditMissedReturns } from "./missed-returns"
import { returnAndCredit } from "./return-and-credit"

/** A fulfillment's confirmation and capture, or a return and its credit, re-run as a whole. */
const redoFlexShopper: RedoOperation = async (container, op) => {
  const detail = (op.detail ?? {}) as { kind?: ConfirmationKind; return_id?: string; on_delivery?: boolean }
  if (op.fulfillment_id) {
    const kind: ConfirmationKind = detail.kind ?? (op.operation === "receipt-confirm" ? "receipt" : "shipment")
    return (
      await confirmFulfillment(container, {
        fulfillment_id: op.fulfillment_id,
        kind,
        ...(detail.on_delivery ? { on_delivery: true } : {}),
      })
    ).skipped
  }
  if (detail.return_id && op.order_id)
    return (await returnAndCredit(container, { order_id: op.order_id, return_id: detail.return_id })).skipped
  return "the log entry names neither a fulfillment nor a return"
}

export const flexShopperOperations: LenderOperations = {
  lender: "flexshopper",
  reconciler: flexShopperReconciler,
  sync: syncFlexShopper,
  redo: {
    "ship-confirm": redoFlexShopper,
    "receipt-confirm": redoFlexShopper,
    capture: redoFlexShopper,
    return: redoFlexShopper,
    credit: redoFlexShopper,
  },
  retryDue: {
    label: "flexshopper confirmations",
    operations: FLEXSHOPPER_RETRIED_OPERATIONS,
    run: (container, now) => retryFlexShopperOperations(container, { now }),
  },
  missedEvents: {
    label: "flexshopper fulfillments and returns never confirmed",
    run: async (container, now) => [
      ...(await confirmMissedFulfillments(container, now)),
      ...(await creditMissedReturns(container, now)),
    ],
  },
}
