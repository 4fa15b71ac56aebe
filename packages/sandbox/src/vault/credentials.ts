// The sandbox's built-in Vault merchant and test shoppers. The simulator uses these when the
// VAULT_* env vars are unset, and src/config/vault.ts uses the same values when the store points
// at the sandbox (FINANCING_SANDBOX_URL) without credentials of its own.

/** Vault's documented sandbox X-Merchant-ID default (spec §3). */
export const VAULT_SANDBOX_MERCHANT_ID = "bece038f-2e46-49f4-b25e-89cd38d6dc16"
/** Vault's examples send `Authorization: Basic ZG9jOnNlY3JldA==`, i.e. doc:secret (spec §3). */
export const VAULT_SANDBOX_CLIENT_ID = "doc"
export const VAULT_SANDBOX_CLIENT_SECRET = "secret"
/** Signs the notifications the sandbox forwards to the store (X-Signature, invented per spec §6.4). */
export const VAULT_SANDBOX_WEBHOOK_SECRET = "vault-sandbox-webhook-secret"
/** The fake Checkout.com's secret key for GET /payments/{id}. */
export const VAULT_SANDBOX_CHECKOUT_SECRET_KEY = "sk_sbox_vault_sandbox_checkout_key"

export const VAULT_SANDBOX_PASSWORD = "Sandbox123!"

/** Test shoppers (sign in with phone + VAULT_SANDBOX_PASSWORD). Balances are decimal strings. */
export const VAULT_SANDBOX_USERS = [
  {
    key: "rich",
    phone: "+447700900001",
    name: "Ada Saver",
    accounts: [
      {
        id: "6f1c1f4e-9d0a-4f0e-8a61-0a1b2c3d4e01",
        name: "GBP Checking",
        type: "CHECKING",
        currency: "GBP",
        balance: "5000.00",
      },
      {
        id: "6f1c1f4e-9d0a-4f0e-8a61-0a1b2c3d4e02",
        name: "USD Checking",
        type: "CHECKING",
        currency: "USD",
        balance: "5000.00",
      },
      {
        id: "6f1c1f4e-9d0a-4f0e-8a61-0a1b2c3d4e03",
        name: "JPY Checking",
        type: "CHECKING",
        currency: "JPY",
        balance: "500000",
      },
      {
        id: "6f1c1f4e-9d0a-4f0e-8a61-0a1b2c3d4e04",
        name: "KWD Checking",
        type: "CHECKING",
        currency: "KWD",
        balance: "1000.000",
      },
    ],
  },
  {
    key: "broke",
    phone: "+447700900002",
    name: "Ben Shortfall",
    accounts: [
      {
        id: "7a2d2e5f-0e1b-4a1f-9b72-1b2c3d4e5f01",
        name: "GBP Checking",
        type: "CHECKING",
        currency: "GBP",
        balance: "10.00",
      },
      {
        id: "7a2d2e5f-0e1b-4a1f-9b72-1b2c3d4e5f02",
        name: "USD Checking",
        type: "CHECKING",
        currency: "USD",
        balance: "12.50",
      },
    ],
  },
] as const

/** Discount codes the sandbox knows ([INFERRED] Document B only names the field). */
export const VAULT_SANDBOX_DISCOUNT_CODES = [
  { code: "VAULT10", percent: 10 },
  { code: "FIVEOFF", fixed: "5.00" },
  { code: "EXPIRED2023", percent: 20, expired: true },
] as const
