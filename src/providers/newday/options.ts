// The NewDay provider's options, the environment variable behind each one (src/config/newday.ts
// reads them), and the boot-time validation that names both when something is missing.
import { LenderError } from "../../lenders/errors"
import { NewDayClient } from "../../lenders/newday"
import type { LenderLogger } from "../../lenders/http-types"
import { cachedClient } from "../../provider-kit/client-cache"
import { isHttpUrl } from "../../provider-kit/urls"

export type NewDaySettleOn = "shipment" | "capture"

export interface NewDayProviderOptions {
  /** Order Processing base URL (the merchant-gateway-service root). */
  baseUrl: string
  merchantId: string
  tenantId: string
  subscriptionKey?: string
  apiVersion?: string
  /** mTLS: PEM text or file paths. */
  clientCert?: string
  clientKey?: string
  caCert?: string
  clientKeyPassphrase?: string
  /** Lower-case brand segment of NewDay's widget URLs (e.g. "newpay"). */
  brand: string
  /** NewDay's sign-in (SSO) widget; the shopper is sent there with our redirect_uri. */
  ssoWidgetUrl: string
  /** "shipment" (default): each shipment settles what it shipped. "capture": only admin captures settle. */
  settleOn: NewDaySettleOn
  /** Public URL of the Medusa backend (widgets post back to it). */
  backendUrl: string
  /** Where the shopper lands after NewDay sign-in, after the SCA widget, and on failure. */
  signedInUrl: string
  successUrl: string
  failureUrl: string
  timeoutMs?: number
  retries?: number
  enableUpwardAdjustment?: boolean
  /** Text on NewDay statements for authorisations (the cart id is appended). */
  description?: string
}

export const NEWDAY_OPTION_ENV: Record<keyof NewDayProviderOptions, string> = {
  baseUrl: "NEWDAY_BASE_URL",
  merchantId: "NEWDAY_MERCHANT_ID",
  tenantId: "NEWDAY_TENANT_ID",
  subscriptionKey: "NEWDAY_SUBSCRIPTION_KEY",
  apiVersion: "NEWDAY_API_VERSION",
  clientCert: "NEWDAY_CLIENT_CERT",
  clientKey: "NEWDAY_CLIENT_KEY",
  caCert: "NEWDAY_CA_CERT",
  clientKeyPassphrase: "NEWDAY_CLIENT_KEY_PASSPHRASE",
  brand: "NEWDAY_BRAND",
  ssoWidgetUrl: "NEWDAY_SSO_WIDGET_URL",
  settleOn: "NEWDAY_SETTLE_ON",
  backendUrl: "MEDUSA_BACKEND_URL",
  signedInUrl: "NEWDAY_SIGNED_IN_URL",
  successUrl: "NEWDAY_SUCCESS_URL",
  failureUrl: "NEWDAY_FAILURE_URL",
  timeoutMs: "NEWDAY_TIMEOUT_MS",
  retries: "NEWDAY_MAX_RETRIES",
  enableUpwardAdjustment: "NEWDAY_ENABLE_UPWARD_ADJUSTMENT",
  description: "NEWDAY_DESCRIPTION",
}

const REQUIRED: Array<keyof NewDayProviderOptions> = [
  "baseUrl",
  "merchantId",
  "tenantId",
  "brand",
  "ssoWidgetUrl",
  "backendUrl",
  "signedInUrl",
  "successUrl",
  "failureUrl",
]
const URLS: Array<keyof NewDayProviderOptions> = ["baseUrl", "ssoWidgetUrl", "backendUrl", "signedInUrl", "successUrl", "failureUrl"]

function problem(option: keyof NewDayProviderOptions, what: string): Error {
  return new Error(`NewDay NewPay: provider option "${option}" ${what} (environment variable ${NEWDAY_OPTION_ENV[option]}).`)
}

/** Throws (and so stops Medusa's boot) naming the option and its environment variable. */
export function validateNewDayOptions(input: Record<string, unknown> | undefined): asserts input is Record<string, unknown> & NewDayProviderOptions {
  const options = (input ?? {}) as Record<string, unknown>
  for (const name of REQUIRED) {
    if (typeof options[name] !== "string" || !(options[name] as string).trim()) throw problem(name, "is required")
  }
  for (const name of URLS) {
    if (!isHttpUrl(options[name] as string)) throw problem(name, "must be an http(s) URL")
  }
  if (options.settleOn !== "shipment" && options.settleOn !== "capture") throw problem("settleOn", 'must be "shipment" or "capture"')
  if (Boolean(options.clientCert) !== Boolean(options.clientKey)) {
    throw problem(options.clientCert ? "clientKey" : "clientCert", "is required when the other half of the mTLS key pair is set")
  }
  // NewDay's gateways only accept mutually authenticated TLS (integration guide).
  if (/newdaytechnology\.net$/i.test(new URL(options.baseUrl as string).hostname) && !options.clientCert) {
    throw problem("clientCert", "is required: NewDay's API only accepts mutual TLS")
  }
  for (const name of ["timeoutMs", "retries"] as const) {
    const value = options[name]
    if (value !== undefined && (typeof value !== "number" || !Number.isInteger(value) || value < 0)) throw problem(name, "must be a whole number")
  }
}

/** One client per options object (keep-alive agents, mTLS material loaded once). */
export function newDayClientFor(options: NewDayProviderOptions, logger?: LenderLogger): NewDayClient {
  return cachedClient(options, "newday-client", () => {
    try {
      return new NewDayClient({
        baseUrl: options.baseUrl,
        merchantId: options.merchantId,
        tenantId: options.tenantId,
        subscriptionKey: options.subscriptionKey,
        apiVersion: options.apiVersion,
        tls:
          options.clientCert || options.caCert
            ? { cert: options.clientCert, key: options.clientKey, ca: options.caCert, passphrase: options.clientKeyPassphrase }
            : undefined,
        timeoutMs: options.timeoutMs,
        retry: options.retries === undefined ? undefined : { retries: options.retries },
        logger,
        enableUpwardAdjustment: options.enableUpwardAdjustment,
      })
    } catch (error) {
      // e.g. an unreadable certificate file: say which env var points at it.
      if (error instanceof LenderError && error.kind === "config") {
        throw new Error(`${error.message} — check ${NEWDAY_OPTION_ENV.clientCert}, ${NEWDAY_OPTION_ENV.clientKey} and ${NEWDAY_OPTION_ENV.caCert}.`)
      }
      throw error
    }
  })
}
