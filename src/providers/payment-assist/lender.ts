// Payment Assist, as the plugin's registry (src/providers/lenders.ts) knows it: ids, options and
// their environment variables, boot checks, the client and the admin's connection test.
//
// Options from the environment: included when PAYMENT_ASSIST_API_KEY / PAYMENT_ASSIST_API_SECRET
// are set, or when FINANCING_SANDBOX_URL points at the local sandbox. Base URL:
// PAYMENT_ASSIST_BASE_URL, else the sandbox when FINANCING_SANDBOX_URL is set (an explicit "use the
// sandbox" switch, so a developer's real demo credentials never leave the machine by accident),
// else the host the secret's prefix names (demo_ → demo API, prod_ → live API; decided by the
// client). Malformed values are passed through as text so validateOptions names the variable at boot.
import { checkPaymentAssistConnection } from "../../lenders/payment-assist/connection"
import { PAYMENT_ASSIST, type PaymentAssistClient } from "../../lenders/payment-assist/client"
import { defaultBaseUrlForSecret } from "../../lenders/payment-assist/base-url"
import {
  backendUrlOf,
  dataText,
  lenderIds,
  throwOptionProblems,
  type LenderDefinition,
  type LenderEnv,
} from "../../provider-kit/lender-definition"
import { financingUrls } from "../../provider-kit/urls"
import { PAYMENT_ASSIST_SANDBOX_API_KEY, PAYMENT_ASSIST_SANDBOX_SECRET } from "../../lenders/sandbox-credentials"
import {
  autoCaptureOf,
  optionProblems,
  PAYMENT_ASSIST_ENV,
  PAYMENT_ASSIST_REQUIRED_OPTIONS,
  paymentAssistClient,
  type PaymentAssistOptions,
} from "./options"
import { paymentAssistPromotion } from "./promotion"

const DEFAULT_STOREFRONT_URL = "http://localhost:8000"
const ENV = PAYMENT_ASSIST_ENV

function flag(value: string | undefined): boolean | string | undefined {
  if (value === undefined || value.trim() === "") return undefined
  const v = value.trim().toLowerCase()
  if (["true", "1", "yes", "on"].includes(v)) return true
  if (["false", "0", "no", "off"].includes(v)) return false
  return value
}

function integer(value: string | undefined): number | string | undefined {
  if (value === undefined || value.trim() === "") return undefined
  return /^\d+$/.test(value.trim()) ? Number(value.trim()) : value
}

function text(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim()
}

export function readPaymentAssistOptions(env: LenderEnv, backendUrl: string): Record<string, unknown> | undefined {
  const sandboxUrl = text(env.FINANCING_SANDBOX_URL)?.replace(/\/+$/, "")
  const hasCredentials = Boolean(text(env[ENV.apiKey]) || text(env[ENV.apiSecret]))
  if (!hasCredentials && !sandboxUrl) return undefined

  const storefront = (text(env.FINANCING_STOREFRONT_URL) ?? DEFAULT_STOREFRONT_URL).replace(/\/+$/, "")
  const options: Record<string, unknown> = {
    apiKey: text(env[ENV.apiKey]) ?? (hasCredentials ? undefined : PAYMENT_ASSIST_SANDBOX_API_KEY),
    apiSecret: text(env[ENV.apiSecret]) ?? (hasCredentials ? undefined : PAYMENT_ASSIST_SANDBOX_SECRET),
    baseUrl: text(env[ENV.baseUrl]) ?? (sandboxUrl ? `${sandboxUrl}/payment-assist` : undefined),
    backendUrl,
    storefrontSuccessUrl: text(env[ENV.storefrontSuccessUrl]) ?? `${storefront}/checkout/payment-assist/success`,
    storefrontFailureUrl: text(env[ENV.storefrontFailureUrl]) ?? `${storefront}/checkout/payment-assist/failure`,
    autoCapture: flag(env[ENV.autoCapture]),
    manualRefunds: flag(env[ENV.manualRefunds]),
    invoiceTrigger: text(env[ENV.invoiceTrigger]),
    planId: integer(env[ENV.planId]),
    applicationExpirySeconds: integer(env[ENV.applicationExpirySeconds]),
    webhookSignatureScheme: text(env[ENV.webhookSignatureScheme]),
    quoteCacheSeconds: integer(env[ENV.quoteCacheSeconds]),
    timeoutMs: integer(env[ENV.timeoutMs]),
    sellerName: text(env[ENV.sellerName]),
    sellerAddress: text(env[ENV.sellerAddress])
      ?.split("|")
      .map((line) => line.trim())
      .filter(Boolean),
    sellerVatNumber: text(env[ENV.sellerVatNumber]),
  }
  for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key]
  return options
}

export const paymentAssistLender: LenderDefinition<PaymentAssistOptions, PaymentAssistClient> = {
  ...lenderIds("payment-assist"),
  name: PAYMENT_ASSIST.lenderName,
  currencies: ["gbp"],
  markets: ["gb"],
  optionEnv: PAYMENT_ASSIST_ENV,
  requiredOptions: PAYMENT_ASSIST_REQUIRED_OPTIONS,
  secretOptions: ["apiKey", "apiSecret"],
  adminCredentials: ["apiKey", "apiSecret", "baseUrl"],
  optionProblems: (options) => optionProblems(options as Partial<PaymentAssistOptions>),
  validateOptions(options) {
    throwOptionProblems(optionProblems(options as Partial<PaymentAssistOptions>), "\n")
  },
  readOptionsFromEnv: readPaymentAssistOptions,
  clientFor: (options) => paymentAssistClient(options),
  testConnection: (options) => checkPaymentAssistConnection(paymentAssistClient(options)),
  retryableOperations: ["invoice-upload"],
  // Without baseUrl the client picks the host the secret's prefix names (demo_ → demo API).
  baseUrlOf: (options) =>
    typeof options.baseUrl === "string" && options.baseUrl
      ? options.baseUrl
      : typeof options.apiSecret === "string"
        ? defaultBaseUrlForSecret(options.apiSecret)
        : undefined,
  callbackUrls(options, backendUrl) {
    const urls = financingUrls(backendUrlOf(options, backendUrl), "payment-assist")
    return { webhook: urls.webhookUrl, return: urls.returnUrl, other: [] }
  },
  adminReferences: (data) => ({
    token: dataText(data, "token"),
    pa_ref: dataText(data, "pa_ref"),
    application_status: dataText(data, "application_status"),
  }),
  statusWordOf: (data) => dataText(data, "application_status"),
  // A capture answered (or an application found completed) with the agreement's amount. Payment
  // Assist has no refund API: manual refunds stay "action_required" until a person confirms them.
  confirmedBy: { captured: ["capture"], refunded: ["refund"] },
  // Read when an application begins: a change applies to applications started after it.
  promotion: paymentAssistPromotion,
  captureChoices: {
    option: "autoCapture",
    choices: [
      { value: "approval", label: "Capture when the shopper is approved" },
      { value: "manual", label: "Capture when you capture in Medusa" },
    ],
    fromOptions: (options) =>
      autoCaptureOf((options ?? {}) as Pick<PaymentAssistOptions, "autoCapture">) ? "approval" : "manual",
    applyTo: (options, value) => ({ ...options, autoCapture: value === "approval" }),
  },
}
