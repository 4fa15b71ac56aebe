// The status table (exhaustive), boot-time option validation naming option + env var, and the
// env reader's sandbox / credentials rules.
import { PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import { readVaultOptions } from "../lender"
import { VaultProviderService } from "../service"
import { vaultOptionProblems } from "../options"
import { sessionStatusOf, VAULT_STATUS_MAP, webhookActionFor } from "../status"
import { VAULT_SANDBOX_CLIENT_ID, VAULT_SANDBOX_MERCHANT_ID } from "../../../../packages/sandbox/src/vault/credentials"

describe("Vault status mapping", () => {
  it.each([
    ["SUCCESS", "CHECKOUT", PaymentSessionStatus.CAPTURED, PaymentActions.SUCCESSFUL],
    ["SUCCESS", "PLATFORM", PaymentSessionStatus.CAPTURED, PaymentActions.SUCCESSFUL],
    ["PENDING", "CHECKOUT", PaymentSessionStatus.REQUIRES_MORE, PaymentActions.PENDING],
    ["PENDING", "PLATFORM", PaymentSessionStatus.PENDING, PaymentActions.PENDING],
    ["CREATED", "EXTERNAL", PaymentSessionStatus.PENDING, PaymentActions.PENDING],
    ["FAILED", "PLATFORM", PaymentSessionStatus.ERROR, PaymentActions.FAILED],
    ["CANCELLED", "EXTERNAL", PaymentSessionStatus.CANCELED, PaymentActions.CANCELED],
    ["EXPIRED", "CHECKOUT", PaymentSessionStatus.CANCELED, PaymentActions.CANCELED],
    ["SOMETHING_NEW", "CHECKOUT", PaymentSessionStatus.PENDING, PaymentActions.NOT_SUPPORTED],
  ] as const)("%s (%s) → session %s, webhook action %s", (status, type, session, action) => {
    expect(sessionStatusOf(status, type)).toBe(session)
    expect(webhookActionFor(status)).toBe(action)
  })

  it("covers every documented Vault status", () => {
    expect(Object.keys(VAULT_STATUS_MAP).sort()).toEqual([
      "CANCELLED",
      "CREATED",
      "EXPIRED",
      "FAILED",
      "PENDING",
      "SUCCESS",
    ])
  })
})

describe("Vault options", () => {
  const valid = {
    clientId: "id",
    clientSecret: "secret",
    merchantId: "m",
    baseUrl: "https://api.vault.example",
    webhookSecret: "whsec",
    returnUrl: "https://shop.example/financing/vault/return",
    webhookUrl: "https://shop.example/hooks/financing/vault",
    storefrontSuccessUrl: "https://shop.example/ok",
    storefrontFailureUrl: "https://shop.example/ko",
  }

  it("accepts a complete configuration", () => {
    expect(vaultOptionProblems(valid)).toEqual([])
    expect(() => VaultProviderService.validateOptions(valid)).not.toThrow()
  })

  it("fails boot naming each missing option and its env var", () => {
    expect(() => VaultProviderService.validateOptions({ ...valid, clientSecret: "", merchantId: undefined })).toThrow(
      'Vault payment provider: option "clientSecret" is missing (env VAULT_CLIENT_SECRET); Vault payment provider: option "merchantId" is missing (env VAULT_MERCHANT_ID)',
    )
    expect(vaultOptionProblems({ ...valid, baseUrl: "ftp://x" })).toEqual([
      'Vault payment provider: option "baseUrl" must be an http(s) URL (env VAULT_BASE_URL)',
    ])
    expect(vaultOptionProblems({ ...valid, defaultType: "CARD" as never })[0]).toMatch(
      /defaultType.*PLATFORM, CHECKOUT, EXTERNAL.*VAULT_DEFAULT_TYPE/,
    )
    expect(vaultOptionProblems({ ...valid, checkoutBaseUrl: "https://api.checkout.com" })[0]).toMatch(
      /checkoutSecretKey.*VAULT_CHECKOUT_SECRET_KEY/,
    )
    expect(vaultOptionProblems({ ...valid, webhookSignatureScheme: "md5" as never })[0]).toMatch(
      /VAULT_WEBHOOK_SIGNATURE_SCHEME/,
    )
  })
})

describe("readVaultOptions", () => {
  const backend = "https://shop.example"

  it("is off without credentials or a sandbox", () => {
    expect(readVaultOptions({}, backend)).toBeUndefined()
  })

  it("points at the sandbox with its built-in merchant when only FINANCING_SANDBOX_URL is set", () => {
    const options = readVaultOptions({ FINANCING_SANDBOX_URL: "http://127.0.0.1:9100" }, backend)!
    expect(options).toMatchObject({
      baseUrl: "http://127.0.0.1:9100/vault",
      checkoutBaseUrl: "http://127.0.0.1:9100/vault/sim/cko",
      clientId: VAULT_SANDBOX_CLIENT_ID,
      merchantId: VAULT_SANDBOX_MERCHANT_ID,
      returnUrl: "https://shop.example/financing/vault/return",
      webhookUrl: "https://shop.example/hooks/financing/vault",
      storefrontSuccessUrl: "http://localhost:8000/checkout/financing/success",
      manualRefunds: false,
    })
    expect(vaultOptionProblems(options)).toEqual([])
  })

  it("uses the merchant's credentials and never sandbox defaults once they are set", () => {
    const options = readVaultOptions(
      {
        FINANCING_SANDBOX_URL: "http://127.0.0.1:9100",
        VAULT_CLIENT_ID: "live-id",
        VAULT_CLIENT_SECRET: "live-secret",
        VAULT_MERCHANT_ID: "live-merchant",
        VAULT_DEFAULT_TYPE: "platform",
        VAULT_PATH_CONFIRM: "/v3/invoice/payment/{paymentId}/confirm",
        VAULT_MANUAL_REFUNDS: "true",
      },
      backend,
    )!
    expect(options).toMatchObject({
      clientId: "live-id",
      defaultType: "PLATFORM",
      manualRefunds: true,
      paths: { confirm: "/v3/invoice/payment/{paymentId}/confirm" },
    })
    expect(options.baseUrl).toBeUndefined()
    expect(options.checkoutBaseUrl).toBeUndefined()
    expect(vaultOptionProblems(options)).toEqual([
      'Vault payment provider: option "baseUrl" is missing (env VAULT_BASE_URL)',
      'Vault payment provider: option "webhookSecret" is missing (env VAULT_WEBHOOK_SECRET)',
    ])
  })

  it("reads the guessed paths and response field names from the environment and checks them at boot", () => {
    const env = {
      FINANCING_SANDBOX_URL: "http://127.0.0.1:9100",
      VAULT_PATH_UPDATE: "/v3/invoice/payment",
      VAULT_FIELD_CHECKOUT_URL: "_links.redirect.href",
      VAULT_FIELD_CHECKOUT_SESSION_ID: "paymentSessionId",
    }
    const options = readVaultOptions(env, backend)!
    expect(options).toMatchObject({
      paths: { update: "/v3/invoice/payment" },
      paymentFields: { checkoutUrl: "_links.redirect.href", checkoutSessionId: "paymentSessionId" },
    })
    expect(vaultOptionProblems(options)).toEqual([])
    const bad = readVaultOptions(
      {
        ...env,
        VAULT_PATH_CONFIRM: "invoice/{paymentId}/confirm",
        VAULT_PATH_GET_INVOICE: "/invoice/{id}",
        VAULT_FIELD_CHECKOUT_URL: "links[0].href",
      },
      backend,
    )!
    expect(vaultOptionProblems({ ...bad, paths: { ...(bad.paths as object), refund: "/x" } } as never)).toEqual([
      'Vault payment provider: option "paths" .getInvoice may only use the placeholders {paymentId} and {invoiceId} (env VAULT_PATH_* (VAULT_PATH_CREATE_INVOICE, VAULT_PATH_GET_INVOICE, VAULT_PATH_CREATE_OR_GET, VAULT_PATH_UPDATE, VAULT_PATH_CONFIRM, VAULT_PATH_ACCOUNTS, VAULT_PATH_TOKEN))',
      expect.stringContaining('option "paths" .confirm must be a path starting with "/"'),
      expect.stringContaining('option "paths" has an unknown endpoint "refund"'),
      expect.stringContaining('option "paymentFields" .checkoutUrl must be a field name or dotted path'),
    ])
  })
})
