// GET /admin/financing/lenders/:slug/reconciliation?from=YYYY-MM-DD&to=YYYY-MM-DD[&format=csv]
// → { reconciliation } or a CSV file: per payment of the lender created in the period, what
// Medusa captured and refunded against what the lender confirmed, mismatches first
// (src/workflows/admin/reconciliation.ts). Works for lenders not configured here too: the log
// and Medusa's payments remain after a lender is switched off.
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import type { LenderSlug } from "../../../../../../lenders/slugs"
import { lenderBySlug } from "../../../../../../providers/lenders"
import { loadReconciliation } from "../../../../../../workflows/admin/reconciliation-load"
import { reconciliationCsv } from "../../../../../../workflows/admin/reconciliation"
import { reconciliationPeriod, type AdminReconciliationQueryType } from "../../../validators"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const slug = req.params.slug as LenderSlug
  const query = req.validatedQuery as AdminReconciliationQueryType
  let period
  try {
    period = reconciliationPeriod(query)
  } catch (error) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `${lenderBySlug(slug).name} reconciliation: ${(error as Error).message}.`,
    )
  }
  const reconciliation = await loadReconciliation(req.scope, slug, period)
  if (query.format === "csv") {
    res.setHeader("Content-Type", "text/csv; charset=utf-8")
    res.setHeader(
      "Content-Disposition",
      `attachment; filename="${slug}-reconciliation-${period.from}-to-${period.to}.csv"`,
    )
    res.status(200).send(reconciliationCsv(reconciliation.rows))
    return
  }
  res.json({ reconciliation })
}
