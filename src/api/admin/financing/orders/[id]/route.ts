// GET /admin/financing/orders/:id → { financing: null } for orders paid without this plugin's
// lenders, else the summary the order widget shows (see workflows/admin/summary.ts): lender,
// status, references, amounts, per-fulfillment confirmations, history and the actions that apply.
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { financingSummaryForOrder } from "../../../../../workflows/admin/order"
import type { AdminFinancingOrderQueryType } from "../../validators"

export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminFinancingOrderQueryType>, res: MedusaResponse) {
  const { history_limit } = req.validatedQuery as AdminFinancingOrderQueryType
  res.json({ financing: await financingSummaryForOrder(req.scope, req.params.id, history_limit) })
}
