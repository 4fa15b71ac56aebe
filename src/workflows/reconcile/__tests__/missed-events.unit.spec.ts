import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import {
  MISSED_EVENT_GRACE_MS,
  MISSED_EVENT_LOOK_BACK_MS,
  recentFulfillments,
  runMissed,
  withoutLogEntry,
} from "../missed-events"

const NOW = new Date("2026-12-07T12:00:00Z")

/** A query.graph over fulfillments and their orders' payments. */
function store(
  fulfillments: Array<{ id: string; order?: string; requires_shipping?: boolean }>,
  orders: Array<{ id: string; payments: Array<{ provider_id: string; canceled_at?: string }> }>,
) {
  const calls: Array<{ entity: string; filters: any }> = []
  const container = {
    resolve: (key: string) => {
      if (key !== ContainerRegistrationKeys.QUERY) throw new Error(`unexpected resolve ${key}`)
      return {
        graph: async ({ entity, filters }: { entity: string; filters: any }) => {
          calls.push({ entity, filters })
          if (entity === "fulfillment")
            return {
              data: fulfillments.map((f) => ({
                id: f.id,
                requires_shipping: f.requires_shipping,
                order: f.order ? { id: f.order } : null,
              })),
            }
          return {
            data: orders
              .filter((o) => filters.id.includes(o.id))
              .map((o) => ({ id: o.id, payment_collections: [{ payments: o.payments }] })),
          }
        },
      }
    },
  } as any
  return { container, calls }
}

describe("recentFulfillments", () => {
  it("asks for live fulfillments whose event falls after the grace period and within the look-back", async () => {
    const s = store([], [])
    await recentFulfillments(s.container, "pp_lender", "shipped_at", NOW)
    expect(s.calls).toHaveLength(1) // no order lookup when nothing shipped
    expect(s.calls[0].entity).toBe("fulfillment")
    expect(s.calls[0].filters.canceled_at).toBeNull()
    expect(s.calls[0].filters.shipped_at.$lte.getTime()).toBe(NOW.getTime() - MISSED_EVENT_GRACE_MS)
    expect(s.calls[0].filters.shipped_at.$gte.getTime()).toBe(NOW.getTime() - MISSED_EVENT_LOOK_BACK_MS)
  })

  it("keeps only fulfillments of orders with a live payment from the lender, in one order query", async () => {
    const s = store(
      [
        { id: "ful_1", order: "order_1" },
        { id: "ful_2", order: "order_1", requires_shipping: false },
        { id: "ful_card", order: "order_card" },
        { id: "ful_swapped", order: "order_swapped" },
        { id: "ful_orphan" },
      ],
      [
        { id: "order_1", payments: [{ provider_id: "pp_lender" }] },
        { id: "order_card", payments: [{ provider_id: "pp_system_default" }] },
        // The shopper first chose the lender, then paid by card: the lender's payment is canceled.
        {
          id: "order_swapped",
          payments: [{ provider_id: "pp_lender", canceled_at: "2026-12-01" }, { provider_id: "pp_system_default" }],
        },
      ],
    )
    expect(await recentFulfillments(s.container, "pp_lender", "delivered_at", NOW)).toEqual([
      { id: "ful_1", order_id: "order_1", requires_shipping: true },
      { id: "ful_2", order_id: "order_1", requires_shipping: false },
    ])
    expect(s.calls.filter((c) => c.entity === "order")).toEqual([
      { entity: "order", filters: { id: ["order_1", "order_card", "order_swapped"] } },
    ])
  })
})

describe("withoutLogEntry", () => {
  it("keeps the items whose key the log does not hold, asking the log once", async () => {
    const asked: string[][] = []
    const log = {
      loggedIdempotencyKeys: async (keys: readonly string[]) => {
        asked.push([...keys])
        return new Set(keys.filter((k) => k === "k:b"))
      },
    }
    const items = [{ id: "a" }, { id: "b" }, { id: "c" }]
    expect(await withoutLogEntry(log, items, (i) => `k:${i.id}`)).toEqual([{ id: "a" }, { id: "c" }])
    expect(asked).toEqual([["k:a", "k:b", "k:c"]])
    expect(await withoutLogEntry(log, [], (i: { id: string }) => i.id)).toEqual([])
    expect(asked).toHaveLength(1)
  })
})

describe("runMissed", () => {
  it("reports each item's outcome and goes on after a failure", async () => {
    const items = [
      { id: "a", order_id: "o1" },
      { id: "b", order_id: "o1" },
      { id: "c", order_id: "o2" },
    ]
    const outcomes = await runMissed(items, async (i) => {
      if (i.id === "a") throw new Error("lender down")
      return i.id === "b" ? "nothing to do" : undefined
    })
    expect(outcomes).toEqual([
      { id: "a", order_id: "o1", result: "failed", detail: "lender down" },
      { id: "b", order_id: "o1", result: "skipped", detail: "nothing to do" },
      { id: "c", order_id: "o2", result: "done" },
    ])
  })
})
