// Cancels a payment session the lender declined or let expire, and marks its collection failed
// so the storefront and admin see it (Medusa core ignores failed/canceled provider outcomes,
// medusajs/medusa#16398). Runs under the cart lock, and leaves alone a collection that was paid
// meanwhile: a late expiry of an abandoned attempt must not undo a completed checkout.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules, PaymentSessionStatus } from "@medusajs/framework/utils"
import type { PendingSession } from "./types"

const PAID = ["authorized", "partially_authorized", "partially_captured", "completed", "canceled", "failed"]

export async function cartOfCollection(container: Pick<MedusaContainer, "resolve">, collectionId: string): Promise<string | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "cart_payment_collection", fields: ["cart_id"], filters: { payment_collection_id: collectionId } })
  return (data[0] as { cart_id?: string } | undefined)?.cart_id ?? null
}

export async function orderOfCart(container: Pick<MedusaContainer, "resolve">, cartId: string): Promise<string | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
  return (data[0] as { order_id?: string } | undefined)?.order_id ?? null
}

/** Runs `work` once no cart completion holds the cart's lock (completeCartWorkflow creates the order before it authorizes). */
export async function underCartLock<T>(container: MedusaContainer, cartId: string | null, work: () => Promise<T>): Promise<T> {
  if (!cartId) return work()
  return container.resolve(Modules.LOCKING).execute(cartId, work, { timeout: 30 })
}

export type CancelResult = { canceled: true } | { canceled: false; reason: string; order_id?: string | null }

export async function cancelWaitingSession(
  container: MedusaContainer,
  session: PendingSession,
  patch: { data: Record<string, unknown>; status?: PaymentSessionStatus }
): Promise<CancelResult> {
  const cartId = await cartOfCollection(container, session.payment_collection_id)
  return underCartLock(container, cartId, async () => {
    const orderId = cartId ? await orderOfCart(container, cartId) : null
    if (orderId) return { canceled: false, reason: "the cart became an order meanwhile", order_id: orderId }
    const payments = container.resolve(Modules.PAYMENT)
    const [current] = await payments.listPaymentSessions({ id: session.id }, { relations: ["payment_collection"] })
    if (!current) return { canceled: false, reason: "the payment session was removed" }
    if (!["pending", "requires_more"].includes(current.status)) return { canceled: false, reason: `the session is already ${current.status}` }
    try {
      await payments.updatePaymentSession({
        id: current.id,
        data: { ...(current.data ?? {}), ...patch.data },
        amount: current.amount as never,
        currency_code: current.currency_code,
        status: patch.status ?? PaymentSessionStatus.CANCELED,
      })
    } catch (error) {
      if (MedusaError.isMedusaError(error) && (error as MedusaError).type === MedusaError.Types.NOT_FOUND) {
        return { canceled: false, reason: "the payment session was removed" }
      }
      throw error
    }
    const collectionStatus = (current as { payment_collection?: { status?: string } }).payment_collection?.status
    if (!collectionStatus || !PAID.includes(collectionStatus)) {
      // `status` is a column of payment_collection; UpdatePaymentCollectionDTO does not list it.
      await payments.updatePaymentCollections(current.payment_collection_id, { status: "failed" } as Record<string, unknown>)
    }
    return { canceled: true }
  })
}
