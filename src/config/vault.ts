// Vault provider options from the environment. Included when the merchant's credentials are
// set, or when FINANCING_SANDBOX_URL points at the local sandbox (then the sandbox merchant's
// built-in credentials fill whatever is unset).
import { financingUrls, joinUrl } from "../provider-kit/urls"
import type { VaultProviderOptions } from "../providers/vault/options"
import {
  VAULT_SANDBOX_CHECKOUT_SECRET_KEY,
  VAULT_SANDBOX_CLIENT_ID,
  VAULT_SANDBOX_CLIENT_SECRET,
  VAULT_SANDBOX_MERCHANT_ID,
  VAULT_SANDBOX_WEBHOOK_SECRET,
} from "../sandbox/vault/credentials"
import { parseVaultStatusWords, type VaultStatusWords } from "../lenders/vault/status-words"
import type { LenderEnv, LenderOptionsReader } from "./types"

const PATH_ENV = {
  token: "VAULT_PATH_TOKEN",
  createInvoice: "VAULT_PATH_CREATE_INVOICE",
  getInvoice: "VAULT_PATH_GET_INVOICE",
  createOrGet: "VAULT_PATH_CREATE_OR_GET",
  update: "VAULT_PATH_UPDATE",
  confirm: "VAULT_PATH_CONFIRM",
  accounts: "VAULT_PATH_ACCOUNTS",
} as const

// [INFERRED] response field names (spec §6.1) a store corrects from Vault's partner pack.
const FIELD_ENV = {
  checkoutUrl: "VAULT_FIELD_CHECKOUT_URL",
  checkoutSessionId: "VAULT_FIELD_CHECKOUT_SESSION_ID",
  checkoutPaymentId: "VAULT_FIELD_CHECKOUT_PAYMENT_ID",
} as const

function set(env: LenderEnv, name: string): string | undefined {
  const value = env[name]?.trim()
  return value ? value : undefined
}

export const readVaultOptions: LenderOptionsReader = (env, backendUrl) => {
  const hasCredentials = Boolean(set(env, "VAULT_CLIENT_ID") && set(env, "VAULT_CLIENT_SECRET") && set(env, "VAULT_MERCHANT_ID"))
  const sandboxUrl = set(env, "FINANCING_SANDBOX_URL")
  if (!hasCredentials && !sandboxUrl) return undefined
  // Sandbox defaults only apply when the merchant has not configured Vault itself.
  const sandbox = !hasCredentials && sandboxUrl ? joinUrl(sandboxUrl, "/vault") : undefined
  const fallback = (name: string, sandboxValue: string | undefined) => set(env, name) ?? (sandbox ? sandboxValue : undefined)

  const storefront = set(env, "FINANCING_STOREFRONT_URL") ?? "http://localhost:8000"
  const urls = financingUrls(backendUrl, "vault")
  const paths: Record<string, string> = {}
  for (const [key, name] of Object.entries(PATH_ENV)) {
    const value = set(env, name)
    if (value) paths[key] = value
  }
  const paymentFields: Record<string, string> = {}
  for (const [key, name] of Object.entries(FIELD_ENV)) {
    const value = set(env, name)
    if (value) paymentFields[key] = value
  }
  const type = set(env, "VAULT_DEFAULT_TYPE")?.toUpperCase()
  const statusWordsText = set(env, "VAULT_STATUS_WORDS")
  let statusWords: VaultStatusWords | undefined
  if (statusWordsText) {
    try {
      statusWords = parseVaultStatusWords(statusWordsText)
    } catch (error) {
      throw new Error(`Vault payment provider: env VAULT_STATUS_WORDS: ${(error as Error).message}`)
    }
  }
  const options: Partial<VaultProviderOptions> = {
    clientId: fallback("VAULT_CLIENT_ID", VAULT_SANDBOX_CLIENT_ID),
    clientSecret: fallback("VAULT_CLIENT_SECRET", VAULT_SANDBOX_CLIENT_SECRET),
    merchantId: fallback("VAULT_MERCHANT_ID", VAULT_SANDBOX_MERCHANT_ID),
    baseUrl: set(env, "VAULT_BASE_URL") ?? sandbox,
    platformBaseUrl: set(env, "VAULT_PLATFORM_BASE_URL"),
    merchantPhone: set(env, "VAULT_MERCHANT_PHONE"),
    merchantPassword: set(env, "VAULT_MERCHANT_PASSWORD"),
    webhookSecret: fallback("VAULT_WEBHOOK_SECRET", VAULT_SANDBOX_WEBHOOK_SECRET),
    webhookSignatureHeader: set(env, "VAULT_WEBHOOK_SIGNATURE_HEADER"),
    webhookSignatureScheme: set(env, "VAULT_WEBHOOK_SIGNATURE_SCHEME") as VaultProviderOptions["webhookSignatureScheme"],
    checkoutBaseUrl: fallback("VAULT_CHECKOUT_BASE_URL", sandbox && joinUrl(sandbox, "/sim/cko")),
    checkoutSecretKey: fallback("VAULT_CHECKOUT_SECRET_KEY", VAULT_SANDBOX_CHECKOUT_SECRET_KEY),
    defaultType: type as VaultProviderOptions["defaultType"],
    paths: Object.keys(paths).length ? paths : undefined,
    paymentFields: Object.keys(paymentFields).length ? paymentFields : undefined,
    redirectUrlField: set(env, "VAULT_FIELD_REDIRECT_URL"),
    statusWords,
    manualRefunds: set(env, "VAULT_MANUAL_REFUNDS") === "true",
    acceptDiscountCodes: set(env, "VAULT_ACCEPT_DISCOUNT_CODES") === "true",
    returnUrl: urls.returnUrl,
    webhookUrl: urls.webhookUrl,
    storefrontSuccessUrl: set(env, "VAULT_STOREFRONT_SUCCESS_URL") ?? joinUrl(storefront, "/checkout/financing/success"),
    storefrontFailureUrl: set(env, "VAULT_STOREFRONT_FAILURE_URL") ?? joinUrl(storefront, "/checkout/financing/failure"),
    timeoutMs: set(env, "VAULT_TIMEOUT_MS") ? Number(env.VAULT_TIMEOUT_MS) : undefined,
  }
  // Unset optional keys are dropped so the options object stays readable in logs and the admin.
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Record<string, unknown>
}
