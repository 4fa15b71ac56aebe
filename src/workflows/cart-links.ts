// The links between a payment collection, its cart and the order made from that cart, and the
// cart's lock. Several flows (returns, webhooks, the payment-failed workflow, the reconcile job)
// need the same three answers; they read them here.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"

type Resolver = Pick<MedusaContainer, "resolve">

/** How long a waiter stays behind an in-flight cart completion before it fails (and is retried). */
const CART_LOCK_TIMEOUT_SECONDS = 30

/** The cart a payment collection belongs to (null for an order's own collection). */
export async function cartOfCollection(container: Resolver, collectionId: string): Promise<string | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "cart_payment_collection", fields: ["cart_id"], filters: { payment_collection_id: collectionId } })
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
export function underCartLock<T>(container: Resolver, cartId: string | null | undefined, work: () => Promise<T>): Promise<T> {
  if (!cartId) return work()
  return container.resolve(Modules.LOCKING).execute(cartId, work, { timeout: CART_LOCK_TIMEOUT_SECONDS })
}
