// The NewDay provider's options, the environment variable behind each one (readOptionsFromEnv in ./lender.ts
// reads them), and the boot-time validation that names both when something is missing.
import { LenderError } from "../../lenders/errors"
import { NewDayClient } from "../../lenders/newday"
import type { LenderLogger } from "../../lenders/http-types"
import { cachedClient } from "../../provider-kit/client-cache"
import { isHttpUrl } from "../../provider-kit/urls"

export type NewDaySettleOn = "shipment" | "capture"

/**
 * When the provider calls Initiate (seed 003: Initiate "can be called" when SCA is applicable).
 * "auto": authorise first; Initiate only when NewDay's answer says SCA is required (a
 * `scaRequired` problem, or a validation error naming `sca-token`). "always": Initiate before
 * every authorise (a PSD2 journey, as NewDay configures it for the merchant).
 */
export type NewDayScaMode = "auto" | "always"

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
  /** Text on NewDay statements for authorisations (the cart id is appended). */
  description?: string
  /** When to call Initiate (default "auto"); see NewDayScaMode. */
  sca?: NewDayScaMode
  /**
   * Names no public document gives, overridable from NewDay's partner pack: Initiate's fields and
   * SCA status words (comma-separated lists), and the sign-in widget's hand-back fields.
   */
  initiateStatusField?: string
  initiateTokenField?: string
  initiateWidgetUrlField?: string
  scaExemptValues?: string
  scaRequiredValues?: string
  ssoCustomerRefField?: string
  ssoTokenField?: string
}

/** The sign-in widget's hand-back field names (spec §3.2 [INFERRED]; see docs/lenders/newday.md). */
export function ssoPayloadFields(options: Pick<NewDayProviderOptions, "ssoCustomerRefField" | "ssoTokenField">) {
  return { customerRef: options.ssoCustomerRefField || "customerRef", token: options.ssoTokenField || "identityToken" }
}

const list = (text: string | undefined) =>
  text
    ? text
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean)
    : undefined

/** The client's Initiate schema from the options (unset → the spec's proposal). */
export function initiateSchemaOf(options: NewDayProviderOptions) {
  return {
    ...(options.initiateStatusField ? { statusField: options.initiateStatusField } : {}),
    ...(options.initiateTokenField ? { tokenField: options.initiateTokenField } : {}),
    ...(options.initiateWidgetUrlField ? { widgetUrlField: options.initiateWidgetUrlField } : {}),
    ...(list(options.scaExemptValues) ? { exemptValues: list(options.scaExemptValues) } : {}),
    ...(list(options.scaRequiredValues) ? { requiredValues: list(options.scaRequiredValues) } : {}),
  }
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
  description: "NEWDAY_DESCRIPTION",
  sca: "NEWDAY_SCA",
  initiateStatusField: "NEWDAY_INITIATE_STATUS_FIELD",
  initiateTokenField: "NEWDAY_INITIATE_TOKEN_FIELD",
  initiateWidgetUrlField: "NEWDAY_INITIATE_WIDGET_URL_FIELD",
  scaExemptValues: "NEWDAY_SCA_EXEMPT_VALUES",
  scaRequiredValues: "NEWDAY_SCA_REQUIRED_VALUES",
  ssoCustomerRefField: "NEWDAY_SSO_CUSTOMER_REF_FIELD",
  ssoTokenField: "NEWDAY_SSO_TOKEN_FIELD",
}

const FIELD_NAMES = [
  "initiateStatusField",
  "initiateTokenField",
  "initiateWidgetUrlField",
  "ssoCustomerRefField",
  "ssoTokenField",
] as const
const WORD_LISTS = ["scaExemptValues", "scaRequiredValues"] as const

