// Medusa's cancelOrderWorkflow swallows a provider's cancelPayment error (core-flows
// cancel-payment step: it logs and goes on), so an order can be canceled while the lender still
// holds an open application, lease or authorisation hold. This finds canceled orders whose
// uncaptured financing payment was never canceled and cancels it again (the providers' cancel
// checks the lender's state first, so one that did land is not repeated), with backoff.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { LENDER_SLUGS, providerIdFor } from "../../lenders/slugs"
import { paymentStanding } from "./finished-watches"
import { dueState, financingOf, RECONCILE_CANCELED_ORDER_RETRY, reconcileKey, writeReconcileEntry } from "./schedule"
import { failureOutcome } from "../../provider-kit/durable-operation"
import { messageOf } from "../../provider-kit/message-of"

const LOOK_BACK_MS = 14 * 24 * 60 * 60 * 1000

export interface CanceledOrderOutcome {
  order_id: string
  payment_id: string
  lender: string
  result: "canceled" | "waiting" | "action_required"
  error?: string
}

interface OrderRow {
  id: string
  payment_collections?: Array<{
    payments?: Array<{
      id: string
      provider_id: string
      canceled_at?: unknown
      captured_at?: unknown
      captures?: Array<{ id: string }>
    }>
  }>
}

export async function cancelLeftoverPayments(
  container: MedusaContainer,
  now: Date,
  lenders?: string[],
): Promise<CanceledOrderOutcome[]> {
  const ours = new Map<string, string>(LENDER_SLUGS.map((slug) => [providerIdFor(slug), slug]))
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "payment_collections.payments.id",
      "payment_collections.payments.provider_id",
      "payment_collections.payments.canceled_at",
      "payment_collections.payments.captured_at",
      "payment_collections.payments.captures.id",
    ],
    filters: { status: "canceled", updated_at: { $gte: new Date(now.getTime() - LOOK_BACK_MS) } } as never,
  })
  const financing = financingOf(container)
  const payments = container.resolve(Modules.PAYMENT)
  const outcomes: CanceledOrderOutcome[] = []
  for (const order of data as OrderRow[]) {
    for (const payment of (order.payment_collections ?? []).flatMap((c) => c.payments ?? [])) {
      const lender = ours.get(payment.provider_id)
      if (!lender || (lenders && !lenders.includes(lender)) || !paymentStanding(payment).open) continue
      const key = reconcileKey("payment-cancel", payment.id)
      const state = await dueState(financing, key, now)
      if (!state.due) continue
      const attempts = state.attempts + 1
      const target = { key, provider_id: payment.provider_id, lender, order_id: order.id }
      try {
        await payments.cancelPayment(payment.id)
        await writeReconcileEntry(financing, target, state.entry, {
          outcome: "succeeded",
          attempts,
          next_attempt_at: null,
          order_id: order.id,
          detail: { payment_id: payment.id, result: "canceled" },
        })
        outcomes.push({ order_id: order.id, payment_id: payment.id, lender, result: "canceled" })
      } catch (error) {
        const message = messageOf(error)
        const retry = failureOutcome(RECONCILE_CANCELED_ORDER_RETRY, attempts, now)
        const give = retry.outcome === "action_required"
        await writeReconcileEntry(financing, target, state.entry, {
          outcome: give ? "action_required" : "pending",
          attempts,
          next_attempt_at: retry.next_attempt_at,
          order_id: order.id,
          error_message: `Order ${order.id} is canceled but its ${lender} payment is not: ${message}`,
          detail: { payment_id: payment.id },
        })
        outcomes.push({
          order_id: order.id,
          payment_id: payment.id,
          lender,
          result: give ? "action_required" : "waiting",
          error: message,
        })
      }
    }
  }
  return outcomes
}
