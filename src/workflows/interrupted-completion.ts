// Medusa's completeCartWorkflow creates the order and marks the cart completed BEFORE it authorizes
// the payment (core-flows complete-cart: "we authorize payment sessions at the very end"), and its
// compensation deletes the order again if authorization fails. A process that dies in between —
// while the lender is being asked — leaves an order with no payment, and Medusa's own retry of the
// completion then answers with that order as placed. The crash harness found it
// (integration-tests/distributed/crash-*.spec.ts).
//
// This finishes such a completion the way the workflow would have: the payment session is
// authorized now — the provider asks the lender again under the same idempotency key, so a lender
// that had already acted replays its answer rather than acting twice — and captures become order
// transactions; a lender that says no gets the order canceled, as the compensation would have.
// Callers hold the cart's lock (underCartLock), so a completion that is still alive finishes first.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { cancelOrderWorkflow } from "@medusajs/medusa/core-flows"
import { lenderFromProviderId } from "../lenders/slugs"
import { messageOf } from "../provider-kit/message-of"

type Resolver = Pick<MedusaContainer, "resolve">

export type InterruptedCompletionOutcome =
  /** Nothing to finish: the order has a payment, is canceled, or was not paid with a lender of this plugin. */
  | { result: "complete" }
  /** The payment was authorized now. */
  | { result: "authorized"; payment_id: string }
  /** The lender said no: the order was canceled. */
  | { result: "canceled"; reason: string }
  /** The lender could not be asked or wants more (SCA): try again later. */
  | { result: "waiting"; reason: string }

interface OrderPaymentState {
  id: string
  status: string
  payment_collections?: Array<{
    payments?: Array<{ id: string; canceled_at?: string | Date | null }>
    payment_sessions?: Array<{ id: string; status: string; provider_id: string }>
  }>
}

/** The financing session of an order whose collection holds no live payment, if any (pure). */
export function unpaidFinancingSession(order: OrderPaymentState | undefined) {
  if (!order || order.status === "canceled") return undefined
  const collection = order.payment_collections?.[0]
  if (!collection || collection.payments?.some((p) => !p.canceled_at)) return undefined
  return collection.payment_sessions?.find(
    (s) => lenderFromProviderId(s.provider_id) && s.status !== "authorized" && s.status !== "canceled",
  )
}

export async function finishInterruptedCompletion(
  container: Resolver,
  orderId: string,
): Promise<InterruptedCompletionOutcome> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "status",
      "payment_collections.payments.id",
      "payment_collections.payments.canceled_at",
      "payment_collections.payment_sessions.id",
      "payment_collections.payment_sessions.status",
      "payment_collections.payment_sessions.provider_id",
    ],
    filters: { id: orderId },
  })
  const session = unpaidFinancingSession(data[0] as OrderPaymentState | undefined)
  if (!session) return { result: "complete" }

  const payments = container.resolve(Modules.PAYMENT)
  let failure: unknown
  try {
    await payments.authorizePaymentSession(session.id, {})
  } catch (error) {
    failure = error
  }
  const after = await payments.retrievePaymentSession(session.id, { relations: ["payment", "payment.captures"] })
  const payment = after.payment
  if (after.status === "authorized" && payment) {
    const transactions = (payment.captures ?? []).map((capture) => ({
      order_id: orderId,
      amount: (capture as { raw_amount?: unknown }).raw_amount ?? capture.amount,
      currency_code: payment.currency_code,
      reference: "capture",
      reference_id: capture.id,
    }))
    if (transactions.length) await container.resolve(Modules.ORDER).addOrderTransactions(transactions as never)
    return { result: "authorized", payment_id: payment.id }
  }
  const declined =
    (failure as MedusaError | undefined)?.type === MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR ||
    after.status === "error" ||
    after.status === "canceled"
  if (declined) {
    await cancelOrderWorkflow(container as MedusaContainer).run({ input: { order_id: orderId } })
    return { result: "canceled", reason: messageOf(failure, `the payment session is ${after.status}`) }
  }
  return { result: "waiting", reason: messageOf(failure, `the payment session is ${after.status}`) }
}
