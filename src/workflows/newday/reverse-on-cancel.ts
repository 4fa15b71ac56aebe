// When an order paid with NewDay is canceled after part of it was settled, Medusa refunds the
// captured part (refundPayment → NewDay Refund) but never cancels the payment, so the rest of
// the hold would stay on the shopper's account until it expires. This reverses that remaining
// float and writes the new state into the payment's data. (Uncaptured payments are reversed by
// Medusa's own cancelPayment → the provider.)
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { providerIdFor } from "../../lenders/slugs"
import { findLenderOptions } from "../../provider-kit/provider-options"
import { newDayLender } from "../../providers/newday/lender"
import { createNewDayContext } from "../../providers/newday/context"
import { cancelNewDay } from "../../providers/newday/movements"
import { newDayClientFor, type NewDayProviderOptions } from "../../providers/newday/options"
import { floatStateOf, type NewDayPaymentData, remainingFloatMinor } from "../../providers/newday/payment-data"

export interface ReverseNewDayOnCancelInput {
  order_id: string
}

interface PaymentRow {
  id: string
  provider_id: string
  data?: NewDayPaymentData | null
  captures?: Array<{ id: string }>
}

export async function reverseNewDayRemainingFloats(container: MedusaContainer, orderId: string): Promise<string[]> {
  const options = await findLenderOptions<NewDayProviderOptions>(container, newDayLender)
  if (!options) return []
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: orders } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "payment_collections.payments.id",
      "payment_collections.payments.provider_id",
      "payment_collections.payments.data",
      "payment_collections.payments.captures.id",
    ],
    filters: { id: orderId },
  })
  const payments = (
    (orders[0] as { payment_collections?: Array<{ payments?: PaymentRow[] }> } | undefined)?.payment_collections ?? []
  )
    .flatMap((c) => c.payments ?? [])
    .filter((p) => p.provider_id === providerIdFor("newday") && (p.captures?.length ?? 0) > 0)

  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const nd = createNewDayContext(options, newDayClientFor(options, logger), logger)
  const paymentModule = container.resolve(Modules.PAYMENT)
  const reversed: string[] = []
  for (const payment of payments) {
    const state = payment.data ? floatStateOf(payment.data) : undefined
    if (!state || remainingFloatMinor(state) === 0) continue
    const { data } = await cancelNewDay(nd, { data: payment.data! })
    // UpdatePaymentDTO is typed { id } only, but the payment module stores `data` as given.
    await paymentModule.updatePayment({ id: payment.id, data } as never)
    reversed.push(payment.id)
  }
  return reversed
}

export const reverseNewDayRemainingFloatsStep = createStep(
  "newday-reverse-remaining-floats",
  async (input: ReverseNewDayOnCancelInput, { container }) =>
    new StepResponse(await reverseNewDayRemainingFloats(container, input.order_id)),
)

export const reverseNewDayOnCancelWorkflow = createWorkflow(
  "newday-reverse-on-cancel",
  (input: ReverseNewDayOnCancelInput) => {
    return new WorkflowResponse(reverseNewDayRemainingFloatsStep(input))
  },
)
