// The FlexShopper simulator's records. Money is integer cents inside the sandbox; the API
// speaks dollars (see ./wire.ts).
import type { LenderStore } from "../state"

export interface Merchant {
  vendorId: string
  name: string
  apiKey: string
  authKey: string
  minimumOrderCents: number
}

export type DecisionStatus = "approved" | "pending" | "failed"
export type VerificationStatus = "pending" | "failed" | "succeeded"

export interface Decision {
  applicationId: string
  prequalId?: string
  status: DecisionStatus
  limitCents: number
  createdAt: string
}

export interface SandboxUser {
  id: string
  firstName: string
  lastName: string
  email: string
  password?: string
  mobilePhone?: string
  ssn?: string
  dateOfBirth?: string
  createdAt: string
  decision: Decision | null
  /**
   * Prequalification Complete (bank details) went through. Internal state only: no FlexShopper
   * page documents such a field, so it never appears on the wire (the modal stand-in refuses a
   * lease without it, code `ApplicationIncomplete`, listed in the assumptions).
   */
  applicationComplete: boolean
  verificationStatus: VerificationStatus | null
  spendingHold: boolean
  /** Security deposit the shopper pays in the modal when signing; 0 = none. */
  depositCents: number
  /** Merchants (vendor ids) this user dealt with: only they may mint auth codes for them. */
  vendors: string[]
  /** Which documented test identity produced this user, if any. */
  identity?: string
}

export interface CustomerTokenRecord {
  value: string
  userId: string
  /** The API key that obtained the token; any other key is refused. */
  apiKey: string
  expiresAt: string
}

export interface AuthCodeRecord {
  code: string
  userId: string
  vendorId: string
  expiresAt: string
  usedAt?: string
}

export interface Prequal {
  id: string
  userId: string
  vendorId: string
  createdAt: string
}

export interface QuizQuestion {
  id: string
  label: string
  choices: Array<{ id: string; label: string }>
  correctChoiceId: string
}

export interface Quiz {
  id: string
  userId: string
  questions: QuizQuestion[]
  expiresAt: string
  answeredAt?: string
}

export interface Line {
  description: string
  sku: string
  brand: string
  costCents: number
  quantity: number
  condition: string
  images?: string[]
  shippingCents: number
  shippingMethod?: string
  /** Units currently in each state; open units = quantity − all of these. */
  shipped: number
  received: number
  canceled: number
  returned: number
  itemCreditedCents: number
  shippingCreditedCents: number
}

export interface Transaction {
  /** `${vendorId}:${transactionId}` — transaction ids are the merchant's own, unique per merchant. */
  key: string
  id: string
  transactionId: string
  vendorId: string
  userId: string
  orderId?: string
  createdAt: string
  lease: { id: string; status: "pending" | "signed"; leaseNumber?: string; signedAt?: string }
  finalized?: { loanNumber: string; leaseNumber: string; at: string }
  lines: Line[]
  depositCents: number
  depositPaid: boolean
}

export interface CheckoutRequest {
  transactionId: string
  costCents: number
  orderId?: string
  items: Array<
    Omit<Line, "shipped" | "received" | "canceled" | "returned" | "itemCreditedCents" | "shippingCreditedCents">
  >
}

export interface Checkout {
  id: string
  vendorId: string
  userId?: string
  /** Storefront origin the `onSign` message goes to. */
  origin?: string
  request: CheckoutRequest
  transactionKey?: string
  state: "open" | "signed" | "canceled"
  createdAt: string
  expiresAt: string
}

export function collections(store: LenderStore) {
  return {
    merchants: store.collection<Merchant>("merchants"),
    users: store.collection<SandboxUser>("users"),
    tokens: store.collection<CustomerTokenRecord>("customer-tokens"),
    authCodes: store.collection<AuthCodeRecord>("auth-codes"),
    prequals: store.collection<Prequal>("prequals"),
    quizzes: store.collection<Quiz>("quizzes"),
    transactions: store.collection<Transaction>("transactions"),
    checkouts: store.collection<Checkout>("checkouts"),
  }
}

export type FlexShopperCollections = ReturnType<typeof collections>

export function openUnits(line: Line): number {
  return line.quantity - line.shipped - line.received - line.canceled - line.returned
}
