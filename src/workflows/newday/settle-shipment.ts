// Settle on shipment: when a fulfillment of an order paid with NewDay ships, capture (and so
// settle at NewDay) the value of what shipped. Medusa's capture runs through the provider,
// which settles exactly the captured amount, so Medusa and NewDay stay equal. Each fulfillment
// is settled once: the financing log remembers it under "newday-shipment:<fulfillment id>".
import { newDayLender } from "../../providers/newday/lender"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import {
  createStep,
  createWorkflow,
  StepResponse,
  transform,
  when,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { capturePaymentWorkflow } from "@medusajs/medusa/core-flows"
import { fromMinorUnits, toMinorUnits } from "../../lenders/money"
import { providerIdFor } from "../../lenders/slugs"
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type FinancingModuleService from "../../modules/financing/service"
import { findLenderOptions } from "../../provider-kit/provider-options"
import type { NewDayProviderOptions } from "../../providers/newday/options"
import { recordFinancingOperationStep } from "../steps/record-financing-operation"
import { shipmentSettlementMinor } from "./shipment-amount"

const NEWDAY_PROVIDER = providerIdFor("newday")

export interface SettleNewDayShipmentInput {
  fulfillment_id: string
}

export interface NewDayShipmentPlan {
  fulfillment_id: string
  order_id: string
  payment_id: string
  amount: string
}

export const newDayShipmentKey = (fulfillmentId: string) => `newday-shipment:${fulfillmentId}`

interface FulfillmentRow {
  id: string
  shipped_at?: string | null
  canceled_at?: string | null
  items?: Array<{ line_item_id?: string | null; quantity: number }>
  order?: { id: string } | null
}

interface OrderRow {
  id: string
  shipping_total: unknown
  items?: Array<{ id: string; quantity: number; total: unknown }>
  fulfillments?: FulfillmentRow[]
  payment_collections?: Array<{
    payments?: Array<{
      id: string
      provider_id: string
      amount: unknown
      canceled_at?: string | null
      captures?: Array<{ amount: unknown }>
    }>
  }>
}

const minor = (value: unknown) => toMinorUnits((value ?? 0) as never, "gbp")

function unitsByLine(fulfillments: FulfillmentRow[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const f of fulfillments)
    for (const item of f.items ?? [])
      if (item.line_item_id) out[item.line_item_id] = (out[item.line_item_id] ?? 0) + Number(item.quantity)
  return out
}

export async function planNewDayShipmentSettlement(
  container: MedusaContainer,
  fulfillmentId: string,
): Promise<NewDayShipmentPlan | null> {
  // The owner's choice in Settings → Financing, else the settleOn option.
  const options = await findLenderOptions<NewDayProviderOptions>(container, newDayLender)
  if (!options) return null
  if (options.settleOn === "capture") return null
  const financing = container.resolve<FinancingModuleService>(FINANCING_MODULE)
  const done = await financing.findOperationByIdempotencyKey(newDayShipmentKey(fulfillmentId))
  if (done?.outcome === "succeeded") return null

  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: fulfillments } = await query.graph({
    entity: "fulfillment",
    fields: ["id", "shipped_at", "canceled_at", "items.line_item_id", "items.quantity", "order.id"],
    filters: { id: fulfillmentId },
  })
  const fulfillment = fulfillments[0] as FulfillmentRow | undefined
  if (!fulfillment?.order?.id || fulfillment.canceled_at) return null

  const { data: orders } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "shipping_total",
      "items.id",
      "items.quantity",
      "items.total",
      "fulfillments.id",
      "fulfillments.shipped_at",
      "fulfillments.canceled_at",
      "fulfillments.items.line_item_id",
      "fulfillments.items.quantity",
      "payment_collections.payments.id",
      "payment_collections.payments.provider_id",
      "payment_collections.payments.amount",
      "payment_collections.payments.canceled_at",
      "payment_collections.payments.captures.amount",
    ],
    filters: { id: fulfillment.order.id },
  })
  const order = orders[0] as OrderRow | undefined
  const payment = order?.payment_collections
    ?.flatMap((c) => c.payments ?? [])
    .find((p) => p.provider_id === NEWDAY_PROVIDER && !p.canceled_at)
  if (!order || !payment) return null // not a NewDay order: other lenders' subscribers handle it

  const shippedFulfillments = (order.fulfillments ?? []).filter(
    (f) => !f.canceled_at && (f.shipped_at || f.id === fulfillment.id),
  )
  const amountMinor = shipmentSettlementMinor({
    lines: (order.items ?? []).map((i) => ({ id: i.id, quantity: Number(i.quantity), totalMinor: minor(i.total) })),
    shipped: unitsByLine([fulfillment]),
    shippedSoFar: unitsByLine(shippedFulfillments),
    shippingTotalMinor: minor(order.shipping_total),
    paymentAmountMinor: minor(payment.amount),
    capturedMinor: (payment.captures ?? []).reduce((sum, c) => sum + minor(c.amount), 0),
  })
  if (amountMinor <= 0) return null
  return {
    fulfillment_id: fulfillmentId,
    order_id: order.id,
    payment_id: payment.id,
    amount: fromMinorUnits(amountMinor, "gbp"),
  }
}

export const planNewDayShipmentSettlementStep = createStep(
  "newday-plan-shipment-settlement",
  async (input: SettleNewDayShipmentInput, { container }) =>
    new StepResponse(await planNewDayShipmentSettlement(container, input.fulfillment_id)),
)

export const settleNewDayShipmentWorkflow = createWorkflow(
  "newday-settle-shipment",
  (input: SettleNewDayShipmentInput) => {
    const plan = planNewDayShipmentSettlementStep(input)
    when({ plan }, ({ plan }) => Boolean(plan)).then(() => {
      const capture = transform({ plan }, ({ plan }) => ({ payment_id: plan!.payment_id, amount: plan!.amount }))
      capturePaymentWorkflow.runAsStep({ input: capture })
      const record = transform({ plan }, ({ plan }) => ({
        provider_id: NEWDAY_PROVIDER,
        lender: "newday",
        operation: "settle-shipment",
        outcome: "succeeded" as const,
        order_id: plan!.order_id,
        payment_id: plan!.payment_id,
        fulfillment_id: plan!.fulfillment_id,
        amount: plan!.amount,
        currency_code: "gbp",
        idempotency_key: newDayShipmentKey(plan!.fulfillment_id),
      }))
      recordFinancingOperationStep(record)
    })
    return new WorkflowResponse(plan)
  },
)
