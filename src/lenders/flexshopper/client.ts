// Typed client for every FlexShopper v3 endpoint a waterfall merchant uses: customer accounts,
// prequalification, identity quiz (KBA), the modal auth code, the merchant transaction
// lifecycle and lease settings. No Medusa imports; all HTTP goes through src/lenders/http.ts.
import { LenderError } from "../errors"
import { createLenderHttp } from "../http"
import type { LenderHttp, LenderLogger, LenderRetryOptions } from "../http-types"
import { memoizedRead } from "../read-scope"
import { apiKeyIdOf, bindCustomerToken, isCustomerToken, type CustomerToken } from "./customer-token"
import { parseFlexShopperError } from "./errors"
import type {
  AccountLookupInput,
  CancelResult,
  CreateUserInput,
  CreditItem,
  FinalizeResult,
  FsLookupUser,
  FsPage,
  FsTransaction,
  FsUserInfo,
  LeaseSettings,
  PrequalCompleteInput,
  PrequalStartInput,
  PrequalStartResult,
  ReceiptItem,
  RefundResult,
  ReturnResult,
  RoutingNumberResult,
  ShipmentItem,
  SkuQuantity,
  VerificationQuiz,
  VerifyAnswersInput,
  VerifyAnswersResult,
} from "./types"

export const FLEXSHOPPER_SLUG = "flexshopper"
export const FLEXSHOPPER_NAME = "FlexShopper"

/**
 * Paths no archived FlexShopper page shows (the plugin's guesses; see docs/lenders/flexshopper.md).
 * A store with FlexShopper's partner documentation overrides them without forking. Each starts with
 * "/"; `{routingNumber}` and `{transactionId}` are filled in (a routing-number path without the
 * placeholder gets `?routingNumber=`).
 */
export interface FlexShopperPaths {
  prequalComplete: string
  validateRoutingNumber: string
  verifyAnswers: string
  confirmReceipt: string
}

export const FLEXSHOPPER_GUESSED_PATHS: FlexShopperPaths = {
  prequalComplete: "/v3/users/prequal/complete/lease",
  validateRoutingNumber: "/v3/routing-numbers/{routingNumber}",
  verifyAnswers: "/v3/users/me/verify-answers",
  confirmReceipt: "/v3/transactions/{transactionId}/confirm-receipt",
}

/** The env var of each path override (read by readOptionsFromEnv in src/providers/flexshopper/lender.ts). */
export const FLEXSHOPPER_PATH_ENV: Record<keyof FlexShopperPaths, string> = {
  prequalComplete: "FLEXSHOPPER_PREQUAL_COMPLETE_PATH",
  validateRoutingNumber: "FLEXSHOPPER_ROUTING_NUMBER_PATH",
  verifyAnswers: "FLEXSHOPPER_VERIFY_ANSWERS_PATH",
  confirmReceipt: "FLEXSHOPPER_CONFIRM_RECEIPT_PATH",
}

