// Vault, as the plugin's registry (src/providers/lenders.ts) knows it: ids, options and their
// environment variables, boot checks, the client and the admin's connection test.
//
// Options from the environment: included when the merchant's credentials are set, or when
// FINANCING_SANDBOX_URL points at the local sandbox (then the sandbox merchant's built-in
// credentials fill whatever is unset).
import { VAULT_NAME, type VaultClient } from "../../lenders/vault/client"
import { checkVaultConnection } from "../../lenders/vault/connection"
import { parseVaultStatusWords, type VaultStatusWords } from "../../lenders/vault/status-words"
import {
  backendUrlOf,
  dataText,
  lenderIds,
  optionBaseUrl,
  throwOptionProblems,
  type LenderDefinition,
  type LenderEnv,
} from "../../provider-kit/lender-definition"
import { financingUrls, joinUrl } from "../../provider-kit/urls"
import {
  VAULT_SANDBOX_CHECKOUT_SECRET_KEY,
  VAULT_SANDBOX_CLIENT_ID,
  VAULT_SANDBOX_CLIENT_SECRET,
  VAULT_SANDBOX_MERCHANT_ID,
  VAULT_SANDBOX_WEBHOOK_SECRET,
} from "../../lenders/sandbox-credentials"
import { vaultClientFor } from "./client-factory"
import {
  VAULT_FIELD_ENV,
  VAULT_OPTION_ENV,
  VAULT_PATH_ENV,
  VAULT_REQUIRED_OPTIONS,
  vaultOptionProblems,
  type VaultProviderOptions,
} from "./options"

const ENV = VAULT_OPTION_ENV

function set(env: LenderEnv, name: string): string | undefined {
  const value = env[name]?.trim()
  return value ? value : undefined
}

/** Each key whose environment variable is set, with its value; undefined when none is. */
function overrides(env: LenderEnv, table: Record<string, string>): Record<string, string> | undefined {
  const found = Object.entries(table).flatMap(([key, name]) =>
    set(env, name) ? [[key, set(env, name)!] as const] : [],
  )
  return found.length ? Object.fromEntries(found) : undefined
}

export function readVaultOptions(env: LenderEnv, backendUrl: string): Record<string, unknown> | undefined {
  const hasCredentials = Boolean(set(env, ENV.clientId) && set(env, ENV.clientSecret) && set(env, ENV.merchantId))
  const sandboxUrl = set(env, "FINANCING_SANDBOX_URL")
  if (!hasCredentials && !sandboxUrl) return undefined
  // Sandbox defaults only apply when the merchant has not configured Vault itself.
  const sandbox = !hasCredentials && sandboxUrl ? joinUrl(sandboxUrl, "/vault") : undefined
  const fallback = (name: string, sandboxValue: string | undefined) =>
    set(env, name) ?? (sandbox ? sandboxValue : undefined)

  const storefront = set(env, "FINANCING_STOREFRONT_URL") ?? "http://localhost:8000"
  const urls = financingUrls(backendUrl, "vault")
  const type = set(env, ENV.defaultType)?.toUpperCase()
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
    clientId: fallback(ENV.clientId, VAULT_SANDBOX_CLIENT_ID),
    clientSecret: fallback(ENV.clientSecret, VAULT_SANDBOX_CLIENT_SECRET),
    merchantId: fallback(ENV.merchantId, VAULT_SANDBOX_MERCHANT_ID),
    baseUrl: set(env, ENV.baseUrl) ?? sandbox,
    platformBaseUrl: set(env, ENV.platformBaseUrl),
    merchantPhone: set(env, ENV.merchantPhone),
    merchantPassword: set(env, ENV.merchantPassword),
    webhookSecret: fallback(ENV.webhookSecret, VAULT_SANDBOX_WEBHOOK_SECRET),
    webhookSignatureHeader: set(env, ENV.webhookSignatureHeader),
    webhookSignatureScheme: set(env, ENV.webhookSignatureScheme) as VaultProviderOptions["webhookSignatureScheme"],
    checkoutBaseUrl: fallback(ENV.checkoutBaseUrl, sandbox && joinUrl(sandbox, "/sim/cko")),
    checkoutSecretKey: fallback(ENV.checkoutSecretKey, VAULT_SANDBOX_CHECKOUT_SECRET_KEY),
    defaultType: type as VaultProviderOptions["defaultType"],
    paths: overrides(env, VAULT_PATH_ENV),
    paymentFields: overrides(env, VAULT_FIELD_ENV),
    redirectUrlField: set(env, ENV.redirectUrlField),
    statusWords,
    manualRefunds: set(env, ENV.manualRefunds) === "true",
    acceptDiscountCodes: set(env, ENV.acceptDiscountCodes) === "true",
    returnUrl: urls.returnUrl,
    webhookUrl: urls.webhookUrl,
    storefrontSuccessUrl:
      set(env, "VAULT_STOREFRONT_SUCCESS_URL") ?? joinUrl(storefront, "/checkout/financing/success"),
    storefrontFailureUrl:
      set(env, "VAULT_STOREFRONT_FAILURE_URL") ?? joinUrl(storefront, "/checkout/financing/failure"),
    timeoutMs: set(env, ENV.timeoutMs) ? Number(env[ENV.timeoutMs]) : undefined,
  }
  // Unset optional keys are dropped so the options object stays readable in logs and the admin.
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Record<string, unknown>
}

