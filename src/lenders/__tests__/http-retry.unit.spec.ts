import fc from "fast-check"
import {
  backoffDelayMs,
  isIdempotentRequest,
  isTransientStatus,
  parseRetryAfter,
  resolveRetryPolicy,
} from "../http-retry"

describe("retry policy helpers", () => {
  it("reads Retry-After as seconds or as an HTTP date, and ignores garbage", () => {
    const now = Date.parse("2025-01-01T00:00:00Z")
    expect(parseRetryAfter("0", now)).toBe(0)
    expect(parseRetryAfter(" 2 ", now)).toBe(2000)
    expect(parseRetryAfter("1.5", now)).toBe(1500)
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:07 GMT", now)).toBe(7000)
    expect(parseRetryAfter("Tue, 31 Dec 2024 23:00:00 GMT", now)).toBe(0)
    expect(parseRetryAfter("soon", now)).toBeUndefined()
    expect(parseRetryAfter("", now)).toBeUndefined()
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
  })

  it("only GET/HEAD or keyed requests count as idempotent", () => {
    expect(isIdempotentRequest("GET")).toBe(true)
    expect(isIdempotentRequest("HEAD")).toBe(true)
    expect(isIdempotentRequest("POST")).toBe(false)
    expect(isIdempotentRequest("DELETE")).toBe(false)
    expect(isIdempotentRequest("POST", "key-1")).toBe(true)
  })

  it("treats 429 and most 5xx as transient, 4xx and 501 as final", () => {
    expect([429, 500, 502, 503, 504].every(isTransientStatus)).toBe(true)
    expect([400, 401, 404, 409, 422, 501, 505].some(isTransientStatus)).toBe(false)
  })

  it("falls back to defaults for missing or nonsensical options", () => {
    expect(resolveRetryPolicy()).toEqual({ retries: 2, baseDelayMs: 200, maxDelayMs: 3000, maxRetryAfterMs: 10000 })
    expect(resolveRetryPolicy({ retries: -1, baseDelayMs: Number.NaN })).toMatchObject({ retries: 2, baseDelayMs: 200 })
    expect(resolveRetryPolicy({ retries: 0 }).retries).toBe(0)
  })

  it("full-jitter backoff stays within [0, min(max, base·2^(n-1))]", () => {
    const policy = resolveRetryPolicy({ baseDelayMs: 200, maxDelayMs: 3000 })
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (n, r) => {
        const delay = backoffDelayMs(n, policy, () => r)
        expect(delay).toBeGreaterThanOrEqual(0)
        expect(delay).toBeLessThanOrEqual(Math.min(3000, 200 * 2 ** (n - 1)))
      }),
    )
    expect(backoffDelayMs(1, policy, () => 0.999)).toBe(199)
    expect(backoffDelayMs(10, policy, () => 0.999)).toBe(2997)
  })
})
