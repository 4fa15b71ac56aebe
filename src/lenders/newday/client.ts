/**
 * NewDay NewPay "Order Processing 1.0" client: every endpoint of spec §5, the context headers
 * of §3.2 on every call, an `idempotency-key` on every POST (fixed before the first attempt, so
 * the HTTP layer's retries after a 5xx or a timeout resend the same key), mutual TLS through
 * the shared HTTP layer, and RFC 7807 problems turned into LenderErrors. Pure TypeScript: no
 * Medusa imports. Amounts are integer pence in and out; the wire carries pounds.
 */
import { LenderError } from "../errors"
import { createLenderHttp } from "../http"
import type { LenderHttp } from "../http-types"
import { NEWDAY_NAME } from "./name"
import { newIdempotencyKey } from "./idempotency"
import { NEWDAY_CURRENCY, toNewDayMoney } from "./money"
import { parseNewDayError } from "./problem"
import {
  validateAuthorise,
  validateInitiate,
  validateRefund,
  validateReverse,
  validateSettle,
  validateSpendOptions,
} from "./responses"
import type {
  AuthoriseRequest,
  AuthoriseResponse,
  InitiateRequest,
  InitiateResponse,
  NewDayCallContext,
  NewDayClientOptions,
  RefundResponse,
  ReverseResponse,
  SettleResponse,
  SpendOptionsQuery,
  SpendOptionsResponse,
} from "./types"

export const NEWDAY_LENDER = "newday"
export { NEWDAY_NAME }

/** Header names exactly as NewDay's curl examples spell them. */
export const NEWDAY_HEADERS = {
  merchantId: "context-merchantId",
  tenantId: "context-tenantId",
  clientSessionId: "client-session-id",
  customerAccessToken: "customer-access-token",
  scaToken: "sca-token",
  idempotencyKey: "idempotency-key",
  subscriptionKey: "Ocp-Apim-Subscription-Key",
  apiVersion: "Api-Version",
} as const

/** What the amount-taking calls accept: pence, and a currency (GBP unless told). */
export interface AmountInput {
  amountMinor: number
  currencyCode?: string
}

function configError(description: string): LenderError {
  return new LenderError({
    lender: NEWDAY_LENDER,
    lenderName: NEWDAY_NAME,
    operation: "configure",
    kind: "config",
    description,
  })
}

function invalid(operation: string, description: string): LenderError {
  return new LenderError({ lender: NEWDAY_LENDER, lenderName: NEWDAY_NAME, operation, kind: "validation", description })
}

function requireText(operation: string, value: string | undefined, name: string): string {
  if (typeof value !== "string" || !value.trim()) throw invalid(operation, `${name} is required`)
  return value
}

function positiveAmount(operation: string, input: AmountInput, field = "amount") {
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) {
    throw invalid(operation, `${field} must be a positive whole number of pence`)
  }
  return toNewDayMoney(input.amountMinor, input.currencyCode ?? NEWDAY_CURRENCY)
}

const segment = (value: string) => encodeURIComponent(value)

export class NewDayClient {
  readonly http: LenderHttp
  private readonly enableUpwardAdjustment: boolean
  private readonly initiateSchema: NewDayClientOptions["initiateSchema"]

  constructor(options: NewDayClientOptions) {
    for (const [name, value] of [
      ["baseUrl", options?.baseUrl],
      ["merchantId", options?.merchantId],
      ["tenantId", options?.tenantId],
    ] as const) {
      if (typeof value !== "string" || !value.trim()) throw configError(`${name} is required`)
    }
    const defaultHeaders: Record<string, string> = {
      [NEWDAY_HEADERS.merchantId]: options.merchantId,
      [NEWDAY_HEADERS.tenantId]: options.tenantId,
    }
    if (options.subscriptionKey) defaultHeaders[NEWDAY_HEADERS.subscriptionKey] = options.subscriptionKey
    if (options.apiVersion) defaultHeaders[NEWDAY_HEADERS.apiVersion] = options.apiVersion
    this.enableUpwardAdjustment = options.enableUpwardAdjustment === true
    this.initiateSchema = options.initiateSchema
    this.http = createLenderHttp({
      lender: NEWDAY_LENDER,
      lenderName: NEWDAY_NAME,
      baseURL: options.baseUrl,
      tls: options.tls,
      timeoutMs: options.timeoutMs,
      connectTimeoutMs: options.connectTimeoutMs,
      retry: options.retry,
      logger: options.logger,
      defaultHeaders,
      idempotencyHeader: NEWDAY_HEADERS.idempotencyKey,
      requestIdHeaders: ["x-request-id", "request-id", "traceparent"],
      redact: {
        headers: [NEWDAY_HEADERS.customerAccessToken, NEWDAY_HEADERS.scaToken, NEWDAY_HEADERS.subscriptionKey],
        fields: [
          "scaToken",
          "identityToken",
          "customerAccessToken",
          ...(options.initiateSchema?.tokenField ? [options.initiateSchema.tokenField] : []),
        ],
        secretValues: options.subscriptionKey ? [options.subscriptionKey] : [],
      },
      parseError: (status, body) => parseNewDayError(status, body),
    })
  }

