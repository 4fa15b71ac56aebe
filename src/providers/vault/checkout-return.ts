// Decides what a shopper's return from the hosted checkout means, without trusting the query:
// the Vault payment is read back (invoice, currency, amount must match the session) and every
// Checkout.com id the browser brought is looked up server-side and must be THIS invoice's
// payment (reference = invoice id, same amount in minor units, same currency, same ps_ session).
import type { CheckoutLookupClient } from "../../lenders/vault/checkout"
import { checkCheckoutPayment } from "../../lenders/vault/checkout"
import type { VaultClient } from "../../lenders/vault/client"
import type { VaultPayment } from "../../lenders/vault/types"
import type { VaultSessionRefs } from "./session-data"
import { checkVaultPayment } from "./verify"

export interface CheckoutReturnQuery {
  ckoPaymentId?: string
  ckoSessionId?: string
  ckoPaymentSessionId?: string
}

export type CheckoutReturnDecision =
  | { kind: "paid"; payment: VaultPayment }
  | { kind: "failed"; payment: VaultPayment; reason: string }
  | { kind: "pending"; payment: VaultPayment }
  /** Forged, replayed for another cart, or inconsistent: nothing may change. */
  | { kind: "rejected"; reason: string }

export interface CheckoutReturnInput {
  refs: VaultSessionRefs
  /** Medusa's amount for the session (the browser never supplies it). */
  amount: unknown
  checkoutSessionId?: string
  query: CheckoutReturnQuery
  client: VaultClient
  lookup?: CheckoutLookupClient
}

export async function decideCheckoutReturn(input: CheckoutReturnInput): Promise<CheckoutReturnDecision> {
  const { refs, query } = input
  const payment = await input.client.getPayment({
    paymentId: refs.payment_id,
    invoiceId: refs.invoice_id,
    type: refs.type,
  })
  const vault = checkVaultPayment(payment, {
    invoiceId: refs.invoice_id,
    amount: input.amount,
    currency: refs.currency,
  })
  if (!vault.ok) return { kind: "rejected", reason: vault.reason }
  const expectedSession = payment.checkoutSessionId ?? input.checkoutSessionId
  if (query.ckoPaymentSessionId && expectedSession && query.ckoPaymentSessionId !== expectedSession) {
    return { kind: "rejected", reason: "session_mismatch" }
  }

  let checkoutFailure: string | undefined
  if (input.lookup) {
    const ids = [query.ckoPaymentId, query.ckoSessionId].filter((id): id is string => Boolean(id))
    if (ids.length === 0 && payment.checkoutPaymentId) ids.push(payment.checkoutPaymentId)
    if (ids.length === 0 && payment.status === "SUCCESS") return { kind: "rejected", reason: "no_checkout_payment" }
    for (const id of ids) {
      const cko = await input.lookup.getPayment(id)
      if (!cko) return { kind: "rejected", reason: "checkout_payment_not_found" }
      if (payment.checkoutPaymentId && cko.id !== payment.checkoutPaymentId)
        return { kind: "rejected", reason: "checkout_payment_mismatch" }
      const check = checkCheckoutPayment(cko, {
        amount: payment.amount,
        currency: refs.currency,
        reference: refs.invoice_id,
        paymentSessionId: expectedSession,
      })
      if (!check.ok) {
        if (check.reason !== "declined" && check.reason !== "authentication_failed")
          return { kind: "rejected", reason: check.reason }
        checkoutFailure ??= check.reason
      }
    }
  }

  switch (payment.status) {
    case "SUCCESS":
      // Vault and Checkout.com must agree before an order exists.
      return checkoutFailure ? { kind: "rejected", reason: "checkout_not_approved" } : { kind: "paid", payment }
    case "FAILED":
      return { kind: "failed", payment, reason: checkoutFailure ?? "declined" }
    case "EXPIRED":
      return { kind: "failed", payment, reason: "expired" }
    case "CANCELLED":
      return { kind: "failed", payment, reason: "cancelled" }
    default:
      return { kind: "pending", payment }
  }
}
