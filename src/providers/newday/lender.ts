// NewDay NewPay, as the plugin's registry (src/providers/lenders.ts) knows it: ids, options and
// their environment variables, boot checks, the client and the admin's connection test.
//
// Options from the environment: included when NEWDAY_MERCHANT_ID is set, or when
// FINANCING_SANDBOX_URL points at the local sandbox (then the sandbox's built-in merchant, which
// the simulator also accepts by default, fills in what is not set).
import type { NewDayClient } from "../../lenders/newday"
import { checkNewDayConnection } from "../../lenders/newday/connection"
import { NEWDAY_NAME } from "../../lenders/newday/name"
import {
  backendUrlOf,
  dataText,
  lenderIds,
  optionBaseUrl,
  throwOptionProblems,
  type LenderDefinition,
  type LenderEnv,
} from "../../provider-kit/lender-definition"
import { joinUrl } from "../../provider-kit/urls"
import { NEWDAY_SANDBOX_CREDENTIALS } from "../../lenders/sandbox-credentials"
import {
  NEWDAY_OPTION_ENV,
  NEWDAY_REQUIRED_OPTIONS,
  newDayClientFor,
  newDayOptionProblems,
  type NewDayProviderOptions,
  type NewDayScaMode,
  type NewDaySettleOn,
} from "./options"
import { newDayPromotion } from "./promotion"

/** NewDay's staging ("NDT Staging") gateway, used when only credentials are given. */
export const NEWDAY_STAGING_BASE_URL = "https://mtapi.stg-newdaytechnology.net/cl/merchant-gateway-service"

const ENV = NEWDAY_OPTION_ENV

const trimSlash = (url: string) => url.replace(/\/+$/, "")

function int(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined
  const parsed = Number(value)
  // Left as text when invalid, so validateOptions names NEWDAY_TIMEOUT_MS / NEWDAY_MAX_RETRIES.
  return Number.isInteger(parsed) ? parsed : (value as unknown as number)
}

export function readNewdayOptions(env: LenderEnv, backendUrl: string): Record<string, unknown> | undefined {
  const sandbox = env.FINANCING_SANDBOX_URL ? trimSlash(env.FINANCING_SANDBOX_URL) : undefined
  const merchantId = env[ENV.merchantId]
  if (!merchantId && !sandbox) return undefined

  const useSandboxDefaults = !merchantId
  const baseUrl = env[ENV.baseUrl] || (sandbox ? `${sandbox}/newday` : NEWDAY_STAGING_BASE_URL)
  const brand = (env[ENV.brand] || NEWDAY_SANDBOX_CREDENTIALS.brand).toLowerCase()
  const storefront = trimSlash(env.FINANCING_STOREFRONT_URL || "http://localhost:8000")
  const pointsAtSandbox = Boolean(sandbox) && trimSlash(baseUrl).startsWith(sandbox!)

  const options: NewDayProviderOptions = {
    baseUrl,
    merchantId: merchantId || NEWDAY_SANDBOX_CREDENTIALS.merchantId,
    tenantId: env[ENV.tenantId] || (useSandboxDefaults ? NEWDAY_SANDBOX_CREDENTIALS.tenantId : ""),
    subscriptionKey:
      env[ENV.subscriptionKey] || (useSandboxDefaults ? NEWDAY_SANDBOX_CREDENTIALS.subscriptionKey : undefined),
    apiVersion: env[ENV.apiVersion] || undefined,
    clientCert: env[ENV.clientCert] || undefined,
    clientKey: env[ENV.clientKey] || undefined,
    caCert: env[ENV.caCert] || undefined,
    clientKeyPassphrase: env[ENV.clientKeyPassphrase] || undefined,
    brand,
    // NewDay hosts the real widget; its URL comes with the partner pack, so it must be set then.
    ssoWidgetUrl: env[ENV.ssoWidgetUrl] || (pointsAtSandbox ? `${sandbox}/newday/sso-widget/${brand}/login` : ""),
    settleOn: (env[ENV.settleOn] || "shipment") as NewDaySettleOn,
    backendUrl: trimSlash(backendUrl),
    signedInUrl: env[ENV.signedInUrl] || `${storefront}/checkout?step=payment`,
    successUrl: env[ENV.successUrl] || `${storefront}/order/confirmed`,
    failureUrl: env[ENV.failureUrl] || `${storefront}/checkout?step=payment`,
    timeoutMs: int(env[ENV.timeoutMs]),
    retries: int(env[ENV.retries]),
    description: env[ENV.description] || undefined,
    sca: (env[ENV.sca] || "auto") as NewDayScaMode,
    // Names no public document gives: unset keeps the defaults (see docs/lenders/newday.md).
    initiateStatusField: env[ENV.initiateStatusField] || undefined,
    initiateTokenField: env[ENV.initiateTokenField] || undefined,
    initiateWidgetUrlField: env[ENV.initiateWidgetUrlField] || undefined,
    scaExemptValues: env[ENV.scaExemptValues] || undefined,
    scaRequiredValues: env[ENV.scaRequiredValues] || undefined,
    ssoCustomerRefField: env[ENV.ssoCustomerRefField] || undefined,
    ssoTokenField: env[ENV.ssoTokenField] || undefined,
  }
  return options as unknown as Record<string, unknown>
}

