// The sandbox's built-in NewDay merchant. The plugin's env reader (src/config/newday.ts) uses the
// same constants when FINANCING_SANDBOX_URL is set and NEWDAY_* credentials are not, and the
// simulator accepts them unless NEWDAY_MERCHANT_ID / NEWDAY_TENANT_ID / NEWDAY_SUBSCRIPTION_KEY
// override them — so "point at the sandbox" works with no configuration at all.
export const NEWDAY_SANDBOX_CREDENTIALS = {
  merchantId: "bf62723f-f664-4527-b95b-4dfee33e427d",
  tenantId: "newpay-sandbox",
  subscriptionKey: "sandbox-apim-key-5b7f0d2e9c41",
  /** Lower-case brand path segment of NewDay's widget URLs. */
  brand: "newpay",
} as const

/** A second merchant configured for full-only settle/reverse/refund (NewDay "configuration"). */
export const NEWDAY_SANDBOX_FULL_ONLY_MERCHANT = {
  merchantId: "0c3e8a51-7d2b-4f6e-9a80-2f5d1c7b9e34",
  tenantId: "newpay-sandbox",
  subscriptionKey: "sandbox-apim-key-full-only",
} as const