  close(): void {
    this.http.close()
  }

  /** SpendOptionsForProduct: options for an unknown customer (no spendOptionId). */
  async spendOptionsForProduct(query: SpendOptionsQuery, ctx: NewDayCallContext = {}): Promise<SpendOptionsResponse> {
    const operation = "spend-options-for-product"
    const res = await this.http.request<unknown>({
      operation,
      method: "GET",
      path: "/merchant/spend-options",
      query: this.spendQuery(operation, query),
      headers: this.contextHeaders(ctx),
      correlationId: ctx.correlationId,
    })
    return validateSpendOptions(operation, res.data)
  }

  /** SpendOptionsForCustomerRef: personalised options, each with the spendOptionId to authorise. */
  async spendOptionsForCustomer(
    customerRef: string,
    query: SpendOptionsQuery,
    ctx: NewDayCallContext = {},
  ): Promise<SpendOptionsResponse> {
    const operation = "spend-options-for-customer"
    const res = await this.http.request<unknown>({
      operation,
      method: "GET",
      path: `/merchant/${segment(requireText(operation, customerRef, "customerRef"))}/spend-options`,
      query: this.spendQuery(operation, query),
      headers: this.contextHeaders(ctx),
      correlationId: ctx.correlationId,
    })
    return validateSpendOptions(operation, res.data)
  }

  /**
   * Initiate (seed 003: "if SCA is applicable, the Initiate endpoint can be called"): is PSD2 SCA
   * needed? Exempt → authorise (with the exempt token when NewDay gives one); Required → the widget.
   */
  async initiate(
    customerRef: string,
    body: AmountInput & Omit<InitiateRequest, "amount">,
    ctx: NewDayCallContext,
  ): Promise<InitiateResponse> {
    const operation = "initiate"
    requireText(operation, ctx.customerAccessToken, NEWDAY_HEADERS.customerAccessToken)
    const { amountMinor, currencyCode, ...rest } = body
    const json: InitiateRequest = { amount: positiveAmount(operation, { amountMinor, currencyCode }), ...rest }
    const data = await this.post(
      operation,
      `/merchant/${segment(requireText(operation, customerRef, "customerRef"))}/initiate`,
      json,
      ctx,
    )
    return validateInitiate(operation, data, this.initiateSchema)
  }

  /**
   * Authorise: places a hold. A decline is an answer, not an error (HTTP 200, result other
   * than "Authorised"); use `assertAuthorised` to turn it into a declined LenderError.
   */
  async authorise(
    customerRef: string,
    body: AmountInput & Omit<AuthoriseRequest, "amount">,
    ctx: NewDayCallContext,
  ): Promise<AuthoriseResponse> {
    const operation = "authorise"
    requireText(operation, ctx.clientSessionId, NEWDAY_HEADERS.clientSessionId)
    requireText(operation, ctx.customerAccessToken, NEWDAY_HEADERS.customerAccessToken)
    requireText(operation, body.orderReference, "orderReference")
    const { amountMinor, currencyCode, ...rest } = body
    const json: AuthoriseRequest = { amount: positiveAmount(operation, { amountMinor, currencyCode }), ...rest }
    const data = await this.post(
      operation,
      `/merchant/${segment(requireText(operation, customerRef, "customerRef"))}/authorisation`,
      json,
      ctx,
    )
    return validateAuthorise(operation, data)
  }

  async settle(
    customerRef: string,
    authorisationId: string,
    body: AmountInput & { description?: string },
    ctx: NewDayCallContext = {},
  ): Promise<SettleResponse> {
    const operation = "settle"
    const { amountMinor, currencyCode, description } = body
    const json = {
      amount: positiveAmount(operation, { amountMinor, currencyCode }),
      ...(description ? { description } : {}),
    }
    const data = await this.post(
      operation,
      this.authorisationPath(operation, customerRef, authorisationId, "settle"),
      json,
      ctx,
    )
    return validateSettle(operation, data)
  }