export const newDayLender: LenderDefinition<NewDayProviderOptions, NewDayClient> = {
  ...lenderIds("newday"),
  name: NEWDAY_NAME,
  currencies: ["gbp"],
  markets: ["gb"],
  optionEnv: NEWDAY_OPTION_ENV,
  requiredOptions: NEWDAY_REQUIRED_OPTIONS,
  secretOptions: ["subscriptionKey", "clientKey", "clientKeyPassphrase"],
  adminCredentials: ["merchantId", "tenantId", "subscriptionKey", "baseUrl", "ssoWidgetUrl"],
  optionProblems: newDayOptionProblems,
  validateOptions(options) {
    throwOptionProblems(newDayOptionProblems(options), "\n")
  },
  readOptionsFromEnv: readNewdayOptions,
  clientFor: (options, logger) => newDayClientFor(options, logger),
  testConnection: (options, logger) => checkNewDayConnection(newDayClientFor(options, logger)),
  retryableOperations: ["settle-shipment", "settle", "capture"],
  baseUrlOf: optionBaseUrl,
  // Order Processing sends no webhooks; its sign-in and SCA widgets post the shopper back.
  callbackUrls(options, backendUrl) {
    const backend = backendUrlOf(options, backendUrl)
    return {
      webhook: null,
      return: joinUrl(backend, "/financing/newday/sign-in/return"),
      other: [{ label: "SCA widget return", url: joinUrl(backend, "/financing/newday/sca/return") }],
    }
  },
  adminReferences(data) {
    const settlements = Array.isArray(data?.settlements) ? (data!.settlements as Array<Record<string, unknown>>) : []
    return {
      authorisation_id: dataText(data, "authorisation_id"),
      settlements: settlements.map((s) => ({
        transaction_id: dataText(s, "transaction_id"),
        amount: dataText(s, "amount"),
        refunded: dataText(s, "refunded"),
      })),
      remaining_float: dataText(data, "remaining_float"),
    }
  },
  statusWordOf: (data) => dataText(data, "status"),
  // Settlements and refunds are NewDay calls with their amount; "settle-shipment" only notes
  // that a shipment's settlement ran (its money is the "settle" entry).
  confirmedBy: { captured: ["settle"], refunded: ["refund"] },
  promotion: newDayPromotion,
  captureChoices: {
    option: "settleOn",
    choices: [
      { value: "shipment", label: "Settle what each shipment holds" },
      { value: "capture", label: "Settle when you capture in Medusa" },
    ],
    fromOptions: (options) => (options?.settleOn === "capture" ? "capture" : "shipment"),
    applyTo: (options, value) => ({ ...options, settleOn: value }),
  },
}
