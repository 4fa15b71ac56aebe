// Where a session secret lives (its row key) and what its ciphertext is bound to.
import { MedusaError } from "@medusajs/framework/utils"
import type { DeleteFinancingSecretsFilter, FinancingSecretScope, FinancingSecretValue } from "./types"

/** A scope with the ids normalised to string | null. */
export interface NormalizedSecretScope {
  lender: string
  purpose: string
  payment_session_id: string | null
  cart_id: string | null
}

function presentOrNull(value: string | null | undefined): string | null {
  return typeof value === "string" && value !== "" ? value : null
}

export function normalizeSecretScope(scope: FinancingSecretScope): NormalizedSecretScope {
  if (!scope?.lender || !scope?.purpose) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "A financing secret needs a lender and a purpose.")
  }
  const normalized = {
    lender: scope.lender,
    purpose: scope.purpose,
    payment_session_id: presentOrNull(scope.payment_session_id),
    cart_id: presentOrNull(scope.cart_id),
  }
  if (!normalized.payment_session_id && !normalized.cart_id) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `A financing secret (${scope.lender} ${scope.purpose}) must be bound to a payment_session_id or a cart_id.`,
    )
  }
  return normalized
}

export function secretDeleteFilter(filter: DeleteFinancingSecretsFilter): Record<string, unknown> {
  const session = presentOrNull(filter?.payment_session_id)
  const cart = presentOrNull(filter?.cart_id)
  if (!session && !cart) {
    // Refuse an unbounded delete: an empty filter would wipe every shopper's secrets.
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "deleteSecrets needs a payment_session_id or a cart_id.")
  }
  const byOwner = [...(session ? [{ payment_session_id: session }] : []), ...(cart ? [{ cart_id: cart }] : [])]
  return {
    ...(filter.lender ? { lender: filter.lender } : {}),
    ...(filter.purpose ? { purpose: filter.purpose } : {}),
    ...(byOwner.length === 1 ? byOwner[0] : { $or: byOwner }),
  }
}

/**
 * Associated data for AES-GCM: every column that says whose secret this is. A ciphertext copied
 * to a row with another lender, purpose, session or cart then fails authentication. JSON array
 * encoding keeps the fields unambiguous ("a|b" + "c" vs "a" + "b|c").
 */
export function secretAssociatedData(row: NormalizedSecretScope): string {
  return JSON.stringify(["financing_session_secret/v1", row.lender, row.purpose, row.payment_session_id, row.cart_id])
}

// JSON round-trips both accepted value shapes: a string stays a string, an object an object.
export function serializeSecretValue(value: FinancingSecretValue): string {
  if (typeof value !== "string" && (typeof value !== "object" || value === null || Array.isArray(value))) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "A financing secret value must be a string or a plain object.",
    )
  }
  return JSON.stringify(value)
}

export function deserializeSecretValue<T extends FinancingSecretValue>(plaintext: string): T {
  return JSON.parse(plaintext) as T
}