/** Why a path override is unusable, or undefined when it is fine. */
export function pathOverrideProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== "string" || !value.startsWith("/")) return "must be a path starting with /"
  if (value.startsWith("//")) return "must be a path on the API host, not //host"
  if (/[\s?#]|\.\./.test(value)) return "must be a plain path (no spaces, ?, # or ..)"
  return undefined
}

export interface FlexShopperClientOptions {
  apiKey: string
  /** Host only, e.g. https://apis.sandbox.flexshopper.com; paths carry /v3. */
  baseUrl: string
  logger?: LenderLogger
  timeoutMs?: number
  retry?: LenderRetryOptions
  /** Overrides of the guessed paths (FlexShopperPaths). */
  paths?: Partial<FlexShopperPaths>
}

export type LookupUser = Omit<FsLookupUser, "token"> & { customerToken: CustomerToken }

export interface CreatedUser {
  userId: string
  customerToken: CustomerToken
}

// Personal data and one-time values that must not reach a log line, on top of the shared defaults
// (ssn, dateOfBirth, *income, bankAccount, *token, authorization, customer-token…).
const REDACTED_FIELDS = [
  "code",
  "mobilePhone",
  "email",
  "routing",
  "account",
  "choiceId",
  "answers",
  "street1",
  "street2",
]

/** How long shopper routes reuse the merchant's lease settings (see getLeaseSettings). */
export const LEASE_SETTINGS_TTL_MS = 5 * 60_000

export class FlexShopperClient {
  readonly http: LenderHttp
  private readonly apiKeyId: string
  private leaseSettings?: { at: number; value: LeaseSettings }
  private readonly apiKey: string
  private readonly paths: FlexShopperPaths

  constructor(options: FlexShopperClientOptions) {
    if (!options?.apiKey) {
      throw new LenderError({
        lender: FLEXSHOPPER_SLUG,
        lenderName: FLEXSHOPPER_NAME,
        operation: "configure",
        kind: "config",
        description: "apiKey is required",
      })
    }
    this.apiKey = options.apiKey
    this.paths = { ...FLEXSHOPPER_GUESSED_PATHS, ...definedPaths(options.paths) }
    this.apiKeyId = apiKeyIdOf(options.apiKey)
    this.http = createLenderHttp({
      lender: FLEXSHOPPER_SLUG,
      lenderName: FLEXSHOPPER_NAME,
      baseURL: options.baseUrl,
      timeoutMs: options.timeoutMs,
      retry: options.retry,
      logger: options.logger,
      // The bare key, no "Bearer" (FlexShopper's own Magento client does the same).
      defaultHeaders: { authorization: options.apiKey },
      redact: { fields: REDACTED_FIELDS, headers: ["customer-token"], secretValues: [options.apiKey] },
      parseError: parseFlexShopperError,
    })
  }

  // ── customer accounts ────────────────────────────────────────────────────────────────────

  /** Account Lookup: users matching mobile phone + SSN, each with a customer token. */
  async searchUsers(input: AccountLookupInput): Promise<{ users: LookupUser[]; meta?: FsPage }> {
    const data = await this.data<{ users: FsLookupUser[]; meta?: FsPage }>(
      "account-lookup",
      "POST",
      "/v3/users/search",
      { json: input },
    )
    const users = Array.isArray(data.users) ? data.users : []
    return {
      users: users.map(({ token, ...user }) => ({ ...user, customerToken: this.bind(token, "account-lookup") })),
      meta: data.meta,
    }
  }

  async createUser(input: CreateUserInput): Promise<CreatedUser> {
    const data = await this.data<{ userId: string; token: string }>("create-user", "POST", "/v3/users", { json: input })
    return { userId: data.userId, customerToken: this.bind(data.token, "create-user") }
  }

  async userExists(email: string): Promise<{ exists: boolean; userId?: string | null }> {
    return this.data("user-exists", "GET", "/v3/user-exists", { query: { email } })
  }

  async getUserInfo(token: CustomerToken): Promise<FsUserInfo> {
    return this.data("get-user-info", "GET", "/v3/users/me", { token })
  }

  // ── application ──────────────────────────────────────────────────────────────────────────

  async prequalStart(input: PrequalStartInput): Promise<PrequalStartResult> {
    return this.data("prequal-start", "POST", "/v3/users/prequal/start/lease", { json: input })
  }

  /** [inferred path and body] the full application with bank (ACH) details. */
  async prequalComplete(token: CustomerToken, input: PrequalCompleteInput): Promise<FsUserInfo> {
    return this.data("prequal-complete", "POST", this.paths.prequalComplete, { json: input, token })
  }

  /** [inferred path] checks an ABA routing number before the application carries it. */
  async validateRoutingNumber(routingNumber: string): Promise<RoutingNumberResult> {
    const template = this.paths.validateRoutingNumber
    if (template.includes("{routingNumber}")) {
      return this.data("validate-routing-number", "GET", template.replace("{routingNumber}", seg(routingNumber)))
    }
    return this.data("validate-routing-number", "GET", template, { query: { routingNumber } })
  }

  async getVerificationQuestions(token: CustomerToken): Promise<VerificationQuiz> {
    return this.data("verification-questions", "GET", "/v3/users/me/verify-questions", { token })
  }

  /** [inferred path and body] answers to the KBA quiz. */
  async verifyAnswers(token: CustomerToken, input: VerifyAnswersInput): Promise<VerifyAnswersResult> {
    return this.data("verify-answers", "POST", this.paths.verifyAnswers, { json: input, token })
  }

  /** Short-lived, single-use code that signs the shopper into the PP3 modal. Answers `{ code }`, no `data`. */
  async createAuthCode(userId: string): Promise<string> {
    const res = await this.http.request<{ code?: unknown }>({
      operation: "auth-code",
      method: "POST",
      path: `/v3/users/${seg(userId)}/auth-code`,
    })
    const code = res.data?.code
    if (typeof code !== "string" || !code) throw this.malformed("auth-code", "the response has no code")
    return code
  }

  // ── transactions (merchant side) ─────────────────────────────────────────────────────────

  /**
   * Within one store request (read-scope.ts) the transaction is read once: the complete route's
   * check against the cart and the provider's authorize act on the same signed lease. The key
   * names the API key (via its hash) and host, so two merchants never share an answer.
   */
  async getTransaction(transactionId: string): Promise<FsTransaction> {
    return memoizedRead(`${FLEXSHOPPER_SLUG}|${this.http.baseURL}|${this.apiKeyId}|transaction|${transactionId}`, () =>
      this.data<FsTransaction>("get-transaction", "GET", `/v3/transactions/${seg(transactionId)}`),
    )
  }

  /**
   * Finalize is idempotent at FlexShopper (a repeated finalize answers the same lease and loan
   * numbers), so it carries a key per transaction: the HTTP layer may then repeat it after a
   * timeout, a reset or a 5xx instead of leaving a signed lease unfinalized.
   */
  async finalizeTransaction(transactionId: string): Promise<FinalizeResult> {
    return this.data("finalize", "POST", `/v3/transactions/${seg(transactionId)}/finalize`, {
      idempotencyKey: `finalize:${transactionId}`,
    })
  }

  /** Without items, the whole transaction is marked shipped. One call per shipment (partial shipments). */
  async confirmShipment(transactionId: string, items?: ShipmentItem[]): Promise<void> {
    await this.data("confirm-shipment", "POST", `/v3/transactions/${seg(transactionId)}/confirm-shipment`, {
      json: items ? { items } : {},
    })
  }

  /** [inferred path and body] seed 002: for an in-store purchase with no delivery (shipped goods use confirmShipment). */
  async confirmReceipt(transactionId: string, items?: ReceiptItem[]): Promise<void> {
    const path = this.paths.confirmReceipt.replace("{transactionId}", seg(transactionId))
    await this.data("confirm-receipt", "POST", path, { json: items ? { items } : {} })
  }

  /** Without items (or with an empty list), every item is canceled. */
  async cancelItems(transactionId: string, items?: SkuQuantity[]): Promise<CancelResult> {
    return this.data("cancel-items", "POST", `/v3/transactions/${seg(transactionId)}/cancel`, {
      json: { items: items ?? [] },
    })
  }

  async returnItems(transactionId: string, items: SkuQuantity[]): Promise<ReturnResult> {
    return this.data("return-items", "POST", `/v3/transactions/${seg(transactionId)}/return`, { json: { items } })
  }

  /** Credits per PO line (lineNumber + sku), against the merchant's invoices. */
  async refundTransaction(transactionId: string, items: CreditItem[]): Promise<RefundResult> {
    return this.data("credit", "POST", `/v3/transactions/${seg(transactionId)}/refund`, { json: { items } })
  }

  /**
   * The merchant's lease settings (minimum order value). They are merchant-wide and change only
   * when FlexShopper reconfigures the merchant, so shopper routes share one answer for
   * LEASE_SETTINGS_TTL_MS instead of asking on every session; `fresh` (the admin's connection
   * test, which must reach FlexShopper) always asks. Failures are never kept.
   */
  async getLeaseSettings({ fresh = false }: { fresh?: boolean } = {}): Promise<LeaseSettings> {
    const cached = this.leaseSettings
    if (!fresh && cached && Date.now() - cached.at < LEASE_SETTINGS_TTL_MS) return { ...cached.value }
    const value = await this.data<LeaseSettings>("lease-settings", "GET", "/v3/settings/lease")
    this.leaseSettings = { at: Date.now(), value }
    return { ...value }
  }

  close(): void {
    this.http.close()
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────

  private bind(value: unknown, operation: string): CustomerToken {
    if (typeof value !== "string" || !value) throw this.malformed(operation, "the response has no customer token")
    return bindCustomerToken(value, this.apiKey)
  }

  private tokenHeader(token: CustomerToken, operation: string): Record<string, string> {
    if (!isCustomerToken(token)) {
      throw this.refuse(operation, "a customer token is required (look the account up or create it first)")
    }
    if (token.apiKeyId !== this.apiKeyId) {
      throw this.refuse(
        operation,
        "this customer token was issued for a different FlexShopper API key and must not be used with this one " +
          "(FlexShopper may suspend both accounts); look the customer's account up again",
      )
    }
    return { "customer-token": token.value }
  }

  private async data<T>(
    operation: string,
    method: "GET" | "POST",
    path: string,
    opts: { json?: unknown; query?: Record<string, string>; token?: CustomerToken; idempotencyKey?: string } = {},
  ): Promise<T> {
    const headers = opts.token !== undefined ? this.tokenHeader(opts.token, operation) : undefined
    const res = await this.http.request<{ data?: T }>({
      operation,
      method,
      path,
      json: opts.json,
      query: opts.query,
      headers,
      idempotencyKey: opts.idempotencyKey,
    })
    const body = res.data
    if (!body || typeof body !== "object" || !("data" in body) || body.data === undefined || body.data === null) {
      throw this.malformed(operation, "the response has no data envelope")
    }
    return body.data
  }

  private refuse(operation: string, description: string): LenderError {
    return new LenderError({
      lender: FLEXSHOPPER_SLUG,
      lenderName: FLEXSHOPPER_NAME,
      operation,
      kind: "validation",
      description,
    })
  }

  private malformed(operation: string, description: string): LenderError {
    return new LenderError({
      lender: FLEXSHOPPER_SLUG,
      lenderName: FLEXSHOPPER_NAME,
      operation,
      kind: "malformed",
      description,
    })
  }
}

function definedPaths(paths: Partial<FlexShopperPaths> | undefined): Partial<FlexShopperPaths> {
  return Object.fromEntries(
    Object.entries(paths ?? {}).filter(([, v]) => typeof v === "string" && v.trim()),
  ) as Partial<FlexShopperPaths>
}

function seg(value: string): string {
  return encodeURIComponent(value)
}
