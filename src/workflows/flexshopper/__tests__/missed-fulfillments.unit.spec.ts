import { FLEXSHOPPER_PROVIDER_ID } from "../../../providers/flexshopper/session-data"
import type { FulfillmentEvent, RecentFulfillment } from "../../reconcile/missed-events"
import { confirmMissedFulfillments } from "../missed-fulfillments"

const NOW = new Date("2026-12-07T12:00:00Z")

/** Fulfillments by the event whose timestamp is in the window; `logged` are the keys the log holds. */
function shop(byEvent: Partial<Record<FulfillmentEvent, RecentFulfillment[]>>, logged: string[] = []) {
  const asked: Array<[string, FulfillmentEvent]> = []
  const confirmed: unknown[] = []
  return {
    asked,
    confirmed,
    deps: {
      log: {
        loggedIdempotencyKeys: async (keys: readonly string[]) => new Set(keys.filter((k) => logged.includes(k))),
      },
      fulfillments: async (_c: unknown, provider: string, event: FulfillmentEvent) => {
        asked.push([provider, event])
        return byEvent[event] ?? []
      },
      confirmFulfillment: async (_c: unknown, input: { fulfillment_id: string }) => {
        confirmed.push(input)
        if (input.fulfillment_id === "ful_down") throw new Error("FlexShopper is unavailable (503)")
        return input.fulfillment_id === "ful_unsigned" ? { skipped: "the lease is not finalized" } : { confirmed: "x" }
      },
    },
  }
}

const ful = (id: string, requires_shipping = true): RecentFulfillment => ({
  id,
  order_id: `order_${id}`,
  requires_shipping,
})

describe("confirmMissedFulfillments (FlexShopper fulfillments whose event was lost)", () => {
  it("confirms a shipment, an in-store receipt and a delivery the log has never seen", async () => {
    const s = shop({
      shipped_at: [ful("ful_shipped")],
      created_at: [ful("ful_shipped"), ful("ful_store", false)],
      delivered_at: [ful("ful_delivered")],
    })
    const outcomes = await confirmMissedFulfillments({} as never, NOW, s.deps as never)
    expect(s.asked.every(([provider]) => provider === FLEXSHOPPER_PROVIDER_ID)).toBe(true)
    expect(s.confirmed).toEqual([
      { fulfillment_id: "ful_shipped", kind: "shipment" },
      // A created fulfillment that ships waits for its shipment: only the in-store one is a receipt.
      { fulfillment_id: "ful_store", kind: "receipt", only_without_shipping: true },
      { fulfillment_id: "ful_delivered", kind: "shipment", on_delivery: true },
    ])
    expect(outcomes.map((o) => o.result)).toEqual(["done", "done", "done"])
  })

  it("leaves fulfillments whose confirmation or delivery capture is logged (the subscriber ran)", async () => {
    const s = shop(
      {
        shipped_at: [ful("ful_1"), ful("ful_in_store_shipped", false)],
        created_at: [ful("ful_2", false)],
        delivered_at: [ful("ful_3")],
      },
      ["flexshopper:ship:ful_1", "flexshopper:receipt:ful_2", "flexshopper:capture:delivery:ful_3"],
    )
    expect(await confirmMissedFulfillments({} as never, NOW, s.deps as never)).toEqual([])
    expect(s.confirmed).toEqual([])
  })

  it("reports a skip and a failure and goes on", async () => {
    const s = shop({ shipped_at: [ful("ful_down"), ful("ful_unsigned"), ful("ful_ok")] })
    const outcomes = await confirmMissedFulfillments({} as never, NOW, s.deps as never)
    expect(outcomes.map((o) => [o.id, o.result, o.detail])).toEqual([
      ["ful_down", "failed", "FlexShopper is unavailable (503)"],
      ["ful_unsigned", "skipped", "the lease is not finalized"],
      ["ful_ok", "done", undefined],
    ])
  })
})
