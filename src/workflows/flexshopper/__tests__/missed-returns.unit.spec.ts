import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { FLEXSHOPPER_PROVIDER_ID } from "../../../providers/flexshopper/session-data"
import { MISSED_EVENT_GRACE_MS } from "../../reconcile/missed-events"
import { creditMissedReturns } from "../missed-returns"

const NOW = new Date("2026-12-07T12:00:00Z")

function shop({
  returns,
  orders,
  logged = [],
}: {
  returns: Array<{ id: string; order_id: string }>
  orders: Array<{ id: string; provider: string }>
  logged?: string[]
}) {
  const graphCalls: Array<{ entity: string; filters: any }> = []
  const container = {
    resolve: (key: string) => {
      if (key !== ContainerRegistrationKeys.QUERY) throw new Error(`unexpected resolve ${key}`)
      return {
        graph: async ({ entity, filters }: { entity: string; filters: any }) => {
          graphCalls.push({ entity, filters })
          if (entity === "return") return { data: returns }
          return {
            data: orders
              .filter((o) => filters.id.includes(o.id))
              .map((o) => ({ id: o.id, payment_collections: [{ payments: [{ provider_id: o.provider }] }] })),
          }
        },
      }
    },
  } as any
  const log = {
    loggedIdempotencyKeys: async (keys: readonly string[]) => new Set(keys.filter((k) => logged.includes(k))),
  }
  const ran: Array<{ order_id: string; return_id: string }> = []
  const returnAndCredit = jest.fn(async (_c: unknown, input: { order_id: string; return_id: string }) => {
    ran.push(input)
    if (input.return_id === "ret_refused") throw new Error("FlexShopper refused to take back 1 × SOFA")
    if (input.return_id === "ret_no_sku") return { skipped: "no returned items with a SKU" }
    return { credited_cents: 59900 }
  })
  return { container, log, returnAndCredit, ran, graphCalls }
}

describe("creditMissedReturns (FlexShopper returns whose event was lost)", () => {
  it("returns and credits a received FlexShopper return the log has never seen, once per return", async () => {
    const s = shop({
      returns: [{ id: "ret_1", order_id: "order_1" }],
      orders: [{ id: "order_1", provider: FLEXSHOPPER_PROVIDER_ID }],
    })
    const outcomes = await creditMissedReturns(s.container, NOW, s)
    expect(s.ran).toEqual([{ order_id: "order_1", return_id: "ret_1" }])
    expect(outcomes).toEqual([{ id: "ret_1", order_id: "order_1", result: "done" }])
  })

  it("leaves returns the subscriber already logged, and returns on other providers' orders", async () => {
    const s = shop({
      returns: [
        { id: "ret_done", order_id: "order_1" },
        { id: "ret_card", order_id: "order_card" },
      ],
      orders: [
        { id: "order_1", provider: FLEXSHOPPER_PROVIDER_ID },
        { id: "order_card", provider: "pp_system_default" },
      ],
      logged: ["flexshopper:return:ret_done"],
    })
    expect(await creditMissedReturns(s.container, NOW, s)).toEqual([])
    expect(s.returnAndCredit).not.toHaveBeenCalled()
  })

  it("asks only for returns received inside the window: after the grace period, within the look-back", async () => {
    const s = shop({ returns: [], orders: [] })
    await creditMissedReturns(s.container, NOW, s)
    const { received_at } = s.graphCalls[0].filters
    expect(received_at.$lte.getTime()).toBe(NOW.getTime() - MISSED_EVENT_GRACE_MS)
    expect(received_at.$gte.getTime()).toBeLessThan(received_at.$lte.getTime())
    expect(s.graphCalls).toHaveLength(1) // no order lookup when nothing was received
  })

  it("reports a refusal or a skip and goes on with the next return", async () => {
    const s = shop({
      returns: [
        { id: "ret_refused", order_id: "order_1" },
        { id: "ret_no_sku", order_id: "order_1" },
        { id: "ret_ok", order_id: "order_2" },
      ],
      orders: [
        { id: "order_1", provider: FLEXSHOPPER_PROVIDER_ID },
        { id: "order_2", provider: FLEXSHOPPER_PROVIDER_ID },
      ],
    })
    const outcomes = await creditMissedReturns(s.container, NOW, s)
    expect(outcomes.map((o) => [o.id, o.result])).toEqual([
      ["ret_refused", "failed"],
      ["ret_no_sku", "skipped"],
      ["ret_ok", "done"],
    ])
    expect(outcomes[0].detail).toContain("refused")
  })
})
