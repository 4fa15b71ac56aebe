// POST /admin/financing/orders/:id/operations/:operation_id/retry → { retry: { operation_id,
//   operation, outcome, error? }, financing } — re-runs one failed, retryable log entry through
// its lender's workflow; 400 naming the operation when it did not fail or cannot be retried.
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { financingSummaryForOrder } from "../../../../../../../../workflows/admin/order"
import { retryFinancingOperation } from "../../../../../../../../workflows/sync/retry-operation"

export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const retry = await retryFinancingOperation(req.scope as MedusaContainer, req.params.id, req.params.operation_id)
  res.json({ retry, financing: await financingSummaryForOrder(req.scope, req.params.id) })
}
