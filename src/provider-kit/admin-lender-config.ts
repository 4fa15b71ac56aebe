// What the admin settings page says about each lender's configuration, without ever showing a
// credential: which required options are missing (names and the env var behind each), whether
// the lender is the sandbox or live, and the URLs to paste into the lender's dashboard.
import { defaultBaseUrlForSecret } from "../lenders/payment-assist/base-url"
import type { LenderSlug } from "../lenders/slugs"
import { NEWDAY_OPTION_ENV } from "../providers/newday/options"
import { PAYMENT_ASSIST_ENV } from "../providers/payment-assist/options"
import { VAULT_OPTION_ENV } from "../providers/vault/options"
import { financingUrls, joinUrl } from "./urls"

const FLEXSHOPPER_ENV: Record<string, string> = {
  apiKey: "FLEXSHOPPER_API_KEY",
  authKey: "FLEXSHOPPER_AUTH_KEY",
  baseUrl: "FLEXSHOPPER_BASE_URL",
  sdkUrl: "FLEXSHOPPER_SDK_URL",
}

/** Options each provider refuses to boot without (mirrors each provider's validateOptions). */
const REQUIRED: Record<LenderSlug, { options: string[]; env: Record<string, string> }> = {
  "payment-assist": { options: ["apiKey", "apiSecret", "backendUrl", "storefrontSuccessUrl", "storefrontFailureUrl"], env: PAYMENT_ASSIST_ENV },
  flexshopper: { options: ["apiKey", "authKey", "baseUrl", "sdkUrl"], env: FLEXSHOPPER_ENV },
  newday: {
    options: ["baseUrl", "merchantId", "tenantId", "brand", "ssoWidgetUrl", "backendUrl", "signedInUrl", "successUrl", "failureUrl"],
    env: NEWDAY_OPTION_ENV,
  },
  vault: {
    options: ["clientId", "clientSecret", "merchantId", "baseUrl", "webhookSecret", "returnUrl", "webhookUrl", "storefrontSuccessUrl", "storefrontFailureUrl"],
    env: VAULT_OPTION_ENV,
  },
}

/** Options whose values are credentials: kept out of every admin answer, scrubbed from messages. */
export const SECRET_OPTIONS: Record<LenderSlug, string[]> = {
  "payment-assist": ["apiKey", "apiSecret"],
  flexshopper: ["apiKey"],
  newday: ["subscriptionKey", "clientKey", "clientKeyPassphrase"],
  vault: ["clientSecret", "webhookSecret", "checkoutSecretKey", "merchantPassword"],
}

export function secretOptionValues(slug: LenderSlug, options: Record<string, unknown> | undefined): string[] {
  return SECRET_OPTIONS[slug]
    .map((name) => options?.[name])
    .filter((value): value is string => typeof value === "string" && value.length >= 4)
}

export interface MissingOption {
  option: string
  env: string | null
}

export function missingOptions(slug: LenderSlug, options: Record<string, unknown> | undefined): MissingOption[] {
  const { options: required, env } = REQUIRED[slug]
  return required
    .filter((name) => {
      const value = options?.[name]
      return typeof value !== "string" || !value.trim()
    })
    .map((option) => ({ option, env: env[option] ?? null }))
}

export type LenderMode = "sandbox" | "live"

function baseUrlOf(slug: LenderSlug, options: Record<string, unknown>): string | undefined {
  const base = typeof options.baseUrl === "string" ? options.baseUrl : undefined
  if (slug === "payment-assist" && !base && typeof options.apiSecret === "string") return defaultBaseUrlForSecret(options.apiSecret)
  return base
}

/** Scheme, host and path only: a base URL with user:password@ must not leak them. */
function publicUrl(url: string | undefined): string | null {
  if (!url) return null
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, "")}`
  } catch {
    return null
  }
}

/**
 * "sandbox" when the lender is the local sandbox (FINANCING_SANDBOX_URL) or one of the lender's
 * own test hosts; otherwise "live".
 */
export function lenderMode(slug: LenderSlug, options: Record<string, unknown>, sandboxUrl?: string): { mode: LenderMode; base_url: string | null } {
  const base = baseUrlOf(slug, options)
  const url = publicUrl(base)
  const local = Boolean(sandboxUrl && base && base.replace(/\/+$/, "").startsWith(sandboxUrl.replace(/\/+$/, "")))
  let host = ""
  try {
    host = base ? new URL(base).hostname : ""
  } catch {
    host = ""
  }
  const testHost = /(^|[.-])(sandbox|staging|stg|demo|test|dev)([.-]|$)|^localhost$|^127\.|^\[::1\]$/i.test(host)
  return { mode: local || testHost ? "sandbox" : "live", base_url: url }
}

export interface LenderUrls {
  /** Where the lender posts its notifications; null for lenders that send none. */
  webhook: string | null
  /** Where the lender sends the shopper back; null for lenders without a redirect. */
  return: string | null
  /** Further callback URLs some lenders need (e.g. NewDay's SCA widget return). */
  other: Array<{ label: string; url: string }>
}

export function lenderUrls(slug: LenderSlug, options: Record<string, unknown> | undefined, fallbackBackendUrl: string): LenderUrls {
  const backend = typeof options?.backendUrl === "string" && options.backendUrl ? options.backendUrl : fallbackBackendUrl
  const urls = financingUrls(backend, slug)
  switch (slug) {
    case "payment-assist":
      return { webhook: urls.webhookUrl, return: urls.returnUrl, other: [] }
    case "vault":
      return {
        webhook: typeof options?.webhookUrl === "string" ? options.webhookUrl : urls.webhookUrl,
        return: typeof options?.returnUrl === "string" ? options.returnUrl : urls.returnUrl,
        other: [],
      }
    case "newday":
      // Order Processing sends no webhooks; its sign-in and SCA widgets post the shopper back.
      return {
        webhook: null,
        return: joinUrl(backend, "/financing/newday/sign-in/return"),
        other: [{ label: "SCA widget return", url: joinUrl(backend, "/financing/newday/sca/return") }],
      }
    case "flexshopper":
      // The lease is signed in FlexShopper's modal on the storefront; FlexShopper calls nothing back.
      return { webhook: null, return: null, other: [] }
  }
}
