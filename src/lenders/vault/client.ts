// Typed client for Vault's invoice payments (spec: shared/lenders/vault.md). Two principals call
// Vault: the merchant (invoices, CHECKOUT and EXTERNAL payments, status fetch-backs) and a
// signed-in shopper (their accounts, PLATFORM payments debiting them). Both are bearer tokens
// from POST /oauth/token with X-Merchant-ID; each lives in a TokenManager.
import { isLenderError } from "../errors"
import {
  createLenderHttp,
  type LenderHttp,
  type LenderLogger,
  type LenderRequest,
  type LenderRetryOptions,
} from "../http"
import { toDecimalString } from "../money"
import { memoizedRead } from "../read-scope"
import { normalizeVaultAmount } from "./amounts"
import { parseVaultError } from "./errors"
import { storedTokenFrom, TokenManager, type StoredToken } from "./token-manager"
import { type VaultStatusWords, vaultStatusReader } from "./status-words"
import {
  DEFAULT_VAULT_PATHS,
  DEFAULT_VAULT_PAYMENT_FIELDS,
  type VaultPaymentFields,
  type ConfirmPaymentRequest,
  type CreateInvoiceRequest,
  type CreateOrGetPaymentRequest,
  type UpdatePaymentRequest,
  type VaultAccount,
  type VaultInvoice,
  type VaultPaths,
  type VaultPayment,
  type VaultPaymentType,
  type VaultToken,
} from "./types"

/** Vault's name as shoppers and operators read it. */
export const VAULT_NAME = "Vault"

export interface VaultClientOptions {
  /** Host of /oauth/token (and the wallet API). */
  authBaseUrl: string
  /** Host of the invoice-payment API; defaults to authBaseUrl ([INFERRED] they may differ, §2). */
  platformBaseUrl?: string
  /** X-Merchant-ID: the partner uuid from Vault's account manager. */
  merchantId: string
  /** OAuth client sent as HTTP Basic on the token call (Vault's examples use doc:secret). */
  clientId: string
  clientSecret: string
  /** The merchant's own Vault login; without it the merchant token uses grant_type=client_credentials. */
  merchantLogin?: { phone: string; password: string }
  paths?: Partial<VaultPaths>
  /** Where the payment response names the hosted page and Checkout.com ids ([INFERRED] defaults). */
  fields?: Partial<VaultPaymentFields>
  /** Vault's own status words mapped onto the plugin's ([INFERRED] defaults: the words themselves). */
  statusWords?: VaultStatusWords
  /** The request field that carries the shopper's way back from the hosted page ([INFERRED] "redirectUrl"). */
  redirectUrlField?: string
  logger?: LenderLogger
  timeoutMs?: number
  retry?: LenderRetryOptions
  now?: () => number
}

type AuthedRequest = Omit<LenderRequest, "headers">

/** The seed's required fields are checked before anything is sent (a programming error, not Vault's). */
function requireFields(operation: string, body: object, fields: string[]): void {
  const values = body as Record<string, unknown>
  const missing = fields.filter((field) => typeof values[field] !== "string" || !(values[field] as string).trim())
  if (missing.length) throw new TypeError(`Vault ${operation}: ${missing.join(", ")} required (seed 004 §1)`)
}

function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ""))
}

/** Amounts normalised to decimal strings with the currency's digits (crypto tickers keep Vault's digits). */
function normalizeAmount(amount: unknown, currency: unknown): string | undefined {
  if (amount === undefined || amount === null) return undefined
  if (typeof currency === "string" && /^[A-Za-z]{3}$/.test(currency)) return normalizeVaultAmount(amount, currency)
  return toDecimalString(String(amount))
}

function at(raw: Record<string, unknown>, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>(
      (node, key) => (typeof node === "object" && node !== null ? (node as Record<string, unknown>)[key] : undefined),
      raw,
    )
}

function textOrNull(value: unknown): string | null {
  return typeof value === "string" && value ? value : null
}

