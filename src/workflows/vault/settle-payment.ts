// After a Vault payment status was VERIFIED (signature + fetch-back, or the Checkout.com
// redirect checks), this applies it once: SUCCESS completes the cart (or captures the order's
// payment) through completeFinancedCart (Medusa's processPaymentWorkflow); FAILED/CANCELLED/EXPIRED
// go through the shared payment-failed workflow (collection marked failed, with its guards);
// anything else waits. Repeats (duplicate webhooks, webhook + redirect racing) find the work
// done and change nothing.
import type { MedusaContainer } from "@medusajs/framework/types"
import { PaymentActions } from "@medusajs/framework/utils"
import type { VaultPayment } from "../../lenders/vault/types"
import { FAILED_VAULT_STATUSES } from "../../providers/vault/status"
import { markPaymentFailedWorkflow, type PaymentFailedAction } from "../payment-failed"
import { completeFinancedCart, underCartLock } from "../cart-links"
import { loadVaultSession, type VaultSessionRecord } from "./vault-session"
import { vaultLender } from "../../providers/lenders"

export type SettleOutcome =
  | { outcome: "completed"; order_id?: string; already: boolean }
  | { outcome: "failed"; already: boolean; collection_status?: string | null; action?: PaymentFailedAction }
  | { outcome: "pending" }

// One settlement per session at a time in this process, so a webhook and a redirect arriving
// together do not both run Medusa's payment processing.
const inFlight = new Map<string, Promise<unknown>>()

function serialised<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = inFlight.get(key) ?? Promise.resolve()
  const next = previous.catch(() => undefined).then(work)
  inFlight.set(key, next)
  void next
    .finally(() => {
      if (inFlight.get(key) === next) inFlight.delete(key)
    })
    .catch(() => undefined)
  return next
}

function isDone(session: VaultSessionRecord): boolean {
  const captured = Boolean(session.payment?.captured_at)
  return session.cart_id ? Boolean(session.order_id) && captured : captured
}

/**
 * Reads the session once any cart completion in progress has released the cart's lock (the one
 * completeCartWorkflow and processPaymentWorkflow take): a notification that arrives while the
 * storefront is completing the cart then sees the finished order instead of processing it twice.
 * Wait even when an order is visible: completeCartWorkflow creates the order BEFORE it authorizes
 * the payment, so mid-completion there is an order that its compensation removes again if the
 * authorization fails (insufficient funds) — reading it early made a FAILED notification look
 * like "another payment succeeded" and left the collection unmarked.
 */
async function settledView(container: MedusaContainer, sessionId: string) {
  const first = await loadVaultSession(container, sessionId)
  if (!first?.cart_id) return first
  return underCartLock(container, first.cart_id, () => loadVaultSession(container, sessionId))
}

export function settleVaultPayment(
  container: MedusaContainer,
  sessionId: string,
  payment: VaultPayment,
): Promise<SettleOutcome> {
  return serialised(sessionId, async () => {
    const session = await settledView(container, sessionId)
    if (!session) throw new Error(`Vault: payment session ${sessionId} no longer exists`)

    if (payment.status === "SUCCESS") {
      if (isDone(session)) return { outcome: "completed", order_id: session.order_id, already: true }
      const completion = await completeFinancedCart(container, {
        sessionId: session.id,
        cartId: session.cart_id,
        action: PaymentActions.SUCCESSFUL,
        amount: session.amount as number,
      })
      if (!("order_id" in completion) && completion.error) throw completion.error
      const after = await loadVaultSession(container, sessionId)
      if (!after || !isDone(after)) {
        // Medusa continues past a failed cart completion; the lender must hear about it and retry.
        throw new Error(
          `Vault payment ${payment.paymentId} is paid but Medusa could not complete ${session.cart_id ? `cart ${session.cart_id}` : "the order's payment"}`,
        )
      }
      return { outcome: "completed", order_id: after.order_id, already: false }
    }

    if (FAILED_VAULT_STATUSES.includes(payment.status)) {
      const { result } = await markPaymentFailedWorkflow(container).run({
        // A failed card or balance payment: Vault stays offered, the shopper may pay another way with it.
        input: { payment_session_id: session.id, lender_name: vaultLender.name, lender_status: payment.status },
      })
      const changed = result.collection_changed || result.action === "canceled_order"
      return {
        outcome: "failed",
        already: !changed,
        collection_status: result.previous_collection_status,
        action: result.action,
      }
    }
    return { outcome: "pending" }
  })
}
