/**
 * NewDay "Order Processing 1.0" (NewPay for Retailers) wire types, as documented in
 * shared/lenders/newday.md §4–§10. Amounts are MAJOR units (pounds) on the wire; the client
 * converts from/to integer pence at its edge (see ./money.ts). Enums are left open
 * (`string & {}`) where NewDay only showed some members.
 */
import type { LenderLogger, LenderRetryOptions, LenderTlsOptions } from "../http-types"

export interface NewDayMoney {
  /** Major units, at most 2 decimal places (12.34 = £12.34). */
  value: number
  currencyCode: "GBP" | (string & {})
}

export type SpendType = "Purchase" | "Instalment" | (string & {})
export type OfferStatus = "Active" | "Inactive" | "Expired" | (string & {})
export type OfferSource = "Product" | "Promotional" | (string & {})

export interface SpendOptionIllustration {
  monthlyPayment: NewDayMoney
  interestToPay: NewDayMoney
  totalRepayable: NewDayMoney
}

export interface SpendOption {
  name: string
  description?: string
  offerId?: string
  offerCode?: string
  offerStatus?: OfferStatus
  offerSource?: OfferSource
  spendType: SpendType
  /** Decimal fraction: 0.25 = 25 %. */
  interestRate: number
  /** Only in the by-customerRef response; the id to authorise with. */
  spendOptionId?: string
  /** Months. */
  duration?: number
  /** Instalment offers only. */
  illustration?: SpendOptionIllustration | null
  endDate?: string
  settlementPercentage?: number
  refundPercentage?: number
  chargebackPercentage?: number
}

export interface SpendOptionsResponse {
  options: SpendOption[]
}

/** Filters of both spend-options endpoints; basketAmount is pence here, pounds on the wire. */
export interface SpendOptionsQuery {
  basketAmountMinor: number
  currencyCode?: string
  promoOnly?: boolean
  zeroPercentOnly?: boolean
  spendType?: SpendType
  orderBy?: "InstalmentPaymentAmount" | (string & {})
  /** Anything else the partner pack asks for (the product query contract is not public). */
  extra?: Record<string, string | number | boolean | undefined>
}

export type ScaStatus = "Exempt" | "Required" | (string & {})

export interface InitiateRequest {
  amount: NewDayMoney
  spendOptionId?: string
  orderReference?: string
  overrideExemption?: boolean
}

/**
 * Initiate's answer as the client reads it. NewDay's schema is not public (seed 003 only says the
 * answer "will confirm if the customer is exempt from SCA or if authentication is required" and,
 * then, "provide the widget URL"), so the field names and status words are configurable
 * (NewDayInitiateSchema) and only what the seed promises is required.
 */
export interface InitiateResponse {
  /** NewDay's own word, as sent. */
  scaStatus: ScaStatus
  /** What the word means: no challenge needed, or the shopper must pass the SCA widget. */
  outcome: "exempt" | "required"
  /** Exempt: the transaction-exempt token for Authorise, when NewDay sends one. Required: the token the widget takes, when sent apart from the URL. */
  scaToken?: string
  /** Required only: the SCA widget; the merchant adds `redirect_uri`. */
  widgetUrl?: string
}

/** Where Initiate's answer keeps what the plugin reads (defaults: the spec's §5.3 [INFERRED] proposal). */
export interface NewDayInitiateSchema {
  /** Default "scaStatus". */
  statusField?: string
  /** Default "scaToken". */
  tokenField?: string
  /** Default "widgetUrl". */
  widgetUrlField?: string
  /** Status words meaning "exempt" (compared case-insensitively). Default ["Exempt"]. */
  exemptValues?: string[]
  /** Status words meaning "authentication required". Default ["Required"]. */
  requiredValues?: string[]
}

export interface AuthoriseRequest {
  amount: NewDayMoney
  orderReference: string
  description?: string
  verificationId?: string
  spendOptionId?: string
}

export type AuthorisationStatus = "Authorised" | "Declined" | (string & {})

export interface AuthoriseResponse {
  authorisationId?: string | null
  result: AuthorisationStatus
  declineReason?: string | null
}

export interface SettleResponse {
  transactionId: string
}

export interface ReverseResponse {
  authorisationReversalId: string
  remainingFloat: NewDayMoney
}

export interface RefundResponse {
  refundTransactionId: string
}

/** RFC 7807 problem details as NewDay's API guidelines describe them. */
export interface NewDayProblem {
  type?: string
  title?: string
  status?: number
  detail?: string
  traceId?: string
  errors?: Record<string, string[]>
  [extension: string]: unknown
}

/** Per-call headers (secrets among them never reach logs: the HTTP layer scrubs them). */
export interface NewDayCallContext {
  /** `client-session-id`: one per shopper session, sent on every call that has one. */
  clientSessionId?: string
  /** `customer-access-token` from NewDay's sign-in (SSO) widget. */
  customerAccessToken?: string
  /** `sca-token` from Initiate (exempt) or the SCA widget (authenticated). */
  scaToken?: string
  /** `idempotency-key` (a UUID); generated once per call when absent and reused on every retry. */
  idempotencyKey?: string
  correlationId?: string
}

export interface NewDayClientOptions {
  /** e.g. https://mtapi.stg-newdaytechnology.net/cl/merchant-gateway-service (trailing slash optional). */
  baseUrl: string
  /** `context-merchantId` (a GUID). */
  merchantId: string
  /** `context-tenantId`. */
  tenantId: string
  /** `Ocp-Apim-Subscription-Key`, only when NewDay's gateway asks for one. */
  subscriptionKey?: string
  /** `Api-Version` header, only when set (NewDay: absent means latest). */
  apiVersion?: string
  /** Mutual TLS: certificate, key and CA as PEM text or file paths. */
  tls?: LenderTlsOptions
  timeoutMs?: number
  connectTimeoutMs?: number
  retry?: LenderRetryOptions
  logger?: LenderLogger
  /** UpwardAdjustment is only in NewDay's newer API reference; off unless asked for. */
  enableUpwardAdjustment?: boolean
  /** Initiate's field names and status words, to match NewDay's partner pack. */
  initiateSchema?: NewDayInitiateSchema
}
