// Provider options (medusa-config `providers[].options`, usually built from env by
// readOptionsFromEnv in ./lender.ts) and the one client per options object that the provider,
// routes, subscribers and jobs share.
import { cachedClient } from "../../provider-kit/client-cache"
import { PaymentAssistQuotes } from "../../lenders/payment-assist/quotes"
import { baseUrlMismatch, defaultBaseUrlForSecret } from "../../lenders/payment-assist/base-url"
import { PaymentAssistClient } from "../../lenders/payment-assist/client"
import type { InvoiceRenderer } from "../../lenders/payment-assist/invoice/document"
import { WEBHOOK_SIGNATURE_SCHEMES, type WebhookSignatureScheme } from "../../lenders/payment-assist/webhook-signature"
import { isHttpUrl } from "../../provider-kit/urls"

export const INVOICE_TRIGGERS = ["shipment", "fulfillment", "none"] as const
export type InvoiceTrigger = (typeof INVOICE_TRIGGERS)[number]

export interface PaymentAssistOptions {
  apiKey: string
  apiSecret: string
  /** Default: from the secret's prefix (demo_ → demo host, prod_ → live host). */
  baseUrl?: string
  /** Public URL of the Medusa backend: Payment Assist returns shoppers and posts webhooks there. */
  backendUrl: string
  /** Where the return route sends the shopper after a verified approval / a decline. */
  storefrontSuccessUrl: string
  storefrontFailureUrl: string
  /**
   * true (default, Payment Assist's own default for /begin auto_capture): the deposit is taken
   * when the shopper signs, so approval = captured. false: approval = authorized (pending_capture)
   * and Medusa's capture calls /capture, which takes the deposit then.
   */
  autoCapture?: boolean
  /** true: refunds are recorded in Medusa and flagged for the dealer dashboard instead of refused. */
  manualRefunds?: boolean
  /** When to upload the invoice: on shipment (default), when a fulfillment is created, or never. */
  invoiceTrigger?: InvoiceTrigger
  /** A fixed plan; unset lets the shopper choose among qualifying plans (multi_plan). */
  planId?: number
  /** Seconds an application stays open (lender default 86400). */
  applicationExpirySeconds?: number
  webhookSignatureScheme?: WebhookSignatureScheme
  /** How long plan quotes and the account's plan list are cached. Default 600. */
  quoteCacheSeconds?: number
  timeoutMs?: number
  /** Replaces the built-in PDF invoice (set in code: medusa-config can pass a function). */
  invoiceRenderer?: InvoiceRenderer
  /** Seller details printed on the default invoice. */
  sellerName?: string
  sellerAddress?: string[]
  sellerVatNumber?: string
}

/** Payment Assist's documented default for /begin auto_capture is true (lender doc §4.1, seed 000). */
export function autoCaptureOf(options: Pick<PaymentAssistOptions, "autoCapture">): boolean {
  return options.autoCapture !== false
}

/** Option → environment variable, for messages that tell an operator exactly what to set. */
export const PAYMENT_ASSIST_ENV: Record<string, string> = {
  apiKey: "PAYMENT_ASSIST_API_KEY",
  apiSecret: "PAYMENT_ASSIST_API_SECRET",
  baseUrl: "PAYMENT_ASSIST_BASE_URL",
  backendUrl: "MEDUSA_BACKEND_URL",
  storefrontSuccessUrl: "PAYMENT_ASSIST_STOREFRONT_SUCCESS_URL",
  storefrontFailureUrl: "PAYMENT_ASSIST_STOREFRONT_FAILURE_URL",
  autoCapture: "PAYMENT_ASSIST_AUTO_CAPTURE",
  manualRefunds: "PAYMENT_ASSIST_MANUAL_REFUNDS",
  invoiceTrigger: "PAYMENT_ASSIST_INVOICE_TRIGGER",
  planId: "PAYMENT_ASSIST_PLAN_ID",
  applicationExpirySeconds: "PAYMENT_ASSIST_APPLICATION_EXPIRY_SECONDS",
  webhookSignatureScheme: "PAYMENT_ASSIST_WEBHOOK_SIGNATURE_SCHEME",
  quoteCacheSeconds: "PAYMENT_ASSIST_QUOTE_CACHE_SECONDS",
  timeoutMs: "PAYMENT_ASSIST_TIMEOUT_MS",
  sellerName: "PAYMENT_ASSIST_SELLER_NAME",
  sellerAddress: "PAYMENT_ASSIST_SELLER_ADDRESS",
  sellerVatNumber: "PAYMENT_ASSIST_SELLER_VAT_NUMBER",
}

