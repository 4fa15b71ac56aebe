import { TtlCache } from "../ttl-cache"

describe("TtlCache", () => {
  it("shares one call per key until it expires, and never keeps a failure", async () => {
    let now = 0
    const cache = new TtlCache(1000, () => now)
    let calls = 0
    const load = () => Promise.resolve(++calls)
    expect(await Promise.all([cache.get("a", load), cache.get("a", load)])).toEqual([1, 1])
    now = 999
    expect(await cache.get("a", load)).toBe(1)
    now = 1000
    expect(await cache.get("a", load)).toBe(2)

    await expect(cache.get("b", () => Promise.reject(new Error("down")))).rejects.toThrow("down")
    expect(await cache.get("b", load)).toBe(3)
  })

  it("stays within its size: expired entries go first, then the oldest", async () => {
    let now = 0
    const cache = new TtlCache(100, () => now, 2)
    await cache.get("old", () => Promise.resolve("old"))
    now = 50
    await cache.get("newer", () => Promise.resolve("newer"))
    now = 120 // "old" has expired, "newer" has not
    await cache.get("third", () => Promise.resolve("third"))
    expect(await cache.get("newer", () => Promise.resolve("reloaded"))).toBe("newer")
    // Full of live entries: the oldest ("newer") makes room.
    await cache.get("fourth", () => Promise.resolve("fourth"))
    expect(await cache.get("newer", () => Promise.resolve("reloaded"))).toBe("reloaded")
  })
})
