// Which shipments settle with NewDay, read from the order through Medusa's query (faked here).
import { planNewDayShipmentSettlement } from "../settle-shipment"

function container(opts: { settleOn?: string; settledBefore?: boolean; providerId?: string; captured?: number[] }) {
  const graph = jest.fn(async ({ entity }: { entity: string }) => {
    if (entity === "fulfillment") {
      return {
        data: [
          {
            id: "ful_2",
            shipped_at: "2026-01-02",
            items: [{ line_item_id: "li_lamp", quantity: 1 }],
            order: { id: "order_1" },
          },
        ],
      }
    }
    return {
      data: [
        {
          id: "order_1",
          shipping_total: 9.95,
          items: [{ id: "li_lamp", quantity: 4, total: 140 }],
          fulfillments: [
            { id: "ful_1", shipped_at: "2026-01-01", items: [{ line_item_id: "li_lamp", quantity: 2 }] },
            {
              id: "ful_x",
              shipped_at: null,
              canceled_at: "2026-01-01",
              items: [{ line_item_id: "li_lamp", quantity: 2 }],
            },
            { id: "ful_2", shipped_at: "2026-01-02", items: [{ line_item_id: "li_lamp", quantity: 1 }] },
          ],
          payment_collections: [
            {
              payments: [
                {
                  id: "pay_1",
                  provider_id: opts.providerId ?? "pp_newday_newday",
                  amount: 149.95,
                  captures: (opts.captured ?? [79.95]).map((amount) => ({ amount })),
                },
              ],
            },
          ],
        },
      ],
    }
  })
  const resolve = (key: string) => {
    if (key === "configModule") {
      return {
        modules: {
          payment: {
            options: {
              providers: [
                { id: "newday", resolve: "./src/providers/newday", options: { settleOn: opts.settleOn ?? "shipment" } },
              ],
            },
          },
        },
      }
    }
    if (key === "financing")
      return { findOperationByIdempotencyKey: async () => (opts.settledBefore ? { outcome: "succeeded" } : null) }
    if (key === "query") return { graph }
    throw new Error(`unexpected resolve(${key})`)
  }
  return { resolve, graph } as unknown as Parameters<typeof planNewDayShipmentSettlement>[0] & { graph: jest.Mock }
}

it("settles the value of a later shipment without shipping, ignoring canceled fulfillments", async () => {
  expect(await planNewDayShipmentSettlement(container({}), "ful_2")).toEqual({
    fulfillment_id: "ful_2",
    order_id: "order_1",
    payment_id: "pay_1",
    amount: "35.00",
  })
})

it("does nothing when the store settles only on admin capture, and never settles a fulfillment twice", async () => {
  const onCapture = container({ settleOn: "capture" })
  expect(await planNewDayShipmentSettlement(onCapture, "ful_2")).toBeNull()
  expect(onCapture.graph).not.toHaveBeenCalled()
  expect(await planNewDayShipmentSettlement(container({ settledBefore: true }), "ful_2")).toBeNull()
})

it("ignores orders paid with another provider and payments already fully captured", async () => {
  expect(await planNewDayShipmentSettlement(container({ providerId: "pp_vault_vault" }), "ful_2")).toBeNull()
  expect(await planNewDayShipmentSettlement(container({ captured: [79.95, 70] }), "ful_2")).toBeNull()
})

it("settles nothing for a canceled fulfillment or one without an order", async () => {
  const canceled = container({})
  const graph = canceled.graph.getMockImplementation()!
  canceled.graph.mockImplementation(async (args: { entity: string }) =>
    args.entity === "fulfillment"
      ? { data: [{ id: "ful_2", canceled_at: "2026-01-03", items: [], order: { id: "order_1" } }] }
      : graph(args),
  )
  expect(await planNewDayShipmentSettlement(canceled, "ful_2")).toBeNull()
  const orphan = container({})
  orphan.graph.mockImplementation(async (args: { entity: string }) =>
    args.entity === "fulfillment" ? { data: [{ id: "ful_2", items: [] }] } : graph(args),
  )
  expect(await planNewDayShipmentSettlement(orphan, "ful_2")).toBeNull()
})

it("adds the shipping charge when nothing was captured before", async () => {
  // 3 of 4 lamps shipped, so not complete: one lamp (35.00) plus shipping (9.95).
  expect(await planNewDayShipmentSettlement(container({ captured: [] }), "ful_2")).toEqual({
    fulfillment_id: "ful_2",
    order_id: "order_1",
    payment_id: "pay_1",
    amount: "44.95",
  })
})
