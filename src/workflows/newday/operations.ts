// NewDay's workflow-level handlers (gathered in src/workflows/lenders.ts).
import type { LenderOperations, RedoOperation } from "../lenders"
import { newDayReconciler } from "../reconcile/newday"
import { syncNewDay } from "../sync/newday"
import { NEWDAY_RETRIED_OPERATIONS, retryNewDayConfirmations } from "./confirmations"
import { settleMissedNewDayShipments } from "./missed-shipments"
import { settleNewDayShipmentWorkflow } from "./settle-shipment"

/** Settling is planned per shipped fulfillment and skips those already settled. */
const redoSettlement: RedoOperation = async (container, op, order) => {
  const shipped = order.fulfillments.filter(
    (f) => f.shipped_at && !f.canceled_at && (!op.fulfillment_id || f.id === op.fulfillment_id),
  )
  if (!shipped.length) return "no shipped fulfillment to settle"
  for (const fulfillment of shipped) {
    await settleNewDayShipmentWorkflow(container).run({ input: { fulfillment_id: fulfillment.id } })
  }
  return undefined
}

export const newDayOperations: LenderOperations = {
  lender: "newday",
  reconciler: newDayReconciler,
  sync: syncNewDay,
  redo: { "settle-shipment": redoSettlement, settle: redoSettlement, capture: redoSettlement },
  retryDue: {
    label: "newday confirmations",
    operations: NEWDAY_RETRIED_OPERATIONS,
    run: retryNewDayConfirmations,
  },
  missedEvents: {
    label: "newday shipments never settled",
    run: (container, now) => settleMissedNewDayShipments(container, now),
  },
}
