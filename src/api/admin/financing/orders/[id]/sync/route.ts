// POST /admin/financing/orders/:id/sync → { sync: { lender, status, changed, lender_status }, financing }
// Reads the lender's status for the order's payment now and applies it (src/workflows/sync).
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { financingSummaryForOrder } from "../../../../../../workflows/admin/order"
import { syncFinancingForOrder } from "../../../../../../workflows/sync"

export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const sync = await syncFinancingForOrder(req.scope as MedusaContainer, req.params.id, { trigger: "admin" })
  res.json({ sync, financing: await financingSummaryForOrder(req.scope, req.params.id) })
}