export const NEWDAY_REQUIRED_OPTIONS: Array<keyof NewDayProviderOptions> = [
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
const URLS: Array<keyof NewDayProviderOptions> = [
  "baseUrl",
  "ssoWidgetUrl",
  "backendUrl",
  "signedInUrl",
  "successUrl",
  "failureUrl",
]

function problem(option: keyof NewDayProviderOptions, what: string): string {
  return `NewDay NewPay: provider option "${option}" ${what} (environment variable ${NEWDAY_OPTION_ENV[option]}).`
}

/** Every problem with the options, each naming the option and its environment variable. Empty when fine. */
export function newDayOptionProblems(input: Record<string, unknown> | undefined): string[] {
  const options = (input ?? {}) as Record<string, unknown>
  const problems: string[] = []
  const missing = new Set<string>()
  for (const name of NEWDAY_REQUIRED_OPTIONS) {
    if (typeof options[name] !== "string" || !(options[name] as string).trim()) {
      missing.add(name)
      problems.push(problem(name, "is required"))
    }
  }
  for (const name of URLS) {
    if (!missing.has(name) && !isHttpUrl(options[name] as string))
      problems.push(problem(name, "must be an http(s) URL"))
  }
  if (options.settleOn !== "shipment" && options.settleOn !== "capture")
    problems.push(problem("settleOn", 'must be "shipment" or "capture"'))
  if (Boolean(options.clientCert) !== Boolean(options.clientKey)) {
    problems.push(
      problem(
        options.clientCert ? "clientKey" : "clientCert",
        "is required when the other half of the mTLS key pair is set",
      ),
    )
  }
  // NewDay's gateways only accept mutually authenticated TLS (integration guide).
  const baseUrl = options.baseUrl as string
  if (isHttpUrl(baseUrl) && /newdaytechnology\.net$/i.test(new URL(baseUrl).hostname) && !options.clientCert) {
    problems.push(problem("clientCert", "is required: NewDay's API only accepts mutual TLS"))
  }
  if (options.sca !== undefined && options.sca !== "auto" && options.sca !== "always")
    problems.push(problem("sca", 'must be "auto" or "always"'))
  for (const name of FIELD_NAMES) {
    const value = options[name]
    if (value !== undefined && (typeof value !== "string" || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(value)))
      problems.push(problem(name, "must be a JSON field name (letters, digits, _)"))
  }
  const badList = new Set<string>()
  for (const name of WORD_LISTS) {
    const value = options[name]
    if (
      value !== undefined &&
      (typeof value !== "string" || !list(value)?.every((w) => /^[A-Za-z][A-Za-z0-9_-]{0,39}$/.test(w)))
    ) {
      badList.add(name)
      problems.push(problem(name, "must be a comma-separated list of status words such as Exempt,NotRequired"))
    }
  }
  if (!badList.size) {
    const exempt = new Set(
      list(options.scaExemptValues as string | undefined)?.map((w) => w.toLowerCase()) ?? ["exempt"],
    )
    if (
      (list(options.scaRequiredValues as string | undefined) ?? ["Required"]).some((w) => exempt.has(w.toLowerCase()))
    ) {
      problems.push(
        problem(
          "scaRequiredValues",
          `must not repeat a word of scaExemptValues (${NEWDAY_OPTION_ENV.scaExemptValues})`,
        ),
      )
    }
  }
  for (const name of ["timeoutMs", "retries"] as const) {
    const value = options[name]
    if (value !== undefined && (typeof value !== "number" || !Number.isInteger(value) || value < 0))
      problems.push(problem(name, "must be a whole number"))
  }
  return problems
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
            ? {
                cert: options.clientCert,
                key: options.clientKey,
                ca: options.caCert,
                passphrase: options.clientKeyPassphrase,
              }
            : undefined,
        timeoutMs: options.timeoutMs,
        retry: options.retries === undefined ? undefined : { retries: options.retries },
        logger,
        initiateSchema: initiateSchemaOf(options),
      })
    } catch (error) {
      // e.g. an unreadable certificate file: say which env var points at it.
      if (error instanceof LenderError && error.kind === "config") {
        throw new Error(
          `${error.message} — check ${NEWDAY_OPTION_ENV.clientCert}, ${NEWDAY_OPTION_ENV.clientKey} and ${NEWDAY_OPTION_ENV.caCert}.`,
        )
      }
      throw error
    }
  })
}
