/**
 * NewDay's `idempotency-key` is a UUID (spec §3.2, §6). Medusa's own keys (payment session,
 * capture and refund ids) are not UUIDs, so they are mapped to one deterministically: the same
 * intent always yields the same key, which is what lets a retried authorise — even one retried
 * by a new HTTP request after a timeout — be answered from NewDay's idempotency store instead
 * of creating a second authorisation.
 */
import { createHash, randomUUID } from "node:crypto"

const NAMESPACE = "medusa-plugin-financing/newday/idempotency/v1"

/** A name-based UUID (version 5 layout, SHA-256 truncated) for the given parts. */
export function deriveIdempotencyKey(...parts: Array<string | number>): string {
  if (parts.length === 0 || parts.some((p) => p === "" || p === undefined || p === null)) {
    throw new TypeError("deriveIdempotencyKey needs non-empty parts")
  }
  const bytes = createHash("sha256")
    .update([NAMESPACE, ...parts.map(String)].join("\u0000"))
    .digest()
    .subarray(0, 16)
  bytes[6] = (bytes[6] & 0x0f) | 0x50
  bytes[8] = (bytes[8] & 0x3f) | 0x80
  const hex = bytes.toString("hex")
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export function newIdempotencyKey(): string {
  return randomUUID()
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
