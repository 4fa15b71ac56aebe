// Payment Assist provider options from environment variables (names in
// src/providers/payment-assist/options.ts PAYMENT_ASSIST_ENV).
//
// Included when PAYMENT_ASSIST_API_KEY / PAYMENT_ASSIST_API_SECRET are set, or when
// FINANCING_SANDBOX_URL points at the local sandbox. Base URL: PAYMENT_ASSIST_BASE_URL, else the
// sandbox when FINANCING_SANDBOX_URL is set (an explicit "use the sandbox" switch, so a developer's
// real demo credentials never leave the machine by accident), else the host the secret's prefix
// names (demo_ → demo API, prod_ → live API; decided by the client).
// Malformed values are passed through as text so validateOptions names the variable at boot.
import {
  PAYMENT_ASSIST_SANDBOX_API_KEY,
  PAYMENT_ASSIST_SANDBOX_SECRET,
} from "../sandbox/payment-assist/credentials"
import type { LenderOptionsReader } from "./types"

const DEFAULT_STOREFRONT_URL = "http://localhost:8000"

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

export const readPaymentAssistOptions: LenderOptionsReader = (env, backendUrl) => {
  const sandboxUrl = text(env.FINANCING_SANDBOX_URL)?.replace(/\/+$/, "")
  const hasCredentials = Boolean(text(env.PAYMENT_ASSIST_API_KEY) || text(env.PAYMENT_ASSIST_API_SECRET))
  if (!hasCredentials && !sandboxUrl) return undefined

  const storefront = (text(env.FINANCING_STOREFRONT_URL) ?? DEFAULT_STOREFRONT_URL).replace(/\/+$/, "")
  const options: Record<string, unknown> = {
    apiKey: text(env.PAYMENT_ASSIST_API_KEY) ?? (hasCredentials ? undefined : PAYMENT_ASSIST_SANDBOX_API_KEY),
    apiSecret: text(env.PAYMENT_ASSIST_API_SECRET) ?? (hasCredentials ? undefined : PAYMENT_ASSIST_SANDBOX_SECRET),
    baseUrl: text(env.PAYMENT_ASSIST_BASE_URL) ?? (sandboxUrl ? `${sandboxUrl}/payment-assist` : undefined),
    backendUrl,
    storefrontSuccessUrl: text(env.PAYMENT_ASSIST_STOREFRONT_SUCCESS_URL) ?? `${storefront}/checkout/payment-assist/success`,
    storefrontFailureUrl: text(env.PAYMENT_ASSIST_STOREFRONT_FAILURE_URL) ?? `${storefront}/checkout/payment-assist/failure`,
    autoCapture: flag(env.PAYMENT_ASSIST_AUTO_CAPTURE),
    manualRefunds: flag(env.PAYMENT_ASSIST_MANUAL_REFUNDS),
    invoiceTrigger: text(env.PAYMENT_ASSIST_INVOICE_TRIGGER),
    planId: integer(env.PAYMENT_ASSIST_PLAN_ID),
    applicationExpirySeconds: integer(env.PAYMENT_ASSIST_APPLICATION_EXPIRY_SECONDS),
    webhookSignatureScheme: text(env.PAYMENT_ASSIST_WEBHOOK_SIGNATURE_SCHEME),
    quoteCacheSeconds: integer(env.PAYMENT_ASSIST_QUOTE_CACHE_SECONDS),
    timeoutMs: integer(env.PAYMENT_ASSIST_TIMEOUT_MS),
    sellerName: text(env.PAYMENT_ASSIST_SELLER_NAME),
    sellerAddress: text(env.PAYMENT_ASSIST_SELLER_ADDRESS)?.split("|").map((line) => line.trim()).filter(Boolean),
    sellerVatNumber: text(env.PAYMENT_ASSIST_SELLER_VAT_NUMBER),
  }
  for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key]
  return options
}
