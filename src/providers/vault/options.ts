// The Vault provider's options, the env var behind each, and boot-time validation that names
// both. Routes and subscribers read the same object back (provider-kit findLenderProviderOptions).
import type { VaultPaths, VaultPaymentFields, VaultPaymentType } from "../../lenders/vault/types"
import {
  DEFAULT_VAULT_PATHS,
  DEFAULT_VAULT_PAYMENT_FIELDS,
  VAULT_FIELD_PATH,
  VAULT_PAYMENT_TYPES,
} from "../../lenders/vault/types"
import { VAULT_CANONICAL_STATUSES, type VaultStatusWords } from "../../lenders/vault/status-words"
import { VAULT_SIGNATURE_SCHEMES, type VaultSignatureScheme } from "../../lenders/vault/webhook"

export interface VaultProviderOptions {
  /** OAuth client id (HTTP Basic on /oauth/token). */
  clientId: string
  clientSecret: string
  /** X-Merchant-ID: the partner uuid from Vault's account manager. */
  merchantId: string
  /** Vault API base URL (OAuth and wallets). */
  baseUrl: string
  /** Invoice-payment API base URL when it is on another host (spec §2); default baseUrl. */
  platformBaseUrl?: string
  /** The merchant's own Vault login; without it the merchant token uses client_credentials ([INFERRED]). */
  merchantPhone?: string
  merchantPassword?: string
  /** Secret of the HMAC over the raw notification body. */
  webhookSecret: string
  webhookSignatureHeader?: string
  webhookSignatureScheme?: VaultSignatureScheme
  /** Checkout.com API for verifying CHECKOUT redirects (GET /payments/{id}). */
  checkoutBaseUrl?: string
  checkoutSecretKey?: string
  /** Type used when the storefront does not choose one. Default CHECKOUT. */
  defaultType?: VaultPaymentType
  /** Overrides for the endpoints the public docs do not confirm. */
  paths?: Partial<VaultPaths>
  /** Where Vault's payment response names the hosted-page URL and Checkout.com ids ([INFERRED] names). */
  paymentFields?: Partial<VaultPaymentFields>
  /** The request field carrying the way back from the hosted page ([INFERRED] default "redirectUrl"). */
  redirectUrlField?: string
  /** Vault's own payment status words, mapped onto PENDING/SUCCESS/FAILED/CANCELLED/EXPIRED ([INFERRED] defaults). */
  statusWords?: VaultStatusWords
  /** Vault has no refund API: with true, Medusa records refunds you make by hand in Vault. Default false. */
  manualRefunds?: boolean
  /**
   * Let shoppers enter Vault discount codes (data.discount_code). Default false: a code is dropped
   * and never reaches Vault. With true, an order paid with one records what Vault collected.
   */
  acceptDiscountCodes?: boolean
  /** Where Vault sends the shopper back after the hosted checkout (the plugin's return route). */
  returnUrl: string
  /** Where Vault posts notifications (the plugin's webhook route); sent with each invoice. */
  webhookUrl: string
  storefrontSuccessUrl: string
  storefrontFailureUrl: string
  timeoutMs?: number
}

/** The overridable endpoint paths (option `paths`) → environment variable. */
export const VAULT_PATH_ENV: Record<keyof VaultPaths, string> = {
  createInvoice: "VAULT_PATH_CREATE_INVOICE",
  getInvoice: "VAULT_PATH_GET_INVOICE",
  createOrGet: "VAULT_PATH_CREATE_OR_GET",
  update: "VAULT_PATH_UPDATE",
  confirm: "VAULT_PATH_CONFIRM",
  accounts: "VAULT_PATH_ACCOUNTS",
  token: "VAULT_PATH_TOKEN",
}

/** [INFERRED] response field names (spec §6.1, option `paymentFields`) a store corrects from Vault's partner pack. */
export const VAULT_FIELD_ENV: Record<keyof VaultPaymentFields, string> = {
  checkoutUrl: "VAULT_FIELD_CHECKOUT_URL",
  checkoutSessionId: "VAULT_FIELD_CHECKOUT_SESSION_ID",
  checkoutPaymentId: "VAULT_FIELD_CHECKOUT_PAYMENT_ID",
}

/** Option → environment variable, for messages and docs. */
export const VAULT_OPTION_ENV: Record<keyof VaultProviderOptions, string> = {
  clientId: "VAULT_CLIENT_ID",
  clientSecret: "VAULT_CLIENT_SECRET",
  merchantId: "VAULT_MERCHANT_ID",
  baseUrl: "VAULT_BASE_URL",
  platformBaseUrl: "VAULT_PLATFORM_BASE_URL",
  merchantPhone: "VAULT_MERCHANT_PHONE",
  merchantPassword: "VAULT_MERCHANT_PASSWORD",
  webhookSecret: "VAULT_WEBHOOK_SECRET",
  webhookSignatureHeader: "VAULT_WEBHOOK_SIGNATURE_HEADER",
  webhookSignatureScheme: "VAULT_WEBHOOK_SIGNATURE_SCHEME",
  checkoutBaseUrl: "VAULT_CHECKOUT_BASE_URL",
  checkoutSecretKey: "VAULT_CHECKOUT_SECRET_KEY",
  defaultType: "VAULT_DEFAULT_TYPE",
  paths: `VAULT_PATH_* (${Object.values(VAULT_PATH_ENV).join(", ")})`,
  paymentFields: `VAULT_FIELD_* (${Object.values(VAULT_FIELD_ENV).join(", ")})`,
  redirectUrlField: "VAULT_FIELD_REDIRECT_URL",
  statusWords: "VAULT_STATUS_WORDS (e.g. SUCCESS=PAID|COMPLETED;FAILED=DECLINED)",
  manualRefunds: "VAULT_MANUAL_REFUNDS",
  acceptDiscountCodes: "VAULT_ACCEPT_DISCOUNT_CODES",
  returnUrl: "MEDUSA_BACKEND_URL (→ /financing/vault/return)",
  webhookUrl: "MEDUSA_BACKEND_URL (→ /hooks/financing/vault)",
  storefrontSuccessUrl: "VAULT_STOREFRONT_SUCCESS_URL or FINANCING_STOREFRONT_URL",
  storefrontFailureUrl: "VAULT_STOREFRONT_FAILURE_URL or FINANCING_STOREFRONT_URL",
  timeoutMs: "VAULT_TIMEOUT_MS",
}

