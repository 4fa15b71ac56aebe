// Vault's payment notifications. Neither the header nor the signature scheme is documented; the
// spec's stated assumption (§6.4) is `X-Signature: hex(HMAC-SHA256(secret, rawBody))`, so both
// are configurable. The MAC is always computed over the exact bytes received: re-serialised JSON
// can change number precision and escaping.
import { createHash, createHmac, timingSafeEqual } from "node:crypto"
import { normalizeVaultAmount } from "./amounts"
import type { VaultWebhookPayload } from "./types"

/**
 * "none": Vault does not sign its notifications (the documents show no signature). Then nothing in
 * a notification is believed but its ids: the status and amount are always read back from Vault,
 * so a forged one can only make the plugin look again.
 */
export type VaultSignatureScheme = "hex" | "sha256=hex" | "base64" | "none"
export const VAULT_SIGNATURE_SCHEMES: readonly VaultSignatureScheme[] = ["hex", "sha256=hex", "base64", "none"]

export interface VaultWebhookVerifierOptions {
  secret: string
  /** Default "x-signature". */
  header?: string
  /** Default "hex". */
  scheme?: VaultSignatureScheme
}

export type VerificationResult =
  { ok: true } | { ok: false; reason: "missing_signature" | "bad_signature" | "no_secret" }

function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
  const wanted = name.toLowerCase()
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() !== wanted) continue
    const first = Array.isArray(value) ? value[0] : value
    return typeof first === "string" ? first.trim() : undefined
  }
  return undefined
}

export function signVaultWebhook(
  rawBody: Buffer | string,
  secret: string,
  scheme: Exclude<VaultSignatureScheme, "none"> = "hex",
): string {
  const mac = createHmac("sha256", secret).update(rawBody)
  if (scheme === "base64") return mac.digest("base64")
  const hex = mac.digest("hex")
  return scheme === "sha256=hex" ? `sha256=${hex}` : hex
}

function decodeSignature(value: string, scheme: VaultSignatureScheme): Buffer | undefined {
  if (scheme === "base64") {
    return /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, "base64") : undefined
  }
  const hex = scheme === "sha256=hex" ? value.replace(/^sha256=/i, "") : value
  return /^[0-9a-fA-F]{64}$/.test(hex) ? Buffer.from(hex, "hex") : undefined
}

export function verifyVaultWebhook(
  rawBody: Buffer | string | undefined,
  headers: Record<string, unknown>,
  options: VaultWebhookVerifierOptions,
): VerificationResult {
  const scheme = options.scheme ?? "hex"
  if (scheme === "none") return { ok: true }
  if (!options.secret) return { ok: false, reason: "no_secret" }
  const presented = headerValue(headers, options.header ?? "x-signature")
  if (!presented) return { ok: false, reason: "missing_signature" }
  const given = decodeSignature(presented, scheme)
  const expected = createHmac("sha256", options.secret)
    .update(rawBody ?? "")
    .digest()
  // Constant-time compare; lengths are checked first because timingSafeEqual throws on a mismatch.
  if (!given || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "bad_signature" }
  }
  return { ok: true }
}

/** Identifies one delivery by its bytes: a replay (or a duplicate retry) has the same key. */
export function webhookDeliveryKey(rawBody: Buffer | string): string {
  return createHash("sha256").update(rawBody).digest("hex")
}

export class VaultWebhookPayloadError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message)
    this.name = "VaultWebhookPayloadError"
  }
}

function paymentDateOf(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return new Date(value).toISOString()
  if (typeof value === "string" && value) {
    const asNumber = /^\d+$/.test(value) ? Number(value) : NaN
    const date = Number.isFinite(asNumber) ? new Date(asNumber) : new Date(value)
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
  }
  return undefined
}

/**
 * Reads a notification body, wrapped in `payload` (the product document) or flat. Only ids are
 * trusted from it: status and amount are re-read from Vault before anything changes.
 */
export function parseVaultWebhookPayload(body: unknown): VaultWebhookPayload {
  const root = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {}
  const inner =
    typeof root.payload === "object" && root.payload !== null ? (root.payload as Record<string, unknown>) : root
  const id = (field: string) => {
    const value = inner[field]
    if (typeof value !== "string" || !value.trim()) {
      throw new VaultWebhookPayloadError(field, `Vault webhook: "${field}" is missing or not a string`)
    }
    return value.trim()
  }
  const currency = typeof inner.currency === "string" ? inner.currency.toUpperCase() : undefined
  let amount: string | undefined
  if (inner.amount !== undefined && currency) {
    try {
      amount = normalizeVaultAmount(inner.amount, currency)
    } catch {
      throw new VaultWebhookPayloadError("amount", `Vault webhook: "amount" is not a valid ${currency} amount`)
    }
  }
  return {
    paymentId: id("paymentId"),
    invoiceId: id("invoiceId"),
    status: typeof inner.status === "string" ? inner.status.toUpperCase() : "",
    amount,
    currency,
    paymentDate: paymentDateOf(inner.paymentDate),
    // Seed 004 §2.2 types it as a string; anything else is kept as its JSON text, never trusted.
    externalData:
      typeof inner.externalData === "string"
        ? inner.externalData
        : inner.externalData == null
          ? null
          : JSON.stringify(inner.externalData),
  }
}

/** Remembers deliveries that were fully processed, so replays of them have no second effect. */
export interface DeliveryStore {
  wasProcessed(key: string): Promise<boolean>
  markProcessed(key: string): Promise<void>
}

/**
 * Runs `process` once per distinct delivery. A delivery is only remembered after `process`
 * succeeds: a retry of one that failed must run again, or the notification would be lost.
 */
export async function processOnce<T>(
  store: DeliveryStore,
  rawBody: Buffer | string,
  process: () => Promise<T>,
): Promise<{ duplicate: true } | { duplicate: false; result: T }> {
  const key = webhookDeliveryKey(rawBody)
  if (await store.wasProcessed(key)) return { duplicate: true }
  const result = await process()
  await store.markProcessed(key)
  return { duplicate: false, result }
}
