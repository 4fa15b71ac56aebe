// What a Vault payment session's `data` holds. The storefront sees it, so: Vault references, the
// hosted-page URL and amounts only — the shopper's Vault token stays in the secret store.
import { nextSessionData, stringField } from "../../provider-kit/session-data"
import { VAULT_PAYMENT_TYPES, type VaultPayment, type VaultPaymentType } from "../../lenders/vault/types"

export interface VaultSessionRefs {
  type: VaultPaymentType
  invoice_id: string
  payment_id: string
  /** The Medusa amount the invoice was issued for (Vault decimal). */
  invoice_amount: string
  currency: string
  cart_id?: string
  account_id?: string
}

export function vaultSessionData(
  previous: Record<string, unknown> | undefined,
  payment: VaultPayment,
  extra: Record<string, unknown> = {},
) {
  return nextSessionData(previous, {
    ...extra,
    type: payment.type,
    invoice_id: payment.invoiceId,
    payment_id: payment.paymentId,
    vault_status: payment.status,
    amount: payment.amount,
    currency: payment.currency,
    discount_code: payment.discountCode ?? undefined,
    discount_amount: payment.discountAmount && payment.discountAmount !== "0" ? payment.discountAmount : undefined,
    account_id: payment.accountId ?? undefined,
    checkout_url:
      payment.type === "CHECKOUT" && payment.status === "PENDING" ? (payment.checkoutUrl ?? undefined) : undefined,
    checkout_session_id: payment.checkoutSessionId ?? undefined,
    checkout_payment_id: payment.checkoutPaymentId ?? undefined,
    expires_at: payment.expiresAt ?? undefined,
  })
}

/** The Vault references of a session, or undefined when it never reached Vault. */
export function vaultRefsOf(data: Record<string, unknown> | undefined): VaultSessionRefs | undefined {
  const type = stringField(data, "type")
  const invoice_id = stringField(data, "invoice_id")
  const payment_id = stringField(data, "payment_id")
  const invoice_amount = stringField(data, "invoice_amount")
  const currency = stringField(data, "currency")
  if (
    !type ||
    !VAULT_PAYMENT_TYPES.includes(type as VaultPaymentType) ||
    !invoice_id ||
    !payment_id ||
    !invoice_amount ||
    !currency
  )
    return undefined
  return {
    type: type as VaultPaymentType,
    invoice_id,
    payment_id,
    invoice_amount,
    currency,
    cart_id: stringField(data, "cart_id"),
    account_id: stringField(data, "account_id"),
  }
}

/**
 * The invoice reference for a session: its id, plus a revision when the amount changed (Vault
 * references are unique per merchant, and an invoice cannot be re-priced).
 */
export function invoiceReference(sessionId: string, revision: number): string {
  return revision > 1 ? `${sessionId}/r${revision}` : sessionId
}

export function sessionIdFromReference(reference: string | null | undefined): string | undefined {
  const id = reference?.split("/")[0]
  return id && /^payses_[A-Za-z0-9]+$/.test(id) ? id : undefined
}
