// Payment Assist request signing (spec §3): every parameter except api_key/signature, sorted by
// its ORIGINAL lower-case name (sorting after upper-casing would put FAILURE_URL before F_NAME),
// written as `UPPERNAME=value&`, HMAC-SHA256 keyed with the whole secret (prefix included),
// lower-case hex. No parameters → the HMAC of the empty string.
import { createHmac, timingSafeEqual } from "node:crypto"

export type SignableParams = Record<string, string>

const UNSIGNED = new Set(["API_KEY", "SIGNATURE"])

/** The exact string Payment Assist signs. Exported for tests and for debugging support tickets. */
export function stringToSign(params: SignableParams): string {
  return (
    Object.keys(params)
      .filter((name) => !UNSIGNED.has(name.toUpperCase()))
      // JS default sort = UTF-16 code-unit order = byte order for the ASCII names PA uses (PHP ksort).
      .sort()
      .map((name) => `${name.toUpperCase()}=${params[name]}&`)
      .join("")
  )
}

export function sign(params: SignableParams, secret: string): string {
  return createHmac("sha256", Buffer.from(secret, "utf8")).update(stringToSign(params), "utf8").digest("hex")
}

/** Constant-time comparison of two hex signatures (a length mismatch is simply false). */
export function signaturesEqual(expected: string, received: string | undefined | null): boolean {
  if (typeof received !== "string") return false
  const a = Buffer.from(expected, "utf8")
  const b = Buffer.from(received.toLowerCase(), "utf8")
  return a.length === b.length && timingSafeEqual(a, b)
}

export function verify(params: SignableParams, signature: string | undefined | null, secret: string): boolean {
  return signaturesEqual(sign(params, secret), signature)
}

export interface RedirectParams {
  token?: string | null
  status?: string | null
  signature?: string | null
}

/**
 * Checks the signature Payment Assist appends to success/failure URLs. Only the parameters it
 * appended (`status`, `token`) are signed; anything the merchant put in its own URL is ignored
 * (spec §3.1).
 */
export function verifyRedirectSignature(query: RedirectParams, secret: string): boolean {
  if (!query.token || !query.status || !query.signature) return false
  return verify({ status: query.status, token: query.token }, query.signature, secret)
}
