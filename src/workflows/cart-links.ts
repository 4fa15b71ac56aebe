// The links between a payment collection, its cart and the order made from that cart, and the
// cart's lock. Several flows (returns, webhooks, the payment-failed workflow, the reconcile job)
// need the same three answers; they read them here. Also the one "the lender approved → place the
// order" path (completeFinancedCart) that every lender's completion goes through.
import type { BigNumberValue, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules, PaymentActions } from "@medusajs/framework/utils"
import { completeCartWorkflow, processPaymentWorkflow } from "@medusajs/medusa/core-flows"
import { finishInterruptedCompletion, type InterruptedCompletionOutcome } from "./interrupted-completion"

type Resolver = Pick<MedusaContainer, "resolve">

/** How long a waiter stays behind an in-flight cart completion before it fails (and is retried). */
const CART_LOCK_TIMEOUT_SECONDS = 30

/** The cart a payment collection belongs to (null for an order's own collection). */
export async function cartOfCollection(container: Resolver, collectionId: string): Promise<string | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart_payment_collection",
    fields: ["cart_id"],
    filters: { payment_collection_id: collectionId },
  })
  return (data[0] as { cart_id?: string } | undefined)?.cart_id ?? null
}

/** The order made from a cart, or null while there is none. */
export async function orderOfCart(container: Resolver, cartId: string): Promise<string | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
  return (data[0] as { order_id?: string } | undefined)?.order_id ?? null
}

/**
 * Runs `work` once no cart completion holds the cart's lock — the one completeCartWorkflow and
 * processPaymentWorkflow take. Mid-completion there is an order that the workflow's compensation
 * removes again if authorization fails, and a payment not yet made, so reading earlier would see
 * a state that may not last. Without a cart (an order's own collection) it runs at once.
 */
export function underCartLock<T>(
  container: Resolver,
  cartId: string | null | undefined,
  work: () => Promise<T>,
): Promise<T> {
  if (!cartId) return work()
  return container.resolve(Modules.LOCKING).execute(cartId, work, { timeout: CART_LOCK_TIMEOUT_SECONDS })
}

/** What a failed completion threw (a MedusaError, usually); callers that answer with it rethrow it as is. */
export type CompletionError = { type?: string; message?: string; name?: string }

/**
 * The verdict of a completion: the order (order_id is null only for an order's own payment
 * collection, which has no cart), the lender's decline as Medusa saw it (the provider's authorize
 * threw PAYMENT_AUTHORIZATION_ERROR), or any other failure, including another request holding an
 * unfinished completion of the same cart (`in_progress`).
 */
export type FinancedCartCompletion =
  | { order_id: string | null }
  | { declined: true; reason: string; error: CompletionError }
  | { failed: true; reason: string; error?: CompletionError; in_progress?: true }

/**
 * What to complete:
 * - `{ cartId }`: the lender has approved and the provider authorizes on demand (FlexShopper,
 *   NewDay): Medusa's completeCartWorkflow places the order and runs the provider's authorize.
 * - `{ sessionId, action, amount }`: the lender told us the payment is authorized or paid (Payment
 *   Assist, Vault; the way core webhooks do it): Medusa's processPaymentWorkflow completes the
 *   session's cart (or captures an order's payment), then the order is looked up.
 */
export type FinancedCartTarget =
  | { cartId: string }
  | {
      sessionId: string
      cartId: string | null | undefined
      action: PaymentActions.AUTHORIZED | PaymentActions.SUCCESSFUL
      amount: BigNumberValue
    }

type WorkflowRun = { errors?: Array<{ error?: unknown }>; result?: unknown; finished?: boolean }

