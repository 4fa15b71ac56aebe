// FlexShopper binds a customer token to the API key that created it, and warns that using it with
// another key may suspend BOTH merchant accounts. So a token never travels as a bare string here:
// it carries a fingerprint of the key that obtained it, and the client refuses to send it with
// any other key (a rotated key, a second store) — the request never leaves the process.
import { createHash } from "node:crypto"

export interface CustomerToken {
  readonly value: string
  /** sha256(api key), shortened: identifies the key without revealing it. */
  readonly apiKeyId: string
}

export function apiKeyIdOf(apiKey: string): string {
  return createHash("sha256").update(apiKey, "utf8").digest("hex").slice(0, 16)
}

export function bindCustomerToken(value: string, apiKey: string): CustomerToken {
  return { value, apiKeyId: apiKeyIdOf(apiKey) }
}

export function isCustomerToken(value: unknown): value is CustomerToken {
  const token = value as CustomerToken | null
  return typeof token?.value === "string" && token.value !== "" && typeof token.apiKeyId === "string"
}
