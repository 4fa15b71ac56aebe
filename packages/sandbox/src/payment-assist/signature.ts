// Server-side signature check, written independently of the plugin's client (the sandbox stands in
// for Payment Assist's server): it re-derives the string from the parameters it RECEIVED, casting
// values the way PHP does (spec §3): strings as-is, integers in decimal, JSON true → "1",
// false/null → "", nested arrays → "Array"; then HMAC-SHA256 with the dealer secret.
import { createHmac, timingSafeEqual } from "node:crypto"

export function phpString(value: unknown): string {
  if (value === null || value === undefined || value === false) return ""
  if (value === true) return "1"
  if (typeof value === "number") return Number.isInteger(value) ? value.toFixed(0) : String(value)
  if (typeof value === "object") return "Array"
  return String(value)
}

export function signatureFor(params: Record<string, unknown>, secret: string): string {
  const text = Object.keys(params)
    .filter((key) => key.toUpperCase() !== "API_KEY" && key.toUpperCase() !== "SIGNATURE")
    .sort()
    .map((key) => `${key.toUpperCase()}=${phpString(params[key])}&`)
    .join("")
  return createHmac("sha256", secret).update(text, "utf8").digest("hex")
}

export function signatureMatches(params: Record<string, unknown>, received: unknown, secret: string): boolean {
  if (typeof received !== "string") return false
  const expected = Buffer.from(signatureFor(params, secret))
  const given = Buffer.from(received.toLowerCase())
  return expected.length === given.length && timingSafeEqual(expected, given)
}

/** Webhook signature; see src/lenders/payment-assist/webhook-signature.ts for why this is a choice. */
export type SandboxWebhookScheme = "json" | "php-array" | "scalars"

export function webhookSignature(
  payload: { event_name: string; event_data: Record<string, unknown>; event_time: string },
  secret: string,
  scheme: SandboxWebhookScheme,
): string {
  const base = { event_name: payload.event_name, event_time: payload.event_time }
  if (scheme === "scalars") return signatureFor(base, secret)
  const eventData = scheme === "json" ? JSON.stringify(payload.event_data) : "Array"
  return signatureFor({ ...base, event_data: eventData }, secret)
}
