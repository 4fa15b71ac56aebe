// After FlexShopper accepts a delivery confirmation, Medusa captures what FlexShopper now owes:
// the confirmed value (confirmed units at their lease cost + shipping) minus what is already
// captured. captureOn=shipment counts every unit FlexShopper was told of (shipped, or received in
// store); captureOn=receipt counts, per SKU, only units Medusa also recorded as delivered (or handed
// over in store), so shipped goods are captured on delivery.created. Each capture takes only the
// difference from what is captured, under a per-payment lock (so two confirmations never race),
// and no amount is captured twice. The provider records exactly the amount of the capture Medusa
// creates here (it reads it back from the capture row: src/provider-kit/capture-amount.ts).
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { capturePaymentWorkflow } from "@medusajs/medusa/core-flows"
import type { FlexShopperClient } from "../../lenders/flexshopper/client"
import { confirmedValueCents, transactionLines } from "../../lenders/flexshopper/lines"
import { fromMinorUnits } from "../../lenders/money"
import type { FinancingLog } from "../../modules/financing/types"
import { captureOnOf, type FlexShopperOptions } from "../../providers/flexshopper/options"
import { deliveredUnitsBySku, loadOrderPayment } from "./order-context"
import { trackedOnce } from "./tracked-once"

export interface CaptureInput {
  orderId: string
  fulfillmentId?: string
  key: string
  /** Kept in the log so the retry job knows what to re-run. */
  kind?: "shipment" | "receipt"
  onDelivery?: boolean
}

/** Captures the newly confirmed amount; returns the cents captured (0 when nothing was due). */
export async function captureConfirmed(
  container: MedusaContainer,
  deps: { client: FlexShopperClient; options: FlexShopperOptions; log: FinancingLog },
  input: CaptureInput,
): Promise<number> {
  const locking = container.resolve(Modules.LOCKING)
  let captured = 0
  const loaded = await loadOrderPayment(container, input.orderId)
  const paymentId = loaded?.payment?.id
  if (!paymentId) return 0
  await locking.execute(
    `flexshopper-capture:${paymentId}`,
    async () => {
      await trackedOnce(
        deps.log,
        {
          key: input.key,
          operation: "capture",
          order_id: input.orderId,
          payment_id: paymentId,
          fulfillment_id: input.fulfillmentId,
          detail: { kind: input.kind, ...(input.onDelivery ? { on_delivery: true } : {}) },
        },
        async () => {
          // Re-read under the lock: another confirmation may have captured meanwhile.
          const payment = (await loadOrderPayment(container, input.orderId))?.payment
          if (!payment?.data.transaction_id) return
          const tx = await deps.client.getTransaction(payment.data.transaction_id)
          const delivered =
            captureOnOf(deps.options) === "receipt" ? await deliveredUnitsBySku(container, input.orderId) : undefined
          const confirmed = Math.min(confirmedValueCents(transactionLines(tx), delivered), payment.amountCents)
          const due = confirmed - payment.capturedCents
          if (due <= 0) return
          await capturePaymentWorkflow(container).run({
            input: { payment_id: payment.id, amount: fromMinorUnits(due, "usd") },
          })
          captured = due
        },
      )
    },
    { timeout: 30 },
  )
  return captured
}
