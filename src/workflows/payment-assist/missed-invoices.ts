// Payment Assist orders whose invoice trigger (shipment.created, or order.fulfillment_created with
// invoiceTrigger "fulfillment") the subscriber never saw (reconcile/missed-events.ts says how
// events get lost): an order with such a fulfillment older than the grace period and no invoice
// in the log gets its invoice uploaded now, by the subscriber's own workflow. Payment Assist
// releases the dealer's funds only once an invoice is on file.
import type { MedusaContainer } from "@medusajs/framework/types"
import {
  missedFulfillments,
  runMissed,
  type MissedEventDeps,
  type MissedEventOutcome,
} from "../reconcile/missed-events"
import { maybePaymentAssistOptions, PAYMENT_ASSIST_PROVIDER_ID } from "./context"
import { invoiceKey, type UploadInvoiceInput, type UploadInvoiceResult } from "./steps/upload-invoice"
import { uploadPaymentAssistInvoiceWorkflow } from "./upload-invoice"

export interface MissedInvoiceDeps extends MissedEventDeps {
  trigger?: "shipment" | "fulfillment"
  upload?: (container: MedusaContainer, input: UploadInvoiceInput) => Promise<UploadInvoiceResult>
}

const defaultUpload = async (container: MedusaContainer, input: UploadInvoiceInput) =>
  (await uploadPaymentAssistInvoiceWorkflow(container).run({ input })).result

/** The owner's invoice trigger; undefined when Payment Assist is not set up or uploads are manual ("none"). */
async function configuredTrigger(container: MedusaContainer): Promise<"shipment" | "fulfillment" | undefined> {
  const options = await maybePaymentAssistOptions(container)
  const trigger = options ? (options.invoiceTrigger ?? "shipment") : "none"
  return trigger === "none" ? undefined : trigger
}

export async function uploadMissedInvoices(
  container: MedusaContainer,
  now: Date,
  deps: MissedInvoiceDeps = {},
): Promise<MissedEventOutcome[]> {
  const trigger = deps.trigger ?? (await configuredTrigger(container))
  if (!trigger) return []
  const upload = deps.upload ?? defaultUpload
  const fulfillments = await missedFulfillments(container, deps, {
    providerId: PAYMENT_ASSIST_PROVIDER_ID,
    event: trigger === "shipment" ? "shipped_at" : "created_at",
    now,
    keyOf: (f) => invoiceKey(f.order_id),
  })
  // One invoice per order, whichever of its fulfillments triggered it.
  const missed = [...new Map(fulfillments.map((f) => [f.order_id, { ...f, id: f.order_id }])).values()]
  // A failed upload is logged by the upload step with its next attempt, for the retry job.
  return runMissed(missed, async (o) => {
    const result = await upload(container, { order_id: o.order_id, trigger })
    if (result.error_message) throw new Error(result.error_message)
    return result.skipped
  })
}
