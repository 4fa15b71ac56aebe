import { PAYMENT_ASSIST_PROVIDER_ID } from "../context"
import type { RecentFulfillment } from "../../reconcile/missed-events"
import { uploadMissedInvoices } from "../missed-invoices"

const NOW = new Date("2026-12-07T12:00:00Z")
const ful = (id: string, order: string): RecentFulfillment => ({ id, order_id: order, requires_shipping: true })

function shop(fulfillments: RecentFulfillment[], logged: string[] = []) {
  const asked: unknown[][] = []
  const uploads: unknown[] = []
  return {
    asked,
    uploads,
    deps: {
      log: {
        loggedIdempotencyKeys: async (keys: readonly string[]) => new Set(keys.filter((k) => logged.includes(k))),
      },
      fulfillments: async (_c: unknown, provider: string, event: string) => {
        asked.push([provider, event])
        return fulfillments
      },
      upload: async (_c: unknown, input: { order_id: string }) => {
        uploads.push(input)
        if (input.order_id === "order_down") return { uploaded: false, error_message: "Payment Assist is down" }
        return { uploaded: true }
      },
    },
  }
}

describe("uploadMissedInvoices (Payment Assist invoices whose trigger event was lost)", () => {
  it("uploads one invoice per order that has a shipped fulfillment and no invoice in the log", async () => {
    const s = shop(
      [ful("ful_1", "order_1"), ful("ful_2", "order_1"), ful("ful_3", "order_done"), ful("ful_4", "order_down")],
      ["payment-assist:invoice:order_done"],
    )
    const outcomes = await uploadMissedInvoices({} as never, NOW, { ...s.deps, trigger: "shipment" } as never)
    expect(s.asked).toEqual([[PAYMENT_ASSIST_PROVIDER_ID, "shipped_at"]])
    expect(s.uploads).toEqual([
      { order_id: "order_1", trigger: "shipment" },
      { order_id: "order_down", trigger: "shipment" },
    ])
    expect(outcomes).toEqual([
      { id: "order_1", order_id: "order_1", result: "done" },
      { id: "order_down", order_id: "order_down", result: "failed", detail: "Payment Assist is down" },
    ])
  })

  it("with invoiceTrigger 'fulfillment', looks at fulfillments created rather than shipped", async () => {
    const s = shop([ful("ful_1", "order_1")])
    await uploadMissedInvoices({} as never, NOW, { ...s.deps, trigger: "fulfillment" } as never)
    expect(s.asked).toEqual([[PAYMENT_ASSIST_PROVIDER_ID, "created_at"]])
    expect(s.uploads).toEqual([{ order_id: "order_1", trigger: "fulfillment" }])
  })
})