export const VAULT_REQUIRED_OPTIONS: Array<keyof VaultProviderOptions> = [
  "clientId",
  "clientSecret",
  "merchantId",
  "baseUrl",
  "webhookSecret",
  "returnUrl",
  "webhookUrl",
  "storefrontSuccessUrl",
  "storefrontFailureUrl",
]

const URLS: Array<keyof VaultProviderOptions> = [
  "baseUrl",
  "platformBaseUrl",
  "checkoutBaseUrl",
  "returnUrl",
  "webhookUrl",
  "storefrontSuccessUrl",
  "storefrontFailureUrl",
]

function problem(option: keyof VaultProviderOptions, what: string): string {
  return `Vault payment provider: option "${option}" ${what} (env ${VAULT_OPTION_ENV[option]})`
}

/** Every problem with the options, each naming the option and its env var. */
export function vaultOptionProblems(options: Partial<VaultProviderOptions> | undefined): string[] {
  const o = options ?? {}
  const problems: string[] = []
  for (const key of VAULT_REQUIRED_OPTIONS) {
    const value = o[key]
    if (typeof value !== "string" || !value.trim()) problems.push(problem(key, "is missing"))
  }
  for (const key of URLS) {
    const value = o[key]
    if (typeof value === "string" && value && !/^https?:\/\/[^\s]+$/i.test(value))
      problems.push(problem(key, "must be an http(s) URL"))
  }
  if (o.defaultType !== undefined && !VAULT_PAYMENT_TYPES.includes(o.defaultType)) {
    problems.push(problem("defaultType", `must be one of ${VAULT_PAYMENT_TYPES.join(", ")}`))
  }
  if (o.webhookSignatureScheme !== undefined && !VAULT_SIGNATURE_SCHEMES.includes(o.webhookSignatureScheme)) {
    problems.push(problem("webhookSignatureScheme", `must be one of ${VAULT_SIGNATURE_SCHEMES.join(", ")}`))
  }
  for (const [key, value] of Object.entries(o.paths ?? {})) {
    if (!(key in DEFAULT_VAULT_PATHS))
      problems.push(
        problem("paths", `has an unknown endpoint "${key}" (known: ${Object.keys(DEFAULT_VAULT_PATHS).join(", ")})`),
      )
    else if (typeof value !== "string" || !/^\/[^\s?#]*$/.test(value))
      problems.push(problem("paths", `.${key} must be a path starting with "/"`))
    else if (/\{(?!paymentId\}|invoiceId\})[^}]*\}/.test(value))
      problems.push(problem("paths", `.${key} may only use the placeholders {paymentId} and {invoiceId}`))
  }
  for (const [key, value] of Object.entries(o.paymentFields ?? {})) {
    if (!(key in DEFAULT_VAULT_PAYMENT_FIELDS))
      problems.push(
        problem(
          "paymentFields",
          `has an unknown field "${key}" (known: ${Object.keys(DEFAULT_VAULT_PAYMENT_FIELDS).join(", ")})`,
        ),
      )
    else if (typeof value !== "string" || !VAULT_FIELD_PATH.test(value))
      problems.push(problem("paymentFields", `.${key} must be a field name or dotted path (e.g. _links.redirect.href)`))
  }
  if (
    o.redirectUrlField !== undefined &&
    (typeof o.redirectUrlField !== "string" || !/^[A-Za-z_$][\w$]*$/.test(o.redirectUrlField))
  ) {
    problems.push(problem("redirectUrlField", "must be a field name (letters, digits, _ or $)"))
  }
  for (const [status, words] of Object.entries(o.statusWords ?? {})) {
    if (!VAULT_CANONICAL_STATUSES.includes(status as never))
      problems.push(
        problem("statusWords", `has an unknown status "${status}" (known: ${VAULT_CANONICAL_STATUSES.join(", ")})`),
      )
    else if (!Array.isArray(words) || !words.length || words.some((w) => typeof w !== "string" || !w.trim()))
      problems.push(problem("statusWords", `.${status} must be a non-empty list of words`))
  }
  if (Boolean(o.checkoutBaseUrl) !== Boolean(o.checkoutSecretKey)) {
    problems.push(
      problem(
        o.checkoutBaseUrl ? "checkoutSecretKey" : "checkoutBaseUrl",
        "is required when the other Checkout.com option is set",
      ),
    )
  }
  if (Boolean(o.merchantPhone) !== Boolean(o.merchantPassword)) {
    problems.push(
      problem(
        o.merchantPhone ? "merchantPassword" : "merchantPhone",
        "is required when the other merchant login option is set",
      ),
    )
  }
  return problems
}
