// POST /admin/financing/flexshopper/orders/:id/confirm-receipt { fulfillment_id? } → { receipts:
//   [{ fulfillment_id, outcome, error? }], financing } — tells FlexShopper the shopper has the
// goods (FlexShopper pays the merchant on receipt) when the carrier's delivery event never came.
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { financingSummaryForOrder } from "../../../../../../../workflows/admin/order"
import { confirmFulfillment } from "../../../../../../../workflows/flexshopper/confirm-fulfillment"
import type { AdminConfirmReceiptBodyType } from "../../../../validators"

export async function POST(req: AuthenticatedMedusaRequest<AdminConfirmReceiptBodyType>, res: MedusaResponse) {
  const orderId = req.params.id
  const summary = await financingSummaryForOrder(req.scope, orderId)
  if (summary?.lender !== "flexshopper") {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `FlexShopper receipt not confirmed: order ${orderId} was not paid with FlexShopper.`,
    )
  }
  const wanted = req.validatedBody?.fulfillment_id
  const due = summary.actions.confirm_receipt
  if (wanted && !due.includes(wanted)) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `FlexShopper receipt not confirmed: fulfillment ${wanted} has no shipment confirmed at FlexShopper, or its receipt is already confirmed.`,
    )
  }
  const targets = wanted ? [wanted] : due
  if (!targets.length)
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `FlexShopper receipt not confirmed: order ${orderId} has no shipped fulfillment awaiting a receipt.`,
    )

  const receipts = []
  for (const fulfillmentId of targets) {
    try {
      const result = await confirmFulfillment(req.scope as MedusaContainer, {
        fulfillment_id: fulfillmentId,
        kind: "receipt",
      })
      receipts.push(
        result.skipped
          ? { fulfillment_id: fulfillmentId, outcome: "failed", error: result.skipped }
          : { fulfillment_id: fulfillmentId, outcome: "succeeded" },
      )
    } catch (error) {
      receipts.push({
        fulfillment_id: fulfillmentId,
        outcome: "failed",
        error: error instanceof Error ? error.message : String(error),
      })
    }
  }
  res.json({ receipts, financing: await financingSummaryForOrder(req.scope, orderId) })
}
