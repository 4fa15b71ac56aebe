import { isStaleEvent, MAX_EVENT_AGE_MS, parseEventTime } from "../event-time"

describe("Payment Assist webhook event_time", () => {
  it("reads PHP's 'Y-m-d H:i:s T' in UTC, GMT, BST and numeric offsets", () => {
    expect(parseEventTime("2020-09-10 14:31:05 UTC")).toBe(Date.UTC(2020, 8, 10, 14, 31, 5))
    expect(parseEventTime("2020-09-10 14:31:05 GMT")).toBe(Date.UTC(2020, 8, 10, 14, 31, 5))
    expect(parseEventTime("2020-09-10 15:31:05 BST")).toBe(Date.UTC(2020, 8, 10, 14, 31, 5))
    expect(parseEventTime("2020-09-10 16:31:05 +0200")).toBe(Date.UTC(2020, 8, 10, 14, 31, 5))
    expect(parseEventTime("2020-09-10T14:31:05")).toBe(Date.UTC(2020, 8, 10, 14, 31, 5))
  })

  it("does not guess at formats or zones it does not know", () => {
    for (const value of ["yesterday", "10/09/2020 14:31", "2020-09-10 14:31:05 CEST", "2020-13-40 99:99:99 UTC", ""]) {
      expect(parseEventTime(value)).toBeUndefined()
    }
  })

  it("calls an event stale only when it is known to be older than the window", () => {
    const now = Date.UTC(2026, 0, 2, 12, 0, 0)
    const at = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`
    expect(isStaleEvent(at(now - MAX_EVENT_AGE_MS - 1000), now)).toBe(true)
    expect(isStaleEvent(at(now - MAX_EVENT_AGE_MS + 1000), now)).toBe(false)
    expect(isStaleEvent(at(now + 3600_000), now)).toBe(false) // the lender's clock ahead of ours
    expect(isStaleEvent("not a date", now)).toBe(false)
  })
})
