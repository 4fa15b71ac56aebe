// Merchant configuration of the NewDay simulator: which merchants exist, their gateway key and
// the settings NewDay applies per retailer ("based on the configuration" in the docs): full-only
// settle/reverse/refund, the SCA exemption threshold and the authorisation hold lifetime.
import type { SandboxEnv } from "../types"
import { NEWDAY_SANDBOX_CREDENTIALS, NEWDAY_SANDBOX_FULL_ONLY_MERCHANT } from "./credentials"

export interface MerchantSettings {
  merchantId: string
  tenantId: string
  /** When set, Azure API Management requires it in Ocp-Apim-Subscription-Key. */
  subscriptionKey?: string
  /** Settle/reverse must take the whole remaining float, refunds the whole transaction. */
  fullOnly: boolean
  /** Initiate answers Exempt strictly below this amount (pence). */
  scaExemptionThresholdMinor: number
  holdDays: number
  brand: string
}

export const DEFAULT_SCA_EXEMPTION_THRESHOLD_MINOR = 25000
export const DEFAULT_HOLD_DAYS = 30

function pence(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined || text === "") return fallback
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim())
  if (!match) throw new Error(`${name} must be an amount in pounds such as 250 or 99.99, got ${JSON.stringify(text)}`)
  return Number(match[1]) * 100 + Number((match[2] ?? "0").padEnd(2, "0"))
}

function positiveInt(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined || text === "") return fallback
  const value = Number(text)
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive whole number, got ${JSON.stringify(text)}`)
  return value
}

/** The merchants the simulator knows, from env (NEWDAY_* as the plugin reads them) plus defaults. */
export function merchantsFromEnv(env: SandboxEnv): MerchantSettings[] {
  const threshold = pence(
    env.NEWDAY_SANDBOX_SCA_EXEMPTION_THRESHOLD,
    "NEWDAY_SANDBOX_SCA_EXEMPTION_THRESHOLD",
    DEFAULT_SCA_EXEMPTION_THRESHOLD_MINOR,
  )
  const holdDays = positiveInt(env.NEWDAY_SANDBOX_HOLD_DAYS, "NEWDAY_SANDBOX_HOLD_DAYS", DEFAULT_HOLD_DAYS)
  const brand = (env.NEWDAY_BRAND || NEWDAY_SANDBOX_CREDENTIALS.brand).toLowerCase()
  const primary: MerchantSettings = {
    merchantId: env.NEWDAY_MERCHANT_ID || NEWDAY_SANDBOX_CREDENTIALS.merchantId,
    tenantId: env.NEWDAY_TENANT_ID || NEWDAY_SANDBOX_CREDENTIALS.tenantId,
    subscriptionKey: env.NEWDAY_SUBSCRIPTION_KEY || NEWDAY_SANDBOX_CREDENTIALS.subscriptionKey,
    fullOnly: env.NEWDAY_SANDBOX_FULL_ONLY === "true",
    scaExemptionThresholdMinor: threshold,
    holdDays,
    brand,
  }
  const fullOnly: MerchantSettings = {
    ...NEWDAY_SANDBOX_FULL_ONLY_MERCHANT,
    fullOnly: true,
    scaExemptionThresholdMinor: threshold,
    holdDays,
    brand,
  }
  return primary.merchantId === fullOnly.merchantId ? [primary] : [primary, fullOnly]
}