/** Options the provider refuses to boot without (optionProblems checks each). */
export const PAYMENT_ASSIST_REQUIRED_OPTIONS = [
  "apiKey",
  "apiSecret",
  "backendUrl",
  "storefrontSuccessUrl",
  "storefrontFailureUrl",
] as const

const problem = (option: string, what: string) =>
  `Payment Assist: option "${option}" ${what}${PAYMENT_ASSIST_ENV[option] ? ` (env ${PAYMENT_ASSIST_ENV[option]})` : ""}.`

/** Every problem with the options, each naming the option and its env var. Empty when fine. */
export function optionProblems(options: Partial<PaymentAssistOptions> | undefined): string[] {
  const o = options ?? {}
  const problems: string[] = []
  const requireText = (name: keyof PaymentAssistOptions) => {
    if (typeof o[name] !== "string" || !(o[name] as string).trim()) problems.push(problem(name, "is required"))
  }
  const requireUrl = (name: keyof PaymentAssistOptions, required: boolean) => {
    const value = o[name]
    if (value === undefined && !required) return
    if (typeof value !== "string" || !isHttpUrl(value))
      problems.push(problem(name, required && !value ? "is required" : "must be an absolute http(s) URL"))
  }
  const optionalBoolean = (name: keyof PaymentAssistOptions) => {
    if (o[name] !== undefined && typeof o[name] !== "boolean") problems.push(problem(name, "must be true or false"))
  }
  const optionalPositiveInteger = (name: keyof PaymentAssistOptions) => {
    const v = o[name]
    if (v !== undefined && !(typeof v === "number" && Number.isSafeInteger(v) && v > 0))
      problems.push(problem(name, "must be a whole number greater than 0"))
  }

  requireText("apiKey")
  requireText("apiSecret")
  requireUrl("backendUrl", true)
  requireUrl("storefrontSuccessUrl", true)
  requireUrl("storefrontFailureUrl", true)
  requireUrl("baseUrl", false)
  if (typeof o.apiSecret === "string" && o.apiSecret) {
    const base = o.baseUrl ?? defaultBaseUrlForSecret(o.apiSecret)
    if (!base) problems.push(problem("baseUrl", "is required when the secret does not start with demo_ or prod_"))
    else if (baseUrlMismatch(o.apiSecret, base))
      problems.push(problem("baseUrl", `does not match the secret: ${baseUrlMismatch(o.apiSecret, base)}`))
  }
  optionalBoolean("autoCapture")
  optionalBoolean("manualRefunds")
  if (o.invoiceTrigger !== undefined && !INVOICE_TRIGGERS.includes(o.invoiceTrigger)) {
    problems.push(problem("invoiceTrigger", `must be one of ${INVOICE_TRIGGERS.join(", ")}`))
  }
  if (o.webhookSignatureScheme !== undefined && !WEBHOOK_SIGNATURE_SCHEMES.includes(o.webhookSignatureScheme)) {
    problems.push(problem("webhookSignatureScheme", `must be one of ${WEBHOOK_SIGNATURE_SCHEMES.join(", ")}`))
  }
  optionalPositiveInteger("planId")
  optionalPositiveInteger("applicationExpirySeconds")
  optionalPositiveInteger("quoteCacheSeconds")
  optionalPositiveInteger("timeoutMs")
  if (o.invoiceRenderer !== undefined && typeof o.invoiceRenderer !== "function") {
    problems.push(problem("invoiceRenderer", "must be a function (invoice) => { filetype, data }"))
  }
  return problems
}

export function paymentAssistClient(options: PaymentAssistOptions): PaymentAssistClient {
  return cachedClient(
    options,
    "payment-assist-client",
    () =>
      new PaymentAssistClient({
        apiKey: options.apiKey,
        secret: options.apiSecret,
        baseUrl: options.baseUrl,
        timeoutMs: options.timeoutMs,
        // /capture charges the deposit synchronously: half as long again as other calls (30 s by default).
        captureTimeoutMs: options.timeoutMs ? Math.ceil(options.timeoutMs * 1.5) : undefined,
      }),
  )
}

/** The account's plans and quotes, cached per options object (lenders/payment-assist/quotes.ts). */
export function paymentAssistQuotesFor(options: PaymentAssistOptions): PaymentAssistQuotes {
  return cachedClient(
    options,
    "payment-assist-quotes",
    () => new PaymentAssistQuotes(paymentAssistClient(options), (options.quoteCacheSeconds ?? 600) * 1000),
  )
}
