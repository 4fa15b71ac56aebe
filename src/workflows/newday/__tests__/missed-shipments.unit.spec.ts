import { providerIdFor } from "../../../lenders/slugs"
import type { RecentFulfillment } from "../../reconcile/missed-events"
import { settleMissedNewDayShipments } from "../missed-shipments"

const NOW = new Date("2026-12-07T12:00:00Z")
const ful = (id: string): RecentFulfillment => ({ id, order_id: `order_${id}`, requires_shipping: true })

function shop(shipped: RecentFulfillment[], logged: string[] = [], settlesOnShipment = true) {
  const asked: unknown[][] = []
  const settled: string[] = []
  return {
    asked,
    settled,
    deps: {
      settlesOnShipment,
      log: {
        loggedIdempotencyKeys: async (keys: readonly string[]) => new Set(keys.filter((k) => logged.includes(k))),
      },
      fulfillments: async (_c: unknown, provider: string, event: string) => {
        asked.push([provider, event])
        return shipped
      },
      settle: async (_c: unknown, id: string) => {
        settled.push(id)
        return id === "ful_down"
          ? { operation: "settle-shipment" as const, outcome: "failed" as const, attempts: 1, error: "NewDay is down" }
          : { operation: "settle-shipment" as const, outcome: "succeeded" as const, attempts: 1 }
      },
    },
  }
}

describe("settleMissedNewDayShipments (NewDay shipments whose event was lost)", () => {
  it("settles shipped NewDay fulfillments with no settlement in the log, and reports a failure", async () => {
    const s = shop([ful("ful_1"), ful("ful_done"), ful("ful_down")], ["newday-shipment:ful_done"])
    const outcomes = await settleMissedNewDayShipments({} as never, NOW, s.deps as never)
    expect(s.asked).toEqual([[providerIdFor("newday"), "shipped_at"]])
    expect(s.settled).toEqual(["ful_1", "ful_down"])
    expect(outcomes).toEqual([
      { id: "ful_1", order_id: "order_ful_1", result: "done" },
      { id: "ful_down", order_id: "order_ful_down", result: "failed", detail: "NewDay is down" },
    ])
  })

  it("does nothing when the owner settles on capture instead of on shipment", async () => {
    const s = shop([ful("ful_1")], [], false)
    expect(await settleMissedNewDayShipments({} as never, NOW, s.deps as never)).toEqual([])
    expect(s.asked).toEqual([])
    expect(s.settled).toEqual([])
  })
})
