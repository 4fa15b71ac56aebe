// Helpers for payment-session `data`: Medusa REPLACES it with whatever a provider method returns,
// and shows it to the storefront, so it is always rebuilt from the previous data plus the
// lender's public references — never secrets.
import type { PaymentProviderInput } from "@medusajs/framework/types"

/** The Medusa payment-session id (injected by the payment module at initiate; echoed in data after). */
export function paymentSessionIdOf(input: PaymentProviderInput): string | undefined {
  const fromData = input.data?.session_id
  if (typeof fromData === "string" && fromData) return fromData
  const key = input.context?.idempotency_key
  return typeof key === "string" && key.startsWith("payses_") ? key : undefined
}

/**
 * The previous data with `changes` applied; undefined values remove a key. That removal only
 * sticks where Medusa replaces the object (payment-session data returned by a provider): the
 * payment module MERGES `payment.data` on updatePayment, so there set a key to null instead.
 */
export function nextSessionData(
  previous: Record<string, unknown> | undefined,
  changes: Record<string, unknown>,
): Record<string, unknown> {
  const next: Record<string, unknown> = { ...(previous ?? {}) }
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete next[key]
    else next[key] = value
  }
  return next
}

export function stringField(data: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = data?.[key]
  return typeof value === "string" && value ? value : undefined
}

/**
 * What initiatePayment returns. Medusa stores a new session as `{ ...data the caller sent,
 * ...data the provider returned }` and the stock store route lets any guest send anything, so a
 * key the provider leaves out (or returns as undefined) keeps the browser's value. Every sent key
 * the provider did not write comes back as null: nothing browser-written survives in the session.
 */
export function ownSessionData(
  sent: Record<string, unknown> | undefined,
  written: Record<string, unknown>,
): Record<string, unknown> {
  const own: Record<string, unknown> = {}
  for (const key of Object.keys(sent ?? {})) own[key] = null
  for (const [key, value] of Object.entries(written)) own[key] = value === undefined ? null : value
  return own
}

/** `value` when it is a plain object (not null, not an array), else undefined. */
export function objectField(
  data: Record<string, unknown> | undefined,
  key: string,
): Record<string, unknown> | undefined {
  const value = data?.[key]
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}