/** The verdict of a finished workflow run, or null when it succeeded (the caller then finds the order). Pure. */
export function completionVerdict({
  errors,
  finished = true,
}: WorkflowRun): Exclude<FinancedCartCompletion, { order_id: string | null }> | null {
  if (!finished) {
    const error = new MedusaError(MedusaError.Types.CONFLICT, "Cart is already being completed by another request")
    return { failed: true, reason: error.message, error, in_progress: true }
  }
  const error = errors?.[0]?.error as CompletionError | undefined
  if (!errors?.length) return null
  const reason = error?.message ?? "unknown error"
  if (error?.type === MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR) return { declined: true, reason, error }
  return { failed: true, reason, error }
}

/**
 * The one "lender approved → order" path. Under the cart lock it finds the order already made
 * from the cart, else Medusa makes it (completeCartWorkflow and processPaymentWorkflow take the
 * same lock, so two completions of one cart make one order); a PAYMENT_AUTHORIZATION_ERROR is the
 * lender's decline. Never throws for a failed completion: each caller turns the verdict into its
 * own answer (an HTTP reply, a redirect, a reconcile verdict, an error the lender retries on).
 */
export async function completeFinancedCart(
  container: MedusaContainer,
  target: FinancedCartTarget,
): Promise<FinancedCartCompletion> {
  if (!("sessionId" in target)) {
    const { cartId } = target
    // An order already made from the cart may be one whose completion died before the payment
    // was authorized: finished here, so the shopper's retry completes it (interrupted-completion.ts).
    const existing = await finishOrderOfCart(container, cartId)
    if (existing) return completionOfFinished(existing.orderId, existing.outcome)
    const { errors, result, transaction } = await completeCartWorkflow(container).run({
      input: { id: cartId },
      throwOnError: false,
    })
    const verdict = completionVerdict({ errors, finished: transaction.hasFinished() })
    if (verdict) return verdict
    return { order_id: (result as { id?: string } | undefined)?.id ?? (await orderOfCart(container, cartId)) }
  }
  try {
    // Thrown only when the workflow itself failed: its cart-completion step may fail without
    // failing it (continueOnPermanentFailure), and then the order decides.
    await processPaymentWorkflow(container).run({
      input: { action: target.action, data: { session_id: target.sessionId, amount: target.amount } },
    })
  } catch (error) {
    return completionVerdict({ errors: [{ error }] })!
  }
  if (!target.cartId) return { order_id: null }
  const orderId = await waitForOrder(container, target.cartId)
  return orderId ? { order_id: orderId } : { failed: true, reason: `cart ${target.cartId} could not be completed` }
}

/**
 * The order already made from the cart, if any, with its completion finished when the process
 * that made it died before the payment was authorized (interrupted-completion.ts). Under the
 * cart lock, so a completion still alive finishes first.
 */
export function finishOrderOfCart(
  container: Resolver,
  cartId: string,
): Promise<{ orderId: string; outcome: InterruptedCompletionOutcome } | null> {
  return underCartLock(container, cartId, async () => {
    const orderId = await orderOfCart(container, cartId)
    return orderId ? { orderId, outcome: await finishInterruptedCompletion(container, orderId) } : null
  })
}

/** A finished (or found complete) order as a completion verdict. Pure. */
export function completionOfFinished(orderId: string, finished: InterruptedCompletionOutcome): FinancedCartCompletion {
  switch (finished.result) {
    case "complete":
    case "authorized":
      return { order_id: orderId }
    case "canceled": {
      const error = new MedusaError(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR, finished.reason)
      return { declined: true, reason: finished.reason, error }
    }
    case "waiting":
      return { failed: true, reason: `order ${orderId} waits for its payment: ${finished.reason}` }
  }
}

/**
 * A lender's notification and the shopper's return often arrive together; the one that loses the
 * cart lock sees no order for a moment while the other completes the cart. Give it a few seconds.
 */
async function waitForOrder(container: Resolver, cartId: string): Promise<string | null> {
  for (const delayMs of [0, 500, 1000, 2000]) {
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs))
    const orderId = await orderOfCart(container, cartId)
    if (orderId) return orderId
  }
  return null
}
