// Typed client for the Payment Assist Partner API v1 (spec: shared/lenders/payment-assist.md).
// Every endpoint, the documented signing, the `ok`/`error` envelope. No Medusa imports.
import { createHash } from "node:crypto"
import { LenderError } from "../errors"
import { createLenderHttp, type LenderHttp, type LenderLogger, type LenderRetryOptions } from "../http"
import { memoizedRead } from "../read-scope"
import { baseUrlMismatch, defaultBaseUrlForSecret } from "./base-url"
import { readEnvelope, parsePaymentAssistError } from "./envelope"
import {
  firstProblem,
  maxLengths,
  nonNegativeInteger,
  positivePence,
  requireFields,
  toWireParams,
  type ParamCheck,
  type ParamValue,
} from "./params"
import { sign } from "./signing"
import {
  INVOICE_FILETYPES,
  type Account,
  type ApplicationStatusResult,
  type BeginParams,
  type BeginResult,
  type CaptureResult,
  type InvoiceParams,
  type InvoiceResult,
  type Plan,
  type PlanQuote,
  type PlanQuoteParams,
  type PreapprovalParams,
  type UpdateParams,
  type UpdateResult,
} from "./types"

export const PAYMENT_ASSIST = { lender: "payment-assist", lenderName: "Payment Assist" } as const

export interface PaymentAssistClientOptions {
  apiKey: string
  secret: string
  /** Defaults from the secret's prefix: demo_ → demo host, prod_ → live host. */
  baseUrl?: string
  timeoutMs?: number
  /** /capture charges the deposit synchronously; the SDKs advise about 30 s. */
  captureTimeoutMs?: number
  retry?: LenderRetryOptions
  logger?: LenderLogger
}

// Personal data that must never reach a log line, on top of the shared defaults (which already
// cover api_key, signature and token). filedata is a whole invoice: useless in a log.
const REDACTED_FIELDS = [
  "f_name",
  "s_name",
  "addr1",
  "addr2",
  "addr3",
  "town",
  "county",
  "postcode",
  "email",
  "telephone",
  "dob",
  "reg_no",
  "filedata",
]

const APPLICANT_CHECKS: ParamCheck[] = [requireFields("f_name", "s_name", "addr1", "postcode"), maxLengths()]

export class PaymentAssistClient {
  readonly baseUrl: string
  private readonly http: LenderHttp
  private readonly apiKey: string
  private readonly secret: string
  private readonly captureTimeoutMs: number
  /** Names this merchant's account (host + a hash of the key) in memoized reads: two merchants never share one. */
  private readonly readIdentity: string

  constructor(options: PaymentAssistClientOptions) {
    const configError = (description: string) =>
      new LenderError({ ...PAYMENT_ASSIST, operation: "configure", kind: "config", description })
    if (!options?.apiKey) throw configError("apiKey is required")
    if (!options.secret) throw configError("secret is required")
    const baseUrl = options.baseUrl || defaultBaseUrlForSecret(options.secret)
    if (!baseUrl) {
      throw configError("baseUrl is required when the secret does not start with demo_ or prod_")
    }
    const mismatch = baseUrlMismatch(options.secret, baseUrl)
    if (mismatch) throw configError(mismatch)
    this.baseUrl = baseUrl.replace(/\/+$/, "")
    this.apiKey = options.apiKey
    this.secret = options.secret
    this.captureTimeoutMs = options.captureTimeoutMs ?? 30_000
    this.readIdentity = `${this.baseUrl}|${createHash("sha256").update(options.apiKey, "utf8").digest("hex").slice(0, 16)}`
    this.http = createLenderHttp({
      ...PAYMENT_ASSIST,
      baseURL: this.baseUrl,
      timeoutMs: options.timeoutMs,
      retry: options.retry,
      logger: options.logger,
      redact: { fields: REDACTED_FIELDS, secretValues: [options.secret, options.apiKey] },
      // Optional: the official SDKs identify themselves this way (X-Origin: payment-assist-go-sdk);
      // no document says what the server does with it (listed in the lender page's assumptions).
      defaultHeaders: { "x-origin": "medusa-plugin-financing" },
      parseError: parsePaymentAssistError,
      // Payment Assist has no idempotency keys; the HTTP layer therefore never repeats a POST.
      correlationHeader: false,
    })
  }

  close(): void {
    this.http.close()
  }

  /** GET /account: merchant name and the plans it may offer. */
  async account(): Promise<Account> {
    const data = await this.get<Account>("account", "/account", {})
    return { ...data, plans: (data.plans ?? []).map(normalizePlan) }
  }

  /** POST /preapproval. A decline is `approved: false`, not an error. */
  async preapproval(params: PreapprovalParams): Promise<{ approved: boolean }> {
    const data = await this.post<{ approved: boolean }>(
      "preapproval",
      "/preapproval",
      pick(params, ["f_name", "s_name", "addr1", "postcode"]),
      APPLICANT_CHECKS,
    )
    return { approved: data.approved === true }
  }

