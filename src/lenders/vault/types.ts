// Vault's invoice-payment API in TypeScript (spec: shared/lenders/vault.md §6, §9). Shapes the
// public docs do not show are the spec's [INFERRED] proposals; docs/vault.md lists them.

export const VAULT_PAYMENT_TYPES = ["PLATFORM", "CHECKOUT", "EXTERNAL"] as const
export type VaultPaymentType = (typeof VAULT_PAYMENT_TYPES)[number]

/** [INFERRED] Vault's UPPER_SNAKE style; kept open because the real enum is unpublished. */
export type VaultPaymentStatus = "CREATED" | "PENDING" | "SUCCESS" | "FAILED" | "CANCELLED" | "EXPIRED" | (string & {})

/** Major units as text ("12.50"); Vault sends numbers or strings, the client normalises to this. */
export type VaultDecimal = string

export interface VaultToken {
  access_token: string
  token_type: string
  refresh_token?: string
  expires_in: number
  scope?: string
  jti?: string
}

export interface CreateInvoiceRequest {
  amount: VaultDecimal
  currency: string
  /** Ours: the Medusa payment session id. [INFERRED] unique per merchant, so a retry returns the same invoice. */
  reference: string
  description?: string
  /** [INFERRED] where Vault posts the signed terminal-status notification for this invoice. */
  notifyUrl?: string
}

export interface VaultInvoice {
  invoiceId: string
  amount: VaultDecimal
  currency: string
  status: string
  reference?: string | null
  createdAt?: string
}

export interface CreateOrGetPaymentRequest {
  paymentId?: string
  invoiceId: string
  type: VaultPaymentType
  discountCode?: string
  /** Required when type is PLATFORM. */
  accountId?: string
  /** [INFERRED] name; V1: "the link to redirect the user from checkout page". */
  redirectUrl?: string
  /** Seed 004 §1.2/§1.3: a string, for EXTERNAL payments ([INFERRED] also accepted on create). */
  someData?: string
}

/**
 * Update invoice payment (seed 004 §1.2): `invoiceId` and `type` are required, `paymentId`,
 * `discountCode` and `someData` (a string, EXTERNAL) optional. The plugin re-prices a payment by
 * pointing it at a new invoice for the new amount ([INFERRED]: the seed shows no amount field).
 */
export interface UpdatePaymentRequest {
  invoiceId: string
  type: VaultPaymentType
  discountCode?: string
  someData?: string
}

/** Confirm invoice payment (seed 004 §1.3): paymentId (added by the client), invoiceId and type required. */
export interface ConfirmPaymentRequest {
  invoiceId: string
  type: VaultPaymentType
  discountCode?: string
  /** Required when type is PLATFORM. */
  accountId?: string
  someData?: string
}

export interface VaultPayment {
  paymentId: string
  invoiceId: string
  type: VaultPaymentType
  status: VaultPaymentStatus
  amount?: VaultDecimal
  currency?: string
  discountCode?: string | null
  discountAmount?: VaultDecimal | null
  accountId?: string | null
  checkoutUrl?: string | null
  /** The Checkout.com payment session (ps_…) Vault opened for a CHECKOUT payment. */
  checkoutSessionId?: string | null
  /** The Checkout.com payment (pay_…) once the shopper paid or was declined. */
  checkoutPaymentId?: string | null
  /** Seed 004 §2.2 shows externalData as a string. */
  externalData?: string | null
  createdAt?: string
  expiresAt?: string | null
}

export interface VaultAccount {
  id: string
  name?: string
  type?: string
  currency: string
  balance: VaultDecimal
  availableBalance: VaultDecimal
  status?: string
}

/** The notification Vault sends for platform and external payments (§6.4, §6.5). */
export interface VaultWebhookPayload {
  paymentId: string
  invoiceId: string
  status: VaultPaymentStatus
  amount?: VaultDecimal
  currency?: string
  /** Normalised to ISO 8601 (Vault may send epoch milliseconds). */
  paymentDate?: string
  /** Seed 004 §2.2: a string. */
  externalData?: string | null
}

/** GET /payments/{id} at Checkout.com (the CHECKOUT leg), amounts in MINOR units. */
export interface CheckoutPayment {
  id: string
  status: string
  approved?: boolean
  amount: number
  currency: string
  reference?: string
  response_code?: string
  response_summary?: string
  metadata?: Record<string, unknown>
  "3ds"?: Record<string, unknown>
  payment_session_id?: string
  actions?: unknown[]
}

/**
 * Where the payment response carries the Checkout.com leg ([INFERRED] names, spec §6.1): a field
 * name or a dotted path (e.g. "_links.redirect.href"), configurable until Vault confirms them.
 */
export interface VaultPaymentFields {
  checkoutUrl: string
  checkoutSessionId: string
  checkoutPaymentId: string
}

export const DEFAULT_VAULT_PAYMENT_FIELDS: VaultPaymentFields = {
  checkoutUrl: "checkoutUrl",
  checkoutSessionId: "checkoutSessionId",
  checkoutPaymentId: "checkoutPaymentId",
}

/** A field name or dotted path, checked at boot. */
export const VAULT_FIELD_PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/

export interface VaultPaths {
  token: string
  createInvoice: string
  getInvoice: string
  createOrGet: string
  update: string
  confirm: string
  accounts: string
}

export const DEFAULT_VAULT_PATHS: VaultPaths = {
  token: "/oauth/token",
  // [INFERRED] invoice creation is not in the public docs (issue: "marked as an assumption").
  createInvoice: "/invoice",
  getInvoice: "/invoice/{invoiceId}",
  createOrGet: "/invoice/payment",
  // [INFERRED] spec §6.2 / §6.3.
  update: "/invoice/payment/{paymentId}",
  confirm: "/invoice/payment/{paymentId}/confirm",
  accounts: "/v2/wallets",
}
