// Cancels a payment session the lender declined or let expire, and marks its collection failed
// so the storefront and admin see it (Medusa core ignores failed/canceled provider outcomes,
// medusajs/medusa#16398). Runs under the cart lock, and leaves alone a collection that was paid
// meanwhile: a late expiry of an abandoned attempt must not undo a completed checkout.
import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules, PaymentSessionStatus } from "@medusajs/framework/utils"
import { cartOfCollection, orderOfCart, underCartLock } from "../cart-links"
import { WAITING_SESSION_STATUSES } from "./finished-watches"
import type { PendingSession } from "./types"

const PAID = ["authorized", "partially_authorized", "partially_captured", "completed", "canceled", "failed"]

export type CancelResult = { canceled: true } | { canceled: false; reason: string; order_id?: string | null }

export async function cancelWaitingSession(
  container: MedusaContainer,
  session: PendingSession,
  patch: { data: Record<string, unknown>; status?: PaymentSessionStatus },
): Promise<CancelResult> {
  const cartId = await cartOfCollection(container, session.payment_collection_id)
  return underCartLock(container, cartId, async () => {
    const orderId = cartId ? await orderOfCart(container, cartId) : null
    if (orderId) return { canceled: false, reason: "the cart became an order meanwhile", order_id: orderId }
    const payments = container.resolve(Modules.PAYMENT)
    const [current] = await payments.listPaymentSessions({ id: session.id }, { relations: ["payment_collection"] })
    if (!current) return { canceled: false, reason: "the payment session was removed" }
    if (!WAITING_SESSION_STATUSES.includes(current.status))
      return { canceled: false, reason: `the session is already ${current.status}` }
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
      await payments.updatePaymentCollections(current.payment_collection_id, { status: "failed" } as Record<
        string,
        unknown
      >)
    }
    return { canceled: true }
  })
}
