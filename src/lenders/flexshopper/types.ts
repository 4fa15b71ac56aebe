// FlexShopper v3 ("Medusa" API) wire shapes, as documented (shared/lenders/flexshopper.md) or,
// where the docs were silent, as the spec's [inferred] proposal. Money is decimal DOLLARS as JSON
// numbers on the wire; this client never does arithmetic on them (see ./money.ts).

export type Dollars = number

export type DecisionStatus = "approved" | "pending" | "failed"
export type VerificationStatus = "pending" | "failed" | "succeeded"

/** Decision as `/users/me` and account lookup name it. */
export interface FsDecision {
  applicationId?: string
  prequalId?: string
  approved: boolean
  status: DecisionStatus
  spendingLimit: Dollars
  availableBalance: Dollars
  availableWeeklySpending: Dollars
  createdAt: string
}

/** Decision as Prequalification Start names it (different field names, as documented). */
export interface FsPrequalDecision {
  applicationId: string
  approved: boolean
  status: DecisionStatus
  limit: Dollars
  availableLimit: Dollars
  availableWeeklyLimit: Dollars
  createdAt: string
}

export interface FsTransactionSummary {
  id: string
  createdAt: string
  lease: { id: string; status: LeaseStatus }
}

export interface FsUserInfo {
  userId: string
  firstName: string
  lastName: string
  email: string
  createdAt: string
  transactions: FsTransactionSummary[]
  decision: FsDecision | null
  verificationStatus: VerificationStatus | null
  dateOfBirth?: string
  spendingHold: boolean
}

export interface FsLookupUser extends Omit<FsUserInfo, "dateOfBirth" | "spendingHold"> {
  cardVerified: boolean
  /** Customer token for this user (bound to the API key that searched). */
  token: string
}

export interface FsPage {
  count: number
  totalPages: number
  page: number
  limit: number
}

export interface AccountLookupInput {
  /** Digits only. */
  mobilePhone: string
  ssn: string
}

export interface CreateUserInput {
  firstName: string
  lastName: string
  email: string
  password?: string
  locale?: "en" | "es"
}

export type PayFrequency = "weekly" | "biweekly" | "semimonthly" | "monthly" | "yearly" | "none"

export interface PrequalStartInput {
  mobilePhone: string
  optInMarketing?: boolean
  firstName: string
  lastName: string
  email: string
  password?: string
  street1: string
  street2?: string
  city: string
  /** 2-letter US state. */
  regionAbbr: string
  postalCode: string
  country: string
  employmentInformation: { payFrequency: PayFrequency; monthlyIncome: number }
  /** YYYY-MM-DD */
  dateOfBirth: string
  ssn: string
  ipAddress?: string
}

export interface PrequalStartResult {
  prequalId: string
  decision: FsPrequalDecision
  verificationStatus: VerificationStatus | null
}

export interface BankAccount {
  routing: string
  account: string
  type: "checking" | "savings"
}

/** [inferred] body of Prequalification Complete (the archived page is cut off). */
export interface PrequalCompleteInput {
  prequalId: string
  bankAccount: BankAccount
  employmentInformation?: {
    payFrequency?: PayFrequency
    monthlyIncome?: number
    lastPayDate?: string
    nextPayDate?: string
  }
}

export interface RoutingNumberResult {
  routingNumber: string
  valid: boolean
  bankName?: string
}

export interface VerificationQuiz {
  id: string
  questions: Array<{ id: string; label: string; choices: Array<{ id: string; label: string }> }>
}

export interface VerifyAnswersInput {
  id: string
  answers: Array<{ questionId: string; choiceId: string }>
}

export interface VerifyAnswersResult {
  verificationStatus: VerificationStatus
}

export type LeaseStatus = "pending" | "signed"

/** Per-unit state counts. `ordered` is the total; the others are units currently in that state. */
export interface QuantityByStatus {
  ordered: number
  shipped?: number
  received?: number
  canceled?: number
  returned?: number
}

export interface FsItemShipping {
  cost: Dollars
  date?: string
  method?: string
}

/** One item (a PO line) as sent to `actions.transaction.create` and read back from the transaction. */
export interface FsLeaseItem {
  description: string
  sku: string
  brand: string
  /** Per unit, after discounts. */
  cost: Dollars
  quantity: number
  condition?: "new" | "refurbished" | "used"
  images?: string[]
  shipping?: FsItemShipping
}

/**
 * One item of Get Transaction, as documented (3.0 and 3.1 pages): no per-item shipping, no
 * condition — the order's shipping is the top-level `shippingCost`.
 */
export interface FsTransactionItem {
  description: string
  sku: string
  brand: string
  /** Per unit, after discounts. */
  cost: Dollars
  quantity: number
  quantityByStatus: QuantityByStatus
}

/**
 * Get Transaction By ID, exactly the documented fields. `id` is FlexShopper's own opaque id, not
 * the merchant's transaction id (the plugin keeps that itself); `customer` appears on the 3.0
 * page only; there is no lease number (Finalize answers it) and no "finalized" flag (the plugin
 * records its own finalize).
 */
export interface FsTransaction {
  id: string
  orderId?: string | null
  customer?: { id: string; firstName?: string; lastName?: string; email?: string } | null
  /** The order's shipping, in dollars (the plugin puts all of it on line 1 when it builds the order). */
  shippingCost?: Dollars
  createdAt: string
  lease: { id: string; status: LeaseStatus }
  items: FsTransactionItem[]
  /** The 3.0 schema says cents; the client never relies on it (totals are summed from items). */
  purchaseTotal?: number
  purchaseSalesTax?: number
}

/** What `actions.transaction.create` receives in the PP3 modal (built server-side by the plugin). */
export interface FsLeaseOrder {
  transactionId: string
  cost: Dollars
  items: FsLeaseItem[]
}

export interface FinalizeResult {
  transactionId: string
  loanNumber: string
  leaseNumber: string
}

export interface ShipmentItem {
  sku?: string
  quantity?: number
  carrier: string
  /** YYYY-MM-DD */
  shipDate: string
  trackingNumber?: string
  trackingLink?: string
  deliveryDate?: string
}

/** [inferred] Confirm Receipt mirrors Confirm Shipment. */
export interface ReceiptItem {
  sku?: string
  quantity?: number
  receivedDate?: string
}

export interface SkuQuantity {
  sku: string
  quantity?: number
}

export interface CancelResult {
  canceled: Array<{ sku: string; quantity: number }>
  failed: Array<{ sku: string; quantity: number; reason?: string }>
}

export interface ReturnResult {
  returned: Array<{ sku: string; quantity: number }>
  failed: Array<{ sku: string; quantity: number; reason?: string }>
}

export interface CreditItem {
  lineNumber: number
  sku: string
  itemCredit?: Dollars
  shippingCredit?: Dollars
}

export interface RefundResult {
  refunded: Array<{ sku: string; lineNumber: number }>
}

export interface LeaseSettings {
  minimumOrderValue: Dollars
}
