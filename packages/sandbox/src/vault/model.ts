// What the Vault simulator keeps: tokens, users and their accounts, invoices, invoice payments,
// and the fake Checkout.com's sessions and payments. All collections live in ctx.store, so a
// sandbox reset empties them; fixtures are re-seeded by the simulator.
import type { Collection, LenderStore } from "../state"

export type Principal = { kind: "merchant"; merchantId: string } | { kind: "user"; merchantId: string; userId: string }

export interface SimToken {
  accessToken: string
  refreshToken: string
  principal: Principal
  expiresAt: number
  refreshExpiresAt: number
  /** Refresh tokens are single-use: refreshing rotates them ([INFERRED]; catches refresh stampedes). */
  refreshUsed: boolean
}

export interface SimUser {
  id: string
  phone: string
  password: string
  name: string
}

export interface SimAccount {
  id: string
  userId: string
  name: string
  type: string
  currency: string
  balance: string
}

export interface SimInvoice {
  invoiceId: string
  merchantId: string
  amount: string
  currency: string
  reference: string | null
  description: string | null
  notifyUrl: string | null
  status: "UNPAID" | "PAID"
  createdAt: string
}

export type SimPaymentType = "PLATFORM" | "CHECKOUT" | "EXTERNAL"
export type SimPaymentStatus = "PENDING" | "SUCCESS" | "FAILED" | "CANCELLED" | "EXPIRED"

export interface SimPayment {
  paymentId: string
  invoiceId: string
  merchantId: string
  /** The user whose token created it (PLATFORM), or null for the merchant. */
  userId: string | null
  type: SimPaymentType
  status: SimPaymentStatus
  amount: string
  currency: string
  discountCode: string | null
  discountAmount: string
  accountId: string | null
  redirectUrl: string | null
  /** Seed 004: strings. */
  someData: string | null
  externalData: string | null
  checkoutSessionId: string | null
  checkoutPaymentId: string | null
  createdAt: string
  expiresAt: number
  paymentDate: number | null
}

export interface CkoSession {
  id: string
  vaultPaymentId: string
  amount: number
  currency: string
  reference: string
  successUrl: string
  failureUrl: string
  paymentId: string | null
}

export interface CkoPayment {
  id: string
  sessionId: string
  authSessionId: string | null
  status: string
  approved: boolean
  amount: number
  currency: string
  reference: string
  responseCode: string
  responseSummary: string
  threeDs: Record<string, unknown> | null
  requestedOn: string
  metadata: Record<string, unknown>
}

export interface CkoAuthSession {
  id: string
  paymentId: string
  expiresAt: number
}

/** A forwarded notification, kept byte for byte so a replay can resend exactly the same delivery. */
export interface SimNotification {
  paymentId: string
  url: string
  body: string
  signature: string
  event: string
}

export interface VaultState {
  tokens: Collection<SimToken>
  users: Collection<SimUser>
  accounts: Collection<SimAccount>
  invoices: Collection<SimInvoice>
  payments: Collection<SimPayment>
  ckoSessions: Collection<CkoSession>
  ckoPayments: Collection<CkoPayment>
  ckoAuthSessions: Collection<CkoAuthSession>
  notifications: Collection<SimNotification>
}

export function vaultState(store: LenderStore): VaultState {
  return {
    tokens: store.collection("tokens"),
    users: store.collection("users"),
    accounts: store.collection("accounts"),
    invoices: store.collection("invoices"),
    payments: store.collection("payments"),
    ckoSessions: store.collection("checkout-sessions"),
    ckoPayments: store.collection("checkout-payments"),
    ckoAuthSessions: store.collection("checkout-3ds-sessions"),
    notifications: store.collection("notifications"),
  }
}
