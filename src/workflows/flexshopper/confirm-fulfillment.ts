// Tells FlexShopper about one Medusa fulfillment — FlexShopper pays the merchant on delivery
// confirmation — and then captures the confirmed amount in Medusa. Seed 002: shipped goods are
// confirmed with Confirm Shipment, an in-store purchase with no delivery with Confirm Receipt.
// - kind "shipment" (shipment.created): Confirm Shipment with that fulfillment's SKUs, quantities,
//   carrier, tracking and ship date; one call per fulfillment, so partial shipments work;
// - kind "receipt" (a fulfillment with nothing to ship): Confirm Receipt;
// - on_delivery (delivery.created): nothing new for FlexShopper — a shipped fulfillment was (or,
//   if it was never marked shipped, now is) confirmed as a shipment, an in-store one as a receipt —
//   then, with captureOn=receipt, the delivered goods are captured.
// Each lender call happens once per fulfillment (financing log key); failures are logged with a
// retry time and picked up by the reconcile job.
import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { transactionLines, type FlexShopperClient } from "../../lenders/flexshopper"
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type FinancingModuleService from "../../modules/financing/service"
import { findLenderOptions } from "../../provider-kit/provider-options"
import { flexShopperClient, type FlexShopperOptions } from "../../providers/flexshopper/options"
import { flexShopperLender } from "../../providers/flexshopper/lender"
import { captureConfirmed } from "./capture-confirmed"
import { loadFulfillment, type FlexFulfillment } from "./order-context"
import { trackedOnce } from "./tracked-once"

export type ConfirmationKind = "shipment" | "receipt"

// Long enough for a lender call that retries after timeouts; a waiter that gives up is retried later.
const LOCK_TIMEOUT_SECONDS = 120

export interface ConfirmFulfillmentInput {
  fulfillment_id: string
  kind: ConfirmationKind
  /** order.fulfillment_created: act only when nothing ships (in-store hand-over, digital). */
  only_without_shipping?: boolean
  /** delivery.created: `kind` follows the fulfillment (shipment, or receipt when nothing ships). */
  on_delivery?: boolean
}

export interface ConfirmFulfillmentResult {
  skipped?: string
  confirmed?: string
  captured_cents?: number
}

export const confirmationKey = (kind: ConfirmationKind, fulfillmentId: string) =>
  `flexshopper:${kind === "shipment" ? "ship" : "receipt"}:${fulfillmentId}`
export const captureKey = (kind: ConfirmationKind | "delivery", fulfillmentId: string) =>
  `flexshopper:capture:${kind}:${fulfillmentId}`

export async function flexDeps(container: MedusaContainer) {
  const options = await findLenderOptions<FlexShopperOptions>(container, flexShopperLender)
  if (!options) return undefined
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  return {
    options,
    client: flexShopperClient(options, logger),
    log: container.resolve<FinancingModuleService>(FINANCING_MODULE),
  }
}

/** Units per SKU FlexShopper counts as handed over (shipped, received or since returned). */
async function lenderCounts(client: FlexShopperClient, transactionId: string, kind: ConfirmationKind) {
  const lines = transactionLines(await client.getTransaction(transactionId))
  const counts = new Map<string, number>()
  for (const l of lines)
    counts.set(
      l.sku,
      (counts.get(l.sku) ?? 0) + (kind === "shipment" ? l.shipped + l.received + l.returned : l.received + l.returned),
    )
  return counts
}

/** Units per SKU this store's log says were confirmed (successful confirmations of the same kind, other fulfillments). */
async function loggedCounts(log: FinancingModuleService, paymentId: string, kind: ConfirmationKind, except: string) {
  const operation = kind === "shipment" ? "ship-confirm" : "receipt-confirm"
  const ops = await log.listFinancingOperations(
    { payment_id: paymentId, operation, outcome: "succeeded" },
    { take: 1000 },
  )
  const counts = new Map<string, number>()
  for (const op of ops) {
    if (op.fulfillment_id === except) continue
    for (const item of (op.detail as { items?: Array<{ sku: string; quantity: number }> } | null)?.items ?? []) {
      counts.set(item.sku, (counts.get(item.sku) ?? 0) + item.quantity)
    }
  }
  return counts
}

/**
 * One confirmation of a fulfillment at a time (the subscriber, the reconcile job and the admin's retry
 * may meet): each reads the log and the lender before acting, and must see the other's result.
 */