  async reverse(
    customerRef: string,
    authorisationId: string,
    body: AmountInput,
    ctx: NewDayCallContext = {},
  ): Promise<ReverseResponse & { remainingFloatMinor: number }> {
    const operation = "reverse"
    const json = { amount: positiveAmount(operation, body) }
    const data = await this.post(
      operation,
      this.authorisationPath(operation, customerRef, authorisationId, "reverse"),
      json,
      ctx,
    )
    return validateReverse(operation, data, body.currencyCode ?? NEWDAY_CURRENCY)
  }

  async refund(
    customerRef: string,
    transactionId: string,
    body: AmountInput & { description?: string },
    ctx: NewDayCallContext = {},
  ): Promise<RefundResponse> {
    const operation = "refund"
    const { amountMinor, currencyCode, description } = body
    const json = {
      amount: positiveAmount(operation, { amountMinor, currencyCode }),
      ...(description ? { description } : {}),
    }
    const path =
      `/merchant/${segment(requireText(operation, customerRef, "customerRef"))}` +
      `/transaction/${segment(requireText(operation, transactionId, "transactionId"))}/refund`
    const data = await this.post(operation, path, json, ctx)
    return validateRefund(operation, data)
  }

  /** UpwardAdjustment (newer API only, off unless `enableUpwardAdjustment`): a new approval for the extra amount. */
  async upwardAdjustment(
    customerRef: string,
    authorisationId: string,
    body: AmountInput,
    ctx: NewDayCallContext,
  ): Promise<AuthoriseResponse> {
    const operation = "upward-adjustment"
    if (!this.enableUpwardAdjustment) throw configError("upward adjustment is disabled (option enableUpwardAdjustment)")
    requireText(operation, ctx.customerAccessToken, NEWDAY_HEADERS.customerAccessToken)
    const json = { amount: positiveAmount(operation, body) }
    const data = await this.post(
      operation,
      this.authorisationPath(operation, customerRef, authorisationId, "upward-adjustment"),
      json,
      ctx,
    )
    return validateAuthorise(operation, data)
  }

  private authorisationPath(operation: string, customerRef: string, authorisationId: string, action: string): string {
    return (
      `/merchant/${segment(requireText(operation, customerRef, "customerRef"))}` +
      `/authorisation/${segment(requireText(operation, authorisationId, "authorisationId"))}/${action}`
    )
  }

  private async post(operation: string, path: string, json: unknown, ctx: NewDayCallContext): Promise<unknown> {
    // The key is chosen once here; every retry inside request() resends it unchanged.
    const idempotencyKey = ctx.idempotencyKey ?? newIdempotencyKey()
    const res = await this.http.request<unknown>({
      operation,
      method: "POST",
      path,
      json,
      headers: this.contextHeaders(ctx),
      idempotencyKey,
      correlationId: ctx.correlationId,
    })
    return res.data
  }

  private contextHeaders(ctx: NewDayCallContext): Record<string, string> {
    const headers: Record<string, string> = {}
    if (ctx.clientSessionId) headers[NEWDAY_HEADERS.clientSessionId] = ctx.clientSessionId
    if (ctx.customerAccessToken) headers[NEWDAY_HEADERS.customerAccessToken] = ctx.customerAccessToken
    if (ctx.scaToken) headers[NEWDAY_HEADERS.scaToken] = ctx.scaToken
    return headers
  }

  private spendQuery(
    operation: string,
    query: SpendOptionsQuery,
  ): Record<string, string | number | boolean | undefined> {
    const basket = positiveAmount(
      operation,
      { amountMinor: query?.basketAmountMinor, currencyCode: query?.currencyCode },
      "basketAmount",
    )
    return {
      ...(query.extra ?? {}),
      basketAmount: basket.value,
      promoOnly: query.promoOnly,
      zeroPercentOnly: query.zeroPercentOnly,
      spendType: query.spendType,
      orderBy: query.orderBy,
    }
  }
}

/** Throws a declined LenderError (→ PAYMENT_AUTHORIZATION_ERROR) unless the result is Authorised. */
export function assertAuthorised(
  response: AuthoriseResponse,
  operation = "authorise",
): asserts response is AuthoriseResponse & { authorisationId: string } {
  if (response.result === "Authorised" && response.authorisationId) return
  throw new LenderError({
    lender: NEWDAY_LENDER,
    lenderName: NEWDAY_NAME,
    operation,
    // A decline is NewDay's answer to a valid request (HTTP 200), not a transport failure.
    kind: "http",
    declined: true,
    lenderCode: String(response.result || "Declined"),
    lenderMessage: response.declineReason ?? undefined,
    description: "the authorisation was declined",
  })
}
