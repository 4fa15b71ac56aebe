// A received Medusa return on a FlexShopper order: Return Items at FlexShopper (by SKU), then
// refund the payment in Medusa for the returned lines, which the provider reports to
// FlexShopper as line credits at full cost. Each step happens once per return (financing log
// keys) and is retried by the reconcile job when it fails.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { refundPaymentWorkflow } from "@medusajs/medusa/core-flows"
import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { returnedUncreditedCents, transactionLines } from "../../lenders/flexshopper"
import { fromMinorUnits } from "../../lenders/money"
import { flexDeps } from "./confirm-fulfillment"
import { bySku, loadOrderPayment, skuByLineItem } from "./order-context"
import { trackedOnce } from "./tracked-once"

/** The log key of a return's first step; the reconcile job looks for it (missed-returns.ts). */
export const flexShopperReturnKey = (returnId: string) => `flexshopper:return:${returnId}`

export interface ReturnAndCreditInput {
  order_id: string
  return_id: string
}

/** One run per return at a time: the subscriber, the reconcile job and the admin's retry may meet. */
export async function returnAndCredit(
  container: MedusaContainer,
  input: ReturnAndCreditInput,
): Promise<{ skipped?: string; credited_cents?: number }> {
  return container
    .resolve(Modules.LOCKING)
    .execute(`flexshopper-return:${input.return_id}`, () => returnAndCreditNow(container, input), { timeout: 120 })
}

async function returnAndCreditNow(
  container: MedusaContainer,
  input: ReturnAndCreditInput,
): Promise<{ skipped?: string; credited_cents?: number }> {
  const deps = await flexDeps(container)
  if (!deps) return { skipped: "FlexShopper is not configured" }
  const loaded = await loadOrderPayment(container, input.order_id)
  const payment = loaded?.payment
  if (!loaded || !payment?.data.transaction_id) return { skipped: "not a FlexShopper order" }
  const transactionId = payment.data.transaction_id

  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "return",
    fields: ["id", "items.item_id", "items.quantity", "items.received_quantity"],
    filters: { id: input.return_id },
  })
  const ret = data[0] as
    { items?: Array<{ item_id: string; quantity: unknown; received_quantity?: unknown }> } | undefined
  const items = bySku(
    (ret?.items ?? []).map((i) => ({
      item_id: i.item_id,
      quantity: Number(i.received_quantity ?? 0) > 0 ? i.received_quantity : i.quantity,
    })),
    skuByLineItem(loaded.order),
  )
  if (!items.length) return { skipped: "no returned items with a SKU" }
  const base = { order_id: input.order_id, payment_id: payment.id, lender_reference: transactionId }

  await trackedOnce(
    deps.log,
    {
      ...base,
      key: flexShopperReturnKey(input.return_id),
      operation: "return",
      detail: { return_id: input.return_id, items },
    },
    async () => {
      const result = await deps.client.returnItems(transactionId, items)
      if (result.failed.length) {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `FlexShopper refused to take back ${result.failed.map((f) => `${f.quantity} × ${f.sku} (${f.reason ?? "refused"})`).join(", ")}.`,
        )
      }
    },
  )

  let credited = 0
  const key = `flexshopper:credit:${input.return_id}`
  await container.resolve(Modules.LOCKING).execute(
    `flexshopper-capture:${payment.id}`,
    async () => {
      await trackedOnce(
        deps.log,
        { ...base, key, operation: "credit", detail: { return_id: input.return_id } },
        async () => {
          const fresh = (await loadOrderPayment(container, input.order_id))?.payment
          if (!fresh) return
          const lines = transactionLines(await deps.client.getTransaction(transactionId))
          const due = lines.reduce((sum, line) => sum + returnedUncreditedCents(line, fresh.data.credits ?? {}), 0)
          if (due <= 0) return
          await container.resolve(Modules.PAYMENT).updatePayment({
            id: fresh.id,
            data: { ...fresh.data, pending_refund: { kind: "return-credit", key, cents: due } },
          } as never)
          await refundPaymentWorkflow(container).run({
            input: {
              payment_id: fresh.id,
              amount: fromMinorUnits(due, "usd"),
              note: `FlexShopper credit for return ${input.return_id}`,
            },
          })
          credited = due
        },
      )
    },
    { timeout: 30 },
  )
  return { credited_cents: credited }
}

const returnAndCreditStep = createStep(
  "flexshopper-return-and-credit",
  async (input: ReturnAndCreditInput, { container }) => {
    return new StepResponse(await returnAndCredit(container as MedusaContainer, input))
  },
)

/** Returns the received items to FlexShopper and credits their lines (refunding the payment in Medusa). */
export const flexShopperReturnAndCreditWorkflow = createWorkflow(
  "flexshopper-return-and-credit",
  (input: ReturnAndCreditInput) => {
    return new WorkflowResponse(returnAndCreditStep(input))
  },
)