export const vaultLender: LenderDefinition<VaultProviderOptions, VaultClient> = {
  ...lenderIds("vault"),
  name: VAULT_NAME,
  currencies: "any",
  markets: "any",
  optionEnv: VAULT_OPTION_ENV,
  requiredOptions: VAULT_REQUIRED_OPTIONS,
  secretOptions: ["clientSecret", "webhookSecret", "checkoutSecretKey", "merchantPassword"],
  adminCredentials: [
    "clientId",
    "clientSecret",
    "merchantId",
    "baseUrl",
    "webhookSecret",
    "checkoutBaseUrl",
    "checkoutSecretKey",
    "merchantPhone",
    "merchantPassword",
  ],
  optionProblems: (options) => vaultOptionProblems(options as Partial<VaultProviderOptions>),
  validateOptions(options) {
    throwOptionProblems(vaultOptionProblems(options as Partial<VaultProviderOptions>), "; ")
  },
  readOptionsFromEnv: readVaultOptions,
  clientFor: (options, logger) => vaultClientFor(options, logger),
  testConnection: (options, logger) => checkVaultConnection(vaultClientFor(options, logger)),
  retryableOperations: [],
  baseUrlOf: optionBaseUrl,
  callbackUrls(options, backendUrl) {
    const backend = backendUrlOf(options, backendUrl)
    const urls = financingUrls(backend, "vault")
    return {
      webhook: typeof options?.webhookUrl === "string" ? options.webhookUrl : urls.webhookUrl,
      return: typeof options?.returnUrl === "string" ? options.returnUrl : urls.returnUrl,
      other: [],
    }
  },
  adminReferences(data) {
    const refs = {
      payment_id: dataText(data, "payment_id"),
      type: dataText(data, "type"),
      invoice_id: dataText(data, "invoice_id"),
      vault_status: dataText(data, "vault_status"),
    }
    // A shopper's discount code (acceptDiscountCodes): why Vault collected less than the order total.
    const code = dataText(data, "discount_code")
    return code
      ? {
          ...refs,
          discount_code: code,
          discount_amount: dataText(data, "discount_amount"),
          collected_amount: dataText(data, "amount"),
        }
      : refs
  },
  statusWordOf: (data) => dataText(data, "vault_status"),
  // A Vault payment is paid when it is authorized (SUCCESS). Vault has no refund API: manual
  // refunds stay "action_required" until a person confirms them.
  confirmedBy: { captured: ["authorize"], refunded: ["refund"] },
}
