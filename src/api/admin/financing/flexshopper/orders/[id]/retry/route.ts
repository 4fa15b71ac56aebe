// POST /admin/financing/flexshopper/orders/:id/retry — re-run this order's failed FlexShopper
// confirmations, captures, returns and credits now (the job would on its own schedule).
// → { outcomes: [{ operation_id, operation, outcome, error? }] }
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { retryFlexShopperOperations } from "../../../../../../../workflows/flexshopper/retry"

export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const outcomes = await retryFlexShopperOperations(req.scope, { order_id: req.params.id, force: true })
  res.json({ outcomes })
}