export function normalizeVaultPayment(
  raw: VaultPayment,
  fields: VaultPaymentFields = DEFAULT_VAULT_PAYMENT_FIELDS,
  statusOf: (raw: unknown) => string = vaultStatusReader(),
): VaultPayment {
  const currency = raw.currency?.toUpperCase()
  const source = raw as unknown as Record<string, unknown>
  return {
    ...raw,
    checkoutUrl: textOrNull(at(source, fields.checkoutUrl)),
    checkoutSessionId: textOrNull(at(source, fields.checkoutSessionId)),
    checkoutPaymentId: textOrNull(at(source, fields.checkoutPaymentId)),
    externalData:
      typeof raw.externalData === "string"
        ? raw.externalData
        : raw.externalData == null
          ? null
          : JSON.stringify(raw.externalData),
    currency,
    status: statusOf(raw.status),
    amount: normalizeAmount(raw.amount, currency),
    discountAmount: normalizeAmount(raw.discountAmount, currency) ?? null,
  }
}

export class VaultClient {
  readonly merchantAuth: TokenManager
  private readonly auth: LenderHttp
  private readonly platform: LenderHttp
  private readonly paths: VaultPaths
  private readonly fields: VaultPaymentFields
  private readonly statusOf: (raw: unknown) => string
  private readonly now: () => number

  constructor(private readonly options: VaultClientOptions) {
    this.paths = { ...DEFAULT_VAULT_PATHS, ...(options.paths ?? {}) }
    this.fields = { ...DEFAULT_VAULT_PAYMENT_FIELDS, ...(options.fields ?? {}) }
    this.statusOf = vaultStatusReader(options.statusWords)
    this.now = options.now ?? Date.now
    const common = {
      lender: "vault",
      lenderName: VAULT_NAME,
      timeoutMs: options.timeoutMs,
      retry: options.retry,
      logger: options.logger,
      parseError: parseVaultError,
      // Phone numbers are how Vault names a user: personal data, kept out of logs.
      redact: {
        fields: ["number", "phone", "jti"],
        secretValues: [options.clientSecret, options.merchantLogin?.password ?? ""].filter(Boolean),
      },
      defaultHeaders: { "x-merchant-id": options.merchantId },
    }
    this.auth = createLenderHttp({ ...common, baseURL: options.authBaseUrl })
    this.platform =
      options.platformBaseUrl && options.platformBaseUrl !== options.authBaseUrl
        ? createLenderHttp({ ...common, baseURL: options.platformBaseUrl })
        : this.auth
    const login = options.merchantLogin
    this.merchantAuth = new TokenManager({
      now: this.now,
      obtain: () =>
        this.requestToken(
          "merchant-token",
          login
            ? { grant_type: "mobile_phone", number: login.phone, password: login.password }
            : { grant_type: "client_credentials" },
        ),
      refresh: (refreshToken) => this.refreshToken(refreshToken),
    })
  }

  // ── OAuth ────────────────────────────────────────────────────────────────────────────────────

