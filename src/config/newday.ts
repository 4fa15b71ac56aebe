// NewDay NewPay provider options from the environment. Included when NEWDAY_MERCHANT_ID is set,
// or when FINANCING_SANDBOX_URL points at the local sandbox (then the sandbox's built-in
// merchant, which the simulator also accepts by default, fills in what is not set).
import type { NewDayProviderOptions, NewDayScaMode, NewDaySettleOn } from "../providers/newday/options"
import { NEWDAY_SANDBOX_CREDENTIALS } from "../sandbox/newday/credentials"
import type { LenderOptionsReader } from "./types"

/** NewDay's staging ("NDT Staging") gateway, used when only credentials are given. */
export const NEWDAY_STAGING_BASE_URL = "https://mtapi.stg-newdaytechnology.net/cl/merchant-gateway-service"

const trimSlash = (url: string) => url.replace(/\/+$/, "")

function int(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined
  const parsed = Number(value)
  // Left as text when invalid, so validateOptions names NEWDAY_TIMEOUT_MS / NEWDAY_MAX_RETRIES.
  return Number.isInteger(parsed) ? parsed : (value as unknown as number)
}

export const readNewdayOptions: LenderOptionsReader = (env, backendUrl) => {
  const sandbox = env.FINANCING_SANDBOX_URL ? trimSlash(env.FINANCING_SANDBOX_URL) : undefined
  if (!env.NEWDAY_MERCHANT_ID && !sandbox) return undefined

  const useSandboxDefaults = !env.NEWDAY_MERCHANT_ID
  const baseUrl = env.NEWDAY_BASE_URL || (sandbox ? `${sandbox}/newday` : NEWDAY_STAGING_BASE_URL)
  const brand = (env.NEWDAY_BRAND || NEWDAY_SANDBOX_CREDENTIALS.brand).toLowerCase()
  const storefront = trimSlash(env.FINANCING_STOREFRONT_URL || "http://localhost:8000")
  const pointsAtSandbox = Boolean(sandbox) && trimSlash(baseUrl).startsWith(sandbox!)

  const options: NewDayProviderOptions = {
    baseUrl,
    merchantId: env.NEWDAY_MERCHANT_ID || NEWDAY_SANDBOX_CREDENTIALS.merchantId,
    tenantId: env.NEWDAY_TENANT_ID || (useSandboxDefaults ? NEWDAY_SANDBOX_CREDENTIALS.tenantId : ""),
    subscriptionKey: env.NEWDAY_SUBSCRIPTION_KEY || (useSandboxDefaults ? NEWDAY_SANDBOX_CREDENTIALS.subscriptionKey : undefined),
    apiVersion: env.NEWDAY_API_VERSION || undefined,
    clientCert: env.NEWDAY_CLIENT_CERT || undefined,
    clientKey: env.NEWDAY_CLIENT_KEY || undefined,
    caCert: env.NEWDAY_CA_CERT || undefined,
    clientKeyPassphrase: env.NEWDAY_CLIENT_KEY_PASSPHRASE || undefined,
    brand,
    // NewDay hosts the real widget; its URL comes with the partner pack, so it must be set then.
    ssoWidgetUrl: env.NEWDAY_SSO_WIDGET_URL || (pointsAtSandbox ? `${sandbox}/newday/sso-widget/${brand}/login` : ""),
    settleOn: (env.NEWDAY_SETTLE_ON || "shipment") as NewDaySettleOn,
    backendUrl: trimSlash(backendUrl),
    signedInUrl: env.NEWDAY_SIGNED_IN_URL || `${storefront}/checkout?step=payment`,
    successUrl: env.NEWDAY_SUCCESS_URL || `${storefront}/order/confirmed`,
    failureUrl: env.NEWDAY_FAILURE_URL || `${storefront}/checkout?step=payment`,
    timeoutMs: int(env.NEWDAY_TIMEOUT_MS),
    retries: int(env.NEWDAY_MAX_RETRIES),
    enableUpwardAdjustment: env.NEWDAY_ENABLE_UPWARD_ADJUSTMENT === "true",
    description: env.NEWDAY_DESCRIPTION || undefined,
    sca: (env.NEWDAY_SCA || "auto") as NewDayScaMode,
    // Names no public document gives: unset keeps the defaults (see docs/lenders/newday.md).
    initiateStatusField: env.NEWDAY_INITIATE_STATUS_FIELD || undefined,
    initiateTokenField: env.NEWDAY_INITIATE_TOKEN_FIELD || undefined,
    initiateWidgetUrlField: env.NEWDAY_INITIATE_WIDGET_URL_FIELD || undefined,
    scaExemptValues: env.NEWDAY_SCA_EXEMPT_VALUES || undefined,
    scaRequiredValues: env.NEWDAY_SCA_REQUIRED_VALUES || undefined,
    ssoCustomerRefField: env.NEWDAY_SSO_CUSTOMER_REF_FIELD || undefined,
    ssoTokenField: env.NEWDAY_SSO_TOKEN_FIELD || undefined,
  }
  return options as unknown as Record<string, unknown>
}
