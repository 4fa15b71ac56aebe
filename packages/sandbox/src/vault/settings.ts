// Merchant credentials and tunables the simulator reads from the environment (same names as the
// plugin), falling back to the built-in sandbox merchant.
import type { SandboxEnv } from "../types"
import {
  VAULT_SANDBOX_CHECKOUT_SECRET_KEY,
  VAULT_SANDBOX_CLIENT_ID,
  VAULT_SANDBOX_CLIENT_SECRET,
  VAULT_SANDBOX_MERCHANT_ID,
  VAULT_SANDBOX_WEBHOOK_SECRET,
} from "./credentials"

export interface VaultSimSettings {
  merchantId: string
  clientId: string
  clientSecret: string
  webhookSecret: string
  checkoutSecretKey: string
  /** Vault documents expires_in 86399 (spec §3). */
  tokenTtlSeconds: number
  refreshTtlSeconds: number
  /** [INFERRED] an unpaid payment expires (spec §7 "ttl"). */
  paymentTtlSeconds: number
  /** Checkout.com: a cko-session-id expires 15 minutes after creation (spec §8.2). */
  checkoutSessionTtlSeconds: number
  /** Merchant-level notify URL, used when an invoice names none. */
  notifyUrl?: string
  notifyBackoffMs: number
  notifyMaxAttempts: number
}

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value)
  return Number.isFinite(n) && n >= 0 && value !== undefined && value !== "" ? n : fallback
}

export function readSettings(env: SandboxEnv): VaultSimSettings {
  return {
    merchantId: env.VAULT_MERCHANT_ID || VAULT_SANDBOX_MERCHANT_ID,
    clientId: env.VAULT_CLIENT_ID || VAULT_SANDBOX_CLIENT_ID,
    clientSecret: env.VAULT_CLIENT_SECRET || VAULT_SANDBOX_CLIENT_SECRET,
    webhookSecret: env.VAULT_WEBHOOK_SECRET || VAULT_SANDBOX_WEBHOOK_SECRET,
    checkoutSecretKey: env.VAULT_CHECKOUT_SECRET_KEY || VAULT_SANDBOX_CHECKOUT_SECRET_KEY,
    tokenTtlSeconds: positive(env.VAULT_SANDBOX_TOKEN_TTL_SECONDS, 86399),
    refreshTtlSeconds: positive(env.VAULT_SANDBOX_REFRESH_TTL_SECONDS, 30 * 86400),
    paymentTtlSeconds: positive(env.VAULT_SANDBOX_PAYMENT_TTL_SECONDS, 30 * 60),
    checkoutSessionTtlSeconds: 15 * 60,
    notifyUrl: env.VAULT_NOTIFY_URL || undefined,
    notifyBackoffMs: positive(env.VAULT_SANDBOX_NOTIFY_BACKOFF_MS, 250),
    notifyMaxAttempts: Math.max(1, positive(env.VAULT_SANDBOX_NOTIFY_ATTEMPTS, 6)),
  }
}