  private async requestToken(operation: string, form: Record<string, string>): Promise<StoredToken> {
    const basic = Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`).toString("base64")
    const { data } = await this.auth.request<VaultToken>({
      operation,
      method: "POST",
      path: this.paths.token,
      form,
      headers: { authorization: `Basic ${basic}` },
      // A token grant changes no invoice or payment: it must not drop the request's memoized reads.
      readOnly: true,
    })
    if (!data || typeof data.access_token !== "string" || !data.access_token) {
      throw new TypeError("Vault token response has no access_token")
    }
    return storedTokenFrom(data, this.now())
  }

  /** [INFERRED] standard refresh grant on the same endpoint (spec §3). */
  refreshToken(refreshToken: string): Promise<StoredToken> {
    return this.requestToken("refresh-token", { grant_type: "refresh_token", refresh_token: refreshToken })
  }

  /** The shopper's Vault login (grant_type=mobile_phone). The password goes to Vault only. */
  signIn(phone: string, password: string): Promise<StoredToken> {
    return this.requestToken("sign-in", { grant_type: "mobile_phone", number: phone, password })
  }

  /** A token manager for a signed-in shopper; `onToken` persists refreshed tokens. */
  shopperAuth(token: StoredToken, onToken?: (token: StoredToken) => Promise<void> | void): TokenManager {
    return new TokenManager({
      initial: token,
      now: this.now,
      refresh: (refreshToken) => this.refreshToken(refreshToken),
      onToken,
      missingTokenError: () => new Error("The shopper's Vault session has ended; they need to sign in again"),
    })
  }

  /** Sends with the principal's bearer token; a 401 (expired early, revoked) renews it once and repeats. */
  private async authed<T>(auth: TokenManager, req: AuthedRequest, host: LenderHttp = this.platform) {
    const token = await auth.accessToken()
    try {
      return await host.request<T>({ ...req, headers: { authorization: `Bearer ${token}` } })
    } catch (error) {
      if (!isLenderError(error) || error.httpStatus !== 401) throw error
      // A 401 is refused before processing, so repeating even a POST cannot double-act.
      const renewed = await auth.replaceRejected(token)
      return host.request<T>({ ...req, headers: { authorization: `Bearer ${renewed}` } })
    }
  }

  // ── invoices ([INFERRED] endpoints, see DEFAULT_VAULT_PATHS) ─────────────────────────────────

  /**
   * A merchant reference names one invoice (a repeat answers the same invoice), so a create with
   * a reference is safe to repeat: the key lets the HTTP layer retry it after a lost answer.
   */
  async createInvoice(body: CreateInvoiceRequest, auth: TokenManager = this.merchantAuth): Promise<VaultInvoice> {
    const idempotencyKey = body.reference ? `invoice:${body.reference}` : undefined
    const { data } = await this.authed<VaultInvoice>(auth, {
      operation: "create-invoice",
      method: "POST",
      path: this.paths.createInvoice,
      json: body,
      idempotencyKey,
    })
    return { ...data, amount: normalizeAmount(data.amount, data.currency) ?? data.amount }
  }

  async getInvoice(invoiceId: string, auth: TokenManager = this.merchantAuth): Promise<VaultInvoice> {
    const path = fillPath(this.paths.getInvoice, { invoiceId })
    const { data } = await this.authed<VaultInvoice>(auth, { operation: "get-invoice", method: "GET", path })
    return { ...data, amount: normalizeAmount(data.amount, data.currency) ?? data.amount }
  }

  // ── invoice payments ─────────────────────────────────────────────────────────────────────────

  /**
   * POST /invoice/payment: returns the existing payment when `paymentId` (or a pending one of the
   * same type for the invoice) exists. Either way a repeat changes nothing, so it carries a key
   * and the HTTP layer may retry it; with a `paymentId` it is Vault's only way to read a payment.
   */
  async createOrGetPayment(
    body: CreateOrGetPaymentRequest,
    auth: TokenManager = this.merchantAuth,
  ): Promise<VaultPayment> {
    requireFields(
      "create-payment",
      body,
      body.type === "PLATFORM" ? ["invoiceId", "type", "accountId"] : ["invoiceId", "type"],
    )
    return this.postPayment(body, auth, false)
  }

  /**
   * The fetch-back: Vault has no documented GET, so get-or-create with the known paymentId (and
   * nothing else) is the read. It changes nothing, so it does not count as a write (http.ts).
   * Within one store request (read-scope.ts) the merchant reads a payment once: the return
   * route's verification and the provider's authorize act on the same answer. A shopper's
   * token is another principal: its reads are never shared.
   */
  getPayment(
    ids: { paymentId: string; invoiceId: string; type: VaultPaymentType },
    auth: TokenManager = this.merchantAuth,
  ): Promise<VaultPayment> {
    const body = { paymentId: ids.paymentId, invoiceId: ids.invoiceId, type: ids.type }
    if (auth !== this.merchantAuth) return this.postPayment(body, auth, true)
    const merchant = `${this.platform.baseURL}|${this.options.merchantId}|${this.options.clientId}`
    return memoizedRead(`vault|${merchant}|payment|${body.invoiceId}|${body.paymentId}|${body.type}`, () =>
      this.postPayment(body, auth, true),
    )
  }

  /** The redirect link under the field name the store configured (Vault's name is unpublished). */
  private withRedirectField<T extends { redirectUrl?: string }>(body: T): Record<string, unknown> {
    const field = this.options.redirectUrlField
    if (!field || field === "redirectUrl" || body.redirectUrl === undefined) return body
    const { redirectUrl, ...rest } = body
    return { ...rest, [field]: redirectUrl }
  }

  private async postPayment(
    body: CreateOrGetPaymentRequest,
    auth: TokenManager,
    readOnly: boolean,
  ): Promise<VaultPayment> {
    const { data } = await this.authed<VaultPayment>(auth, {
      operation: body.paymentId ? "get-payment" : "create-payment",
      method: "POST",
      path: this.paths.createOrGet,
      json: this.withRedirectField(body),
      idempotencyKey: body.paymentId
        ? `payment:${body.invoiceId}:${body.paymentId}`
        : `payment:${body.invoiceId}:${body.type}`,
      readOnly,
    })
    return normalizeVaultPayment(data, this.fields, this.statusOf)
  }

  /**
   * Update invoice payment (seed 004 §1.2; path [INFERRED], configurable). The seed requires
   * `invoiceId` and `type`; `paymentId` is in the body as the seed shows it (and in the default path).
   */
  async updatePayment(
    paymentId: string,
    body: UpdatePaymentRequest,
    auth: TokenManager = this.merchantAuth,
  ): Promise<VaultPayment> {
    requireFields("update-payment", body, ["invoiceId", "type"])
    const path = fillPath(this.paths.update, { paymentId })
    const json = { paymentId, ...body }
    const { data } = await this.authed<VaultPayment>(auth, { operation: "update-payment", method: "PUT", path, json })
    return normalizeVaultPayment(data, this.fields, this.statusOf)
  }

  async confirmPayment(
    paymentId: string,
    body: ConfirmPaymentRequest,
    auth: TokenManager = this.merchantAuth,
  ): Promise<VaultPayment> {
    requireFields(
      "confirm-payment",
      body,
      body.type === "PLATFORM" ? ["invoiceId", "type", "accountId"] : ["invoiceId", "type"],
    )
    const template = this.paths.confirm
    const path = fillPath(template, { paymentId })
    const { data } = await this.authed<VaultPayment>(auth, {
      operation: "confirm-payment",
      method: "POST",
      path,
      json: { paymentId, ...body },
    })
    return normalizeVaultPayment(data, this.fields, this.statusOf)
  }

  // ── the shopper's accounts (PLATFORM) ────────────────────────────────────────────────────────

  async listAccounts(auth: TokenManager): Promise<VaultAccount[]> {
    const { data } = await this.authed<{ accounts?: VaultAccount[] }>(
      auth,
      { operation: "list-accounts", method: "GET", path: this.paths.accounts },
      this.auth,
    )
    // Wallet.json's example shows no account id ([INFERRED] field): an account without one cannot
    // be named as accountId (seed 004 §1.1), so it is not offered.
    return (data?.accounts ?? [])
      .filter((account) => typeof account?.id === "string" && account.id)
      .map((account) => ({
        ...account,
        currency: String(account.currency ?? "").toUpperCase(),
        balance: normalizeAmount(account.balance, account.currency) ?? "0",
        availableBalance: normalizeAmount(account.availableBalance ?? account.balance, account.currency) ?? "0",
      }))
  }

  close(): void {
    this.auth.close()
    if (this.platform !== this.auth) this.platform.close()
  }
}
