// Token refresh under concurrency: one token request however many calls wait, refresh ahead of
// expiry, one refresh for a burst of 401s, and a fresh grant when the refresh token is refused.
import { TokenManager, type StoredToken } from "../token-manager"

function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe("TokenManager", () => {
  let now = 1_000_000
  const clock = () => now
  beforeEach(() => {
    now = 1_000_000
  })

  it("makes one token request for 50 concurrent callers", async () => {
    const pending = deferred<StoredToken>()
    const obtain = jest.fn(() => pending.promise)
    const manager = new TokenManager({ obtain, now: clock })
    const calls = Array.from({ length: 50 }, () => manager.accessToken())
    pending.resolve({ accessToken: "A", refreshToken: "R1", expiresAt: now + 3_600_000 })
    expect(new Set(await Promise.all(calls))).toEqual(new Set(["A"]))
    expect(obtain).toHaveBeenCalledTimes(1)
  })

  it("refreshes before expiry (inside the skew window) and only once for concurrent callers", async () => {
    const refresh = jest.fn(async (rt: string) => ({
      accessToken: `B-from-${rt}`,
      refreshToken: "R2",
      expiresAt: now + 3_600_000,
    }))
    const obtain = jest.fn()
    const manager = new TokenManager({
      obtain,
      refresh,
      now: clock,
      refreshSkewMs: 60_000,
      initial: { accessToken: "A", refreshToken: "R1", expiresAt: now + 120_000 },
    })
    expect(await manager.accessToken()).toBe("A")
    now += 61_000 // 59 s left: inside the skew, not yet expired
    const tokens = await Promise.all(Array.from({ length: 20 }, () => manager.accessToken()))
    expect(new Set(tokens)).toEqual(new Set(["B-from-R1"]))
    expect(refresh).toHaveBeenCalledTimes(1)
    expect(obtain).not.toHaveBeenCalled()
  })

  it("replaces a token the lender rejected once, however many calls saw the 401", async () => {
    const refresh = jest.fn(async () => ({ accessToken: "B", refreshToken: "R2", expiresAt: now + 3_600_000 }))
    const manager = new TokenManager({
      refresh,
      now: clock,
      initial: { accessToken: "A", refreshToken: "R1", expiresAt: now + 3_600_000 },
    })
    const renewed = await Promise.all([
      manager.replaceRejected("A"),
      manager.replaceRejected("A"),
      manager.replaceRejected("A"),
    ])
    expect(renewed).toEqual(["B", "B", "B"])
    // A late 401 for the old token must not spend the new refresh token.
    expect(await manager.replaceRejected("A")).toBe("B")
    expect(refresh).toHaveBeenCalledTimes(1)
  })

  it("falls back to a new grant when the refresh token is refused, and reports new tokens", async () => {
    const onToken = jest.fn()
    const manager = new TokenManager({
      now: clock,
      initial: { accessToken: "A", refreshToken: "R1", expiresAt: now - 1 },
      refresh: async () => {
        throw new Error("invalid_grant")
      },
      obtain: async () => ({ accessToken: "C", expiresAt: now + 3_600_000 }),
      onToken,
    })
    expect(await manager.accessToken()).toBe("C")
    expect(onToken).toHaveBeenCalledWith({ accessToken: "C", refreshToken: "R1", expiresAt: now + 3_600_000 })
  })

  it("without a grant (a shopper), a refused refresh fails every waiting call and the next call retries", async () => {
    let attempt = 0
    const manager = new TokenManager({
      now: clock,
      initial: { accessToken: "A", refreshToken: "R1", expiresAt: now - 1 },
      refresh: async () => {
        attempt++
        if (attempt === 1) throw new Error("invalid_grant")
        return { accessToken: "D", expiresAt: now + 1000_000 }
      },
    })
    const results = await Promise.allSettled([manager.accessToken(), manager.accessToken()])
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"])
    expect(attempt).toBe(1)
    expect(await manager.accessToken()).toBe("D")
  })
})
