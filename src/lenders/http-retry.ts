import type { LenderHttpMethod, LenderRetryOptions } from "./http-types"

/**
 * When a lender call may be repeated. The rule that matters most: a request that can move
 * money or create a lease (a POST without an idempotency key) is NEVER repeated by this
 * layer — after a timeout or a reset we cannot know whether the lender acted, and a blind
 * retry could charge twice. Such failures surface as LenderErrors for the caller to
 * reconcile (status fetch) instead.
 */

export interface RetryPolicy {
  retries: number
  baseDelayMs: number
  maxDelayMs: number
  maxRetryAfterMs: number
}

export function resolveRetryPolicy(options: LenderRetryOptions = {}): RetryPolicy {
  const nonNegative = (value: number | undefined, fallback: number) =>
    typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : fallback
  return {
    retries: Math.floor(nonNegative(options.retries, 2)),
    baseDelayMs: nonNegative(options.baseDelayMs, 200),
    maxDelayMs: nonNegative(options.maxDelayMs, 3000),
    maxRetryAfterMs: nonNegative(options.maxRetryAfterMs, 10000),
  }
}

export function isIdempotentRequest(method: LenderHttpMethod, idempotencyKey?: string): boolean {
  return method === "GET" || method === "HEAD" || Boolean(idempotencyKey)
}

/** Transport failures worth another try: the connection broke, nothing says the request is bad. */
export const TRANSIENT_NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "ECONNABORTED",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ENETDOWN",
  "EHOSTDOWN",
])

/**
 * Failures that happen before a single byte of the request reaches the lender. Knowing the
 * lender never saw the request is what makes a later retry of even a POST safe.
 */
export const NOT_SENT_NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ENETDOWN",
  "EHOSTDOWN",
])

/** 501/505 mean "never going to work", not "try again". */
export function isTransientStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505)
}

/**
 * Retry-After is either delta-seconds or an HTTP date. Returns milliseconds from `now`, or
 * undefined when absent or unparseable (then the normal backoff applies).
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) {
    return undefined
  }
  const trimmed = value.trim()
  if (trimmed === "") {
    return undefined
  }
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Math.round(Number(trimmed) * 1000)
  }
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) {
    return undefined
  }
  return Math.max(0, at - now)
}

/** "Full jitter" (AWS architecture blog): spreads retries from many clients evenly. */
export function backoffDelayMs(retryNumber: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retryNumber - 1))
  return Math.floor(random() * ceiling)
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