  /** POST /begin: creates an application; redirect the shopper to `url`. */
  async begin(params: BeginParams): Promise<BeginResult> {
    const checks: ParamCheck[] = [
      requireFields("order_id"),
      positivePence("amount"),
      ...APPLICANT_CHECKS,
      // The GitBook begin page marks email required (the Go/C# SDKs only with send_email): the
      // documented rule wins, so a missing one fails here, naming the field, before anything is sent.
      requireFields("email"),
      nonNegativeInteger("expiry"),
      nonNegativeInteger("plan_id"),
      (p) => (p.send_sms === true && !p.telephone ? "telephone is required when send_sms is true" : undefined),
    ]
    return this.post<BeginResult>("begin", "/begin", { ...params }, checks)
  }

  /**
   * GET /status: the application's current state (the source of truth for every decision).
   * Within one store request (read-scope.ts) the answer is read once: the return route's decision
   * and the provider's authorize then act on the same verified state. `fresh` always asks.
   */
  async status(token: string, options: { fresh?: boolean } = {}): Promise<ApplicationStatusResult> {
    this.check("status", { token }, [requireFields("token")])
    const key = `${PAYMENT_ASSIST.lender}|${this.readIdentity}|status|${token}`
    return memoizedRead(
      key,
      async () => {
        const data = await this.get<ApplicationStatusResult>("status", "/status", { token })
        return { ...data, status: normalizeStatus(data.status) }
      },
      options,
    )
  }

  /** POST /update: lower the amount / change the expiry before completion; set order_id after. */
  async update(params: UpdateParams): Promise<UpdateResult> {
    const checks: ParamCheck[] = [
      requireFields("token"),
      positivePence("amount", false),
      nonNegativeInteger("expiry"),
      maxLengths(),
    ]
    return this.post<UpdateResult>("update", "/update", { ...params }, checks)
  }

  /** POST /capture: finalises a `pending_capture` application (takes the deposit). */
  async capture(token: string): Promise<CaptureResult> {
    const data = await this.post<CaptureResult>(
      "capture",
      "/capture",
      { token },
      [requireFields("token")],
      this.captureTimeoutMs,
    )
    return { ...data, status: normalizeStatus(data.status) }
  }

  /** POST /invoice: uploads the customer invoice (the application must be completed). */
  async invoice(params: InvoiceParams): Promise<InvoiceResult> {
    if (!(INVOICE_FILETYPES as readonly string[]).includes(params.filetype)) {
      throw this.invalid("invoice", `filetype must be one of ${INVOICE_FILETYPES.join(", ")}`)
    }
    if (!Buffer.isBuffer(params.file) || params.file.length === 0)
      throw this.invalid("invoice", "file must be a non-empty Buffer")
    const wire = { token: params.token, filetype: params.filetype, filedata: params.file.toString("base64") }
    return this.post<InvoiceResult>("invoice", "/invoice", wire, [requireFields("token")])
  }

  /** POST /plan: the repayment schedule for an amount on a plan (default plan when omitted). */
  async plan(params: PlanQuoteParams): Promise<PlanQuote> {
    return this.post<PlanQuote>("plan", "/plan", { ...params }, [
      positivePence("amount"),
      nonNegativeInteger("plan_id"),
    ])
  }

  private signed(params: Record<string, ParamValue>): Record<string, string> {
    const wire = toWireParams(params)
    return { ...wire, api_key: this.apiKey, signature: sign(wire, this.secret) }
  }

  private check(operation: string, params: Record<string, ParamValue>, checks: ParamCheck[]): void {
    const problem = firstProblem(params, checks)
    if (problem) throw this.invalid(operation, problem)
  }

  private invalid(operation: string, description: string): LenderError {
    return new LenderError({ ...PAYMENT_ASSIST, operation, kind: "validation", description })
  }

  private async get<T>(operation: string, path: string, params: Record<string, ParamValue>): Promise<T> {
    const response = await this.http.request({ operation, method: "GET", path, query: this.signed(params) })
    return readEnvelope<T>(operation, response)
  }

  private async post<T>(
    operation: string,
    path: string,
    params: Record<string, ParamValue>,
    checks: ParamCheck[],
    timeoutMs?: number,
  ): Promise<T> {
    this.check(operation, params, checks)
    const response = await this.http.request({ operation, method: "POST", path, form: this.signed(params), timeoutMs })
    return readEnvelope<T>(operation, response)
  }
}

export function normalizeStatus(status: unknown): ApplicationStatusResult["status"] {
  const text = typeof status === "string" ? status.trim().toLowerCase() : ""
  return text === "in progress" ? "in_progress" : text
}

function normalizePlan(plan: Plan): Plan {
  return {
    ...plan,
    apr: String(plan.apr ?? "0"),
    min_amount: plan.min_amount ?? null,
    max_amount: plan.max_amount ?? null,
  }
}

function pick<T extends object, K extends keyof T>(source: T, keys: K[]): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {}
  for (const key of keys) out[key as string] = source[key] as ParamValue
  return out
}
