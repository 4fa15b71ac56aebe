// GET /admin/financing/flexshopper/orders/:id — the order's lease as FlexShopper sees it: per-line
// quantities by status, what was confirmed and captured, credits. For the admin order page.
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { confirmedValueCents, transactionLines } from "../../../../../../lenders/flexshopper"
import { fromMinorUnits } from "../../../../../../lenders/money"
import { captureOnOf } from "../../../../../../providers/flexshopper/options"
import { flexDeps } from "../../../../../../workflows/flexshopper/confirm-fulfillment"
import { loadOrderPayment } from "../../../../../../workflows/flexshopper/order-context"
import { shownValue } from "../../../../../../provider-kit/validate-request"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const deps = await flexDeps(req.scope)
  const loaded = await loadOrderPayment(req.scope, req.params.id)
  if (!loaded)
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order with id "${shownValue(req.params.id)}" was not found`)
  const payment = loaded.payment
  if (!deps || !payment?.data.transaction_id)
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order "${req.params.id}" was not paid with FlexShopper`)
  const tx = await deps.client.getTransaction(payment.data.transaction_id)
  const lines = transactionLines(tx)
  res.json({
    transaction_id: payment.data.transaction_id,
    // Finalize answers the lease number (Get Transaction has none); the plugin recorded it then.
    lease_number: payment.data.lease_number ?? null,
    lease_status: tx.lease.status,
    capture_on: captureOnOf(deps.options),
    // What FlexShopper was told was handed over (it pays on that).
    confirmed_amount: fromMinorUnits(confirmedValueCents(lines), "usd"),
    captured_amount: fromMinorUnits(payment.capturedCents, "usd"),
    lines: lines.map((l) => ({
      line_number: l.lineNumber,
      sku: l.sku,
      unit_cost: fromMinorUnits(l.unitCents, "usd"),
      ordered: l.ordered,
      open: l.open,
      shipped: l.shipped,
      received: l.received,
      canceled: l.canceled,
      returned: l.returned,
    })),
    credits: payment.data.credits ?? {},
  })
}