export async function confirmFulfillment(
  container: MedusaContainer,
  input: ConfirmFulfillmentInput,
): Promise<ConfirmFulfillmentResult> {
  let kind = input.kind
  if (input.on_delivery) {
    // The same lock as the confirmation this delivery may repeat (in store: the receipt).
    const fulfillment = await loadFulfillment(container, input.fulfillment_id)
    kind = fulfillment && !fulfillment.requiresShipping ? "receipt" : "shipment"
  }
  const key = `flexshopper-confirm:${kind}:${input.fulfillment_id}`
  return container
    .resolve(Modules.LOCKING)
    .execute(key, () => confirmFulfillmentNow(container, { ...input, kind }), { timeout: LOCK_TIMEOUT_SECONDS })
}

async function confirmFulfillmentNow(
  container: MedusaContainer,
  input: ConfirmFulfillmentInput,
): Promise<ConfirmFulfillmentResult> {
  const deps = await flexDeps(container)
  if (!deps) return { skipped: "FlexShopper is not configured" }
  const fulfillment: FlexFulfillment | null = await loadFulfillment(container, input.fulfillment_id)
  const payment = fulfillment?.payment
  if (!fulfillment || !payment) return { skipped: "not a FlexShopper order" }
  if (fulfillment.canceled) return { skipped: "fulfillment canceled" }
  if (input.only_without_shipping && fulfillment.requiresShipping)
    return { skipped: "the fulfillment ships; confirmed on shipment" }
  // A delivery confirms nothing new: shipped goods are FlexShopper shipments, never receipts.
  if (input.on_delivery) input = { ...input, kind: fulfillment.requiresShipping ? "shipment" : "receipt" }
  if (!payment.data.transaction_id || payment.data.status !== "finalized")
    return { skipped: "the lease is not finalized" }
  if (!fulfillment.items.length) return { skipped: "no items with a SKU" }

  const transactionId = payment.data.transaction_id
  const date = (value?: string | null) => new Date(value ?? Date.now()).toISOString().slice(0, 10)
  const items = fulfillment.items
  const base = {
    order_id: fulfillment.orderId,
    payment_id: payment.id,
    fulfillment_id: fulfillment.id,
    lender_reference: transactionId,
  }
  const alreadyApplied = async () => {
    const [lender, logged] = await Promise.all([
      lenderCounts(deps.client, transactionId, input.kind),
      loggedCounts(deps.log, payment.id, input.kind, fulfillment.id),
    ])
    return items.every((i) => (lender.get(i.sku) ?? 0) >= (logged.get(i.sku) ?? 0) + i.quantity)
  }

  if (input.kind === "shipment") {
    await trackedOnce(
      deps.log,
      {
        ...base,
        key: confirmationKey("shipment", fulfillment.id),
        operation: "ship-confirm",
        detail: { kind: "shipment", items },
      },
      () =>
        deps.client.confirmShipment(
          transactionId,
          items.map((i) => ({
            sku: i.sku,
            quantity: i.quantity,
            carrier: fulfillment.carrier,
            shipDate: date(fulfillment.shippedAt),
            ...(fulfillment.trackingNumber ? { trackingNumber: fulfillment.trackingNumber } : {}),
            ...(fulfillment.trackingLink ? { trackingLink: fulfillment.trackingLink } : {}),
          })),
        ),
      alreadyApplied,
    )
  } else {
    await trackedOnce(
      deps.log,
      {
        ...base,
        key: confirmationKey("receipt", fulfillment.id),
        operation: "receipt-confirm",
        detail: { kind: "receipt", items },
      },
      () =>
        deps.client.confirmReceipt(
          transactionId,
          items.map((i) => ({ sku: i.sku, quantity: i.quantity, receivedDate: date(fulfillment.deliveredAt) })),
        ),
      alreadyApplied,
    )
  }
  const captured = await captureConfirmed(container, deps, {
    orderId: fulfillment.orderId,
    fulfillmentId: fulfillment.id,
    key: captureKey(input.on_delivery ? "delivery" : input.kind, fulfillment.id),
    kind: input.kind,
    onDelivery: input.on_delivery,
  })
  return { confirmed: input.kind, captured_cents: captured }
}

const confirmFulfillmentStep = createStep(
  "flexshopper-confirm-fulfillment",
  async (input: ConfirmFulfillmentInput, { container }) => {
    return new StepResponse(await confirmFulfillment(container as MedusaContainer, input))
  },
)

/** Confirms one fulfillment's shipment or receipt to FlexShopper, then captures what became due. */
export const confirmFlexShopperFulfillmentWorkflow = createWorkflow(
  "flexshopper-confirm-fulfillment",
  (input: ConfirmFulfillmentInput) => {
    return new WorkflowResponse(confirmFulfillmentStep(input))
  },
)
