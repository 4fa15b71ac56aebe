import { deliveryKey } from "../delivery-key"

describe("deliveryKey", () => {
  it("gives a retry or replay of the same delivery the same key", () => {
    expect(deliveryKey("application.failed", "tok", "2026-01-01 00:00:00 UTC")).toBe(
      deliveryKey("application.failed", "tok", "2026-01-01 00:00:00 UTC"),
    )
    expect(deliveryKey(Buffer.from('{"a":1}'))).toBe(deliveryKey('{"a":1}'))
  })

  it("tells apart deliveries that differ in any part, or only in where the parts split", () => {
    const keys = new Set([
      deliveryKey("application.failed", "tok", "t1"),
      deliveryKey("application.failed", "tok", "t2"),
      deliveryKey("application.failed", "tok2", "t1"),
      deliveryKey("ab", "c"),
      deliveryKey("a", "bc"),
    ])
    expect(keys.size).toBe(5)
    expect(deliveryKey("x")).toMatch(/^[0-9a-f]{64}$/)
  })
})
