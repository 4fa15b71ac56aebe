// The local lender sandbox's built-in merchant credentials (packages/sandbox, package
// medusa-financing-sandbox), which each lender's env reader (src/providers/<slug>/lender.ts) falls
// back to when FINANCING_SANDBOX_URL points a store at the sandbox without credentials of its own.
// The plugin keeps its own copy so that it ships without the sandbox;
// src/lenders/__tests__/sandbox-credentials.unit.spec.ts holds both copies equal.
// They are sandbox-only values: they open nothing at a real lender.

export const FLEXSHOPPER_SANDBOX_API_KEY = "fs-sandbox-api-7c1e9a4d2b6f4e08"
export const FLEXSHOPPER_SANDBOX_AUTH_KEY = "fs-sandbox-auth-3f8b0d6e1a9c4c57"

export const NEWDAY_SANDBOX_CREDENTIALS = {
  merchantId: "bf62723f-f664-4527-b95b-4dfee33e427d",
  tenantId: "newpay-sandbox",
  subscriptionKey: "sandbox-apim-key-5b7f0d2e9c41",
  /** Lower-case brand path segment of NewDay's widget URLs. */
  brand: "newpay",
} as const

export const PAYMENT_ASSIST_SANDBOX_API_KEY = "demosandboxkey01"
export const PAYMENT_ASSIST_SANDBOX_SECRET = "demo_SandboxSecretNotForProd0001"

export const VAULT_SANDBOX_MERCHANT_ID = "bece038f-2e46-49f4-b25e-89cd38d6dc16"
export const VAULT_SANDBOX_CLIENT_ID = "doc"
export const VAULT_SANDBOX_CLIENT_SECRET = "secret"
export const VAULT_SANDBOX_WEBHOOK_SECRET = "vault-sandbox-webhook-secret"
export const VAULT_SANDBOX_CHECKOUT_SECRET_KEY = "sk_sbox_vault_sandbox_checkout_key"
