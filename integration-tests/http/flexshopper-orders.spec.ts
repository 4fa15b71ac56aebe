// FlexShopper after the order: each shipment confirmed to FlexShopper per fulfillment (partial
// shipments), no receipt for shipped goods on delivery (seed 002: receipt is for in-store
// purchases), the shipped amount captured in Medusa, failures retried without
// double effects, cancel before shipment, returns credited per line, and shipments, deliveries
// and returns whose Medusa event was lost made up for by the reconcile job.
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { runFinancingReconcile } from "../../src/workflows/reconcile/run"
import { seedStore, type SeededStore } from "../../demo/seed-store"
import { FLEXSHOPPER_SANDBOX_API_KEY } from "../../packages/sandbox/src/flexshopper/credentials"
import { afterTheGracePeriod, withEventsLost } from "../utils/lost-events"
import { useSandboxAndBackend } from "../utils/sandbox"
import { adminHeaders, cartReadyForPayment } from "../utils/store-api"
import {
  BANK,
  addItem,
  captureLogs,
  eventually,
  flexStore,
  fulfillAndShip,
  receiveReturn,
  lineItemId,
  newShopperReady,
  orderPayment,
  signModal,
} from "../flexshopper/helpers"

jest.setTimeout(240_000)

const { sandbox } = useSandboxAndBackend()
const logs = captureLogs()
const ssns: string[] = []
let seq = 5000
const freshSsn = () => {
  const ssn = `66610${seq++}`
  ssns.push(ssn)
  return ssn
}
const ledger = () => sandbox().ledger("flexshopper")
const tokens = () =>
  sandbox()
    .state.namespace("flexshopper")
    .collection<{ value: string }>("customer-tokens")
    .list()
    .map((t) => t.value)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: SeededStore
    let admin: { headers: Record<string, string> }
    let flex: ReturnType<typeof flexStore>
    const container = () => getContainer() as MedusaContainer

    beforeAll(() => {
      ;(container().resolve("logger") as { setLogLevel?: (l: string) => void }).setLogLevel?.("debug")
    })
    beforeEach(async () => {
      store = await seedStore(container())
      admin = await adminHeaders(api, container())
      flex = flexStore(api, store)
    })
    afterAll(() => logs.restore())

    /** A placed FlexShopper order: a new shopper, TABLE-OAK-NAT ×1 + CHAIR-WING-GRN ×2 unless told otherwise. */
    async function placeOrder(
      items: Array<[string, number]> = [
        ["TABLE-OAK-NAT", 1],
        ["CHAIR-WING-GRN", 2],
      ],
    ) {
      const [[firstSku, firstQty], ...rest] = items
      const cart = await cartReadyForPayment(api, store, "us", {
        sku: firstSku,
        quantity: firstQty,
        email: `buyer.${Date.now()}@example.com`,
      })
      for (const [sku, quantity] of rest) await addItem(api, store, cart.id, sku, quantity)
      await newShopperReady(flex, cart.id, freshSsn())
      const session = await flex.post("/session", { cart_id: cart.id })
      const signed = await signModal(sandbox(), session.data)
      const completed = await flex.post("/complete", { cart_id: cart.id })
      if (completed.data.type !== "order") throw new Error(`no order: ${JSON.stringify(completed.data)}`)
      const { order } = await orderPayment(container(), completed.data.order.id)
      return { orderId: order.id as string, order, transactionId: signed.transactionId }
    }
    const receiveReturnOf = (orderId: string, items: Array<{ id: string; quantity: number }>) =>
      receiveReturn(api, admin, store.stockLocationId, orderId, items)
    const captured = async (orderId: string, cents: number) =>
      eventually(
        async () => (await orderPayment(container(), orderId)).capturedCents === cents,
        `${cents} cents captured`,
      )

    /** A placed order shipped whole (so fully captured) and marked delivered: ready for a return. */
    async function deliveredOrder(tracking: string) {
      const placed = await placeOrder()
      const items = [
        { id: lineItemId(placed.order, "TABLE-OAK-NAT"), quantity: 1 },
        { id: lineItemId(placed.order, "CHAIR-WING-GRN"), quantity: 2 },
      ]
      const fulfillmentId = await fulfillAndShip(api, admin, placed.orderId, items, tracking)
      await captured(placed.orderId, 119195)
      await api.post(`/admin/orders/${placed.orderId}/fulfillments/${fulfillmentId}/mark-as-delivered`, {}, admin)
      return placed
    }

    it("new customer, full journey: order → two shipments (two captures) → delivered (no receipt for shipped goods) → fully captured", async () => {
      const { orderId, order, transactionId } = await placeOrder()
      expect(await orderPayment(container(), orderId)).toMatchObject({ capturedCents: 0 })

      const table = { id: lineItemId(order, "TABLE-OAK-NAT"), quantity: 1 }
      const chairs = { id: lineItemId(order, "CHAIR-WING-GRN"), quantity: 2 }
      const first = await fulfillAndShip(api, admin, orderId, [table], "1Z-TABLE")
      await eventually(
        async () => ledger().list({ type: "shipment.confirmed", ref: transactionId }).length === 1,
        "the first shipment at FlexShopper",
      )
      expect(ledger().list({ type: "shipment.confirmed", ref: transactionId })[0]).toMatchObject({
        amount: "599.00",
        data: { items: [{ sku: "TABLE-OAK-NAT", quantity: 1 }] },
      })
      // The table and the order's shipping are what FlexShopper now owes.
      await captured(orderId, 59900 + 1495)

      const second = await fulfillAndShip(api, admin, orderId, [chairs])
      await captured(orderId, 119195)
      const shipped = sandbox()
        .state.namespace("flexshopper")
        .collection<any>("transactions")
        .list()
        .find((t) => t.transactionId === transactionId)
      expect(shipped.lines.map((l: any) => [l.sku, l.shipped])).toEqual([
        ["TABLE-OAK-NAT", 1],
        ["CHAIR-WING-GRN", 2],
      ])

      for (const fulfillmentId of [first, second]) {
        await api.post(`/admin/orders/${orderId}/fulfillments/${fulfillmentId}/mark-as-delivered`, {}, admin)
      }
      // Both deliveries are handled (their capture checks are logged) without telling FlexShopper anything new.
      await eventually(async () => {
        const { data } = await api.get(`/admin/financing/orders/${orderId}/operations?limit=100`, admin)
        return (
          data.operations.filter(
            (o: any) => o.operation === "capture" && o.detail?.on_delivery && o.outcome === "succeeded",
          ).length === 2
        )
      }, "both deliveries handled")
      expect(ledger().list({ type: "receipt.confirmed", ref: transactionId })).toHaveLength(0)
      expect(ledger().list({ type: "shipment.confirmed", ref: transactionId })).toHaveLength(2)
      const { payment, capturedCents } = await orderPayment(container(), orderId)
      expect(capturedCents).toBe(119195)
      expect(payment.data).toMatchObject({ captured_cents: 119195, status: "finalized" })

      const view = await api.get(`/admin/financing/flexshopper/orders/${orderId}`, admin)
      expect(view.data).toMatchObject({
        confirmed_amount: "1191.95",
        captured_amount: "1191.95",
        lines: [
          { sku: "TABLE-OAK-NAT", shipped: 1, received: 0 },
          { sku: "CHAIR-WING-GRN", shipped: 2, received: 0 },
        ],
      })
      const history = await api.get(`/admin/financing/orders/${orderId}/operations?limit=100`, admin)
      const ops = history.data.operations.map(
        (o: { operation: string; outcome: string }) => `${o.operation}:${o.outcome}`,
      )
      expect(ops.filter((o: string) => o === "ship-confirm:succeeded")).toHaveLength(2)
      expect(ops.filter((o: string) => o.startsWith("receipt-confirm"))).toHaveLength(0)
      expect(ops).toContain("finalize:succeeded")
    })

    it("a failed shipment confirmation is logged, retried, and never applied twice — even when FlexShopper acted but the answer was lost", async () => {
      const { orderId, order, transactionId } = await placeOrder([
        ["TABLE-OAK-NAT", 1],
        ["CHAIR-WING-GRN", 1],
      ])
      sandbox().faults.failNext("flexshopper", 503, { match: { method: "POST", path: "confirm-shipment" } })
      await fulfillAndShip(api, admin, orderId, [{ id: lineItemId(order, "TABLE-OAK-NAT"), quantity: 1 }])
      const failed = await eventually(async () => {
        const { data } = await api.get(`/admin/financing/orders/${orderId}/operations`, admin)
        return data.operations.find((o: any) => o.operation === "ship-confirm" && o.outcome === "failed")
      }, "a failed ship-confirm in the financing log")
      expect(failed).toMatchObject({ http_status: 503, attempts: 1, next_attempt_at: expect.any(String) })
      expect(await orderPayment(container(), orderId)).toMatchObject({ capturedCents: 0 })

      const retried = await api.post(`/admin/financing/flexshopper/orders/${orderId}/retry`, {}, admin)
      expect(retried.data.outcomes).toEqual([
        expect.objectContaining({ operation: "ship-confirm", outcome: "succeeded" }),
      ])
      await captured(orderId, 59900 + 1495)

      // Second fulfillment: FlexShopper records the shipment, but the response never arrives.
      sandbox().faults.failNext("flexshopper", 502, {
        match: { method: "POST", path: "confirm-shipment" },
        phase: "after",
      })
      await fulfillAndShip(api, admin, orderId, [{ id: lineItemId(order, "CHAIR-WING-GRN"), quantity: 1 }])
      await eventually(
        async () => ledger().list({ type: "shipment.confirmed", ref: transactionId }).length === 2,
        "the chair shipment at FlexShopper",
      )
      await eventually(async () => {
        const { data } = await api.get(`/admin/financing/orders/${orderId}/operations`, admin)
        return data.operations.some((o: any) => o.operation === "ship-confirm" && o.outcome === "failed")
      }, "the lost answer logged as a failure")
      await api.post(`/admin/financing/flexshopper/orders/${orderId}/retry`, {}, admin)
      await captured(orderId, 59900 + 1495 + 28900)
      expect(ledger().list({ type: "shipment.confirmed", ref: transactionId })).toHaveLength(2)
    })

    it("a shipment and a delivery whose events were lost (the process died as Medusa answered) are confirmed and captured by the reconcile job, once", async () => {
      const { orderId, order, transactionId } = await placeOrder([["TABLE-OAK-NAT", 1]])
      const table = [{ id: lineItemId(order, "TABLE-OAK-NAT"), quantity: 1 }]
      const fulfillmentId = await withEventsLost(container(), () =>
        fulfillAndShip(api, admin, orderId, table, "1Z-GONE"),
      )
      await new Promise((resolve) => setTimeout(resolve, 1500))
      expect(ledger().list({ type: "shipment.confirmed", ref: transactionId })).toHaveLength(0)

      // Inside the grace period the subscriber may still be running: the job leaves the shipment alone.
      await runFinancingReconcile(container(), { lenders: ["flexshopper"] })
      expect(ledger().list({ type: "shipment.confirmed", ref: transactionId })).toHaveLength(0)

      const run = await runFinancingReconcile(container(), { lenders: ["flexshopper"], now: afterTheGracePeriod() })
      expect(run.errors).toEqual([])
      expect(ledger().list({ type: "shipment.confirmed", ref: transactionId })).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ items: [{ sku: "TABLE-OAK-NAT", quantity: 1 }] }) }),
      ])
      await captured(orderId, 59900 + 1495)

      // The delivery's event is lost too: its capture check is logged by the job instead.
      await withEventsLost(container(), () =>
        api.post(`/admin/orders/${orderId}/fulfillments/${fulfillmentId}/mark-as-delivered`, {}, admin),
      )
      await runFinancingReconcile(container(), { lenders: ["flexshopper"], now: afterTheGracePeriod() })
      const { data } = await api.get(`/admin/financing/orders/${orderId}/operations?limit=100`, admin)
      const ops = data.operations as Array<{ operation: string; outcome: string; detail?: { on_delivery?: boolean } }>
      expect(ops.filter((o) => o.operation === "capture" && o.detail?.on_delivery)).toEqual([
        expect.objectContaining({ outcome: "succeeded" }),
      ])
      expect(ops.filter((o) => o.operation === "ship-confirm")).toEqual([
        expect.objectContaining({ outcome: "succeeded" }),
      ])

      // The next pass finds everything logged: nothing is sent or captured twice.
      await runFinancingReconcile(container(), { lenders: ["flexshopper"], now: afterTheGracePeriod() })
      expect(ledger().list({ type: "shipment.confirmed", ref: transactionId })).toHaveLength(1)
      expect(ledger().list({ type: "receipt.confirmed", ref: transactionId })).toHaveLength(0)
      expect((await orderPayment(container(), orderId)).capturedCents).toBe(59900 + 1495)
    })

    it("cancel before shipment: canceling the order cancels every item at FlexShopper", async () => {
      const { orderId, transactionId } = await placeOrder()
      await api.post(`/admin/orders/${orderId}/cancel`, {}, admin)
      await eventually(
        async () => ledger().list({ type: "items.canceled", ref: transactionId }).length === 1,
        "the lease canceled",
      )
      expect(ledger().list({ type: "items.canceled", ref: transactionId })[0]).toMatchObject({
        amount: "1177.00",
        data: {
          items: [
            { sku: "TABLE-OAK-NAT", quantity: 1 },
            { sku: "CHAIR-WING-GRN", quantity: 2 },
          ],
        },
      })
      const { payment } = await orderPayment(container(), orderId)
      expect(payment.canceled_at).toBeTruthy()
      expect(payment.data.status).toBe("canceled")
    })

    it("return after delivery: the items go back to FlexShopper and their line is credited (Medusa refund)", async () => {
      const { orderId, order, transactionId } = await deliveredOrder("1Z-ALL")

      await receiveReturnOf(orderId, [{ id: lineItemId(order, "CHAIR-WING-GRN"), quantity: 1 }])
      await eventually(
        async () => ledger().list({ type: "credit", ref: transactionId }).length === 1,
        "the credit at FlexShopper",
      )
      expect(ledger().list({ type: "items.returned", ref: transactionId })).toEqual([
        expect.objectContaining({
          amount: "289.00",
          data: expect.objectContaining({ items: [{ sku: "CHAIR-WING-GRN", quantity: 1 }] }),
        }),
      ])
      expect(ledger().list({ type: "credit", ref: transactionId })[0]).toMatchObject({
        amount: "289.00",
        data: { lines: [{ lineNumber: 2, sku: "CHAIR-WING-GRN", itemCredit: 289, shippingCredit: 0 }] },
      })
      // Medusa commits its refund row before the provider runs, and writes the provider's data after:
      // wait for the data, then check both.
      await eventually(
        async () => Object.keys((await orderPayment(container(), orderId)).payment.data.credits ?? {}).length > 0,
        "the Medusa refund written to the payment",
      )
      const refunded = await orderPayment(container(), orderId)
      expect(refunded.refundedCents).toBe(28900)
      expect(refunded.payment.data.credits).toEqual({ "2": { item: 28900, shipping: 0 } })

      // A refund that is not a whole line (or shipping) cannot be expressed to FlexShopper.
      const { payment } = await orderPayment(container(), orderId)
      const odd = await api
        .post(`/admin/payments/${payment.id}/refund`, { amount: 100 }, admin)
        .catch((e: any) => e.response)
      expect(odd.status).toBe(400)
      expect(odd.data.message).toMatch(
        /FlexShopper cannot refund \$100\.00: .*returned items are credited at their full cost per line/,
      )
      expect(odd.data.message).toContain("$14.95 (shipping credit, line 1)")
      expect(ledger().list({ type: "credit", ref: transactionId })).toHaveLength(1)
    })

    it("a return whose order.return_received was lost (the process died as Medusa answered) is returned and credited by the reconcile job, once", async () => {
      const { orderId, order, transactionId } = await deliveredOrder("1Z-LOST")

      await withEventsLost(container(), () =>
        receiveReturnOf(orderId, [{ id: lineItemId(order, "CHAIR-WING-GRN"), quantity: 1 }]),
      )
      await new Promise((resolve) => setTimeout(resolve, 1500))
      expect(ledger().list({ type: "items.returned", ref: transactionId })).toHaveLength(0)

      // Inside the grace period the subscriber may still be running: the job leaves the return alone.
      await runFinancingReconcile(container(), { lenders: ["flexshopper"] })
      expect(ledger().list({ type: "items.returned", ref: transactionId })).toHaveLength(0)

      const later = afterTheGracePeriod()
      const run = await runFinancingReconcile(container(), { lenders: ["flexshopper"], now: later })
      expect(run.errors).toEqual([])
      expect(ledger().list({ type: "items.returned", ref: transactionId })).toHaveLength(1)
      expect(ledger().list({ type: "credit", ref: transactionId })).toEqual([
        expect.objectContaining({ amount: "289.00" }),
      ])
      await eventually(
        async () => (await orderPayment(container(), orderId)).refundedCents === 28900,
        "the Medusa refund of the credited line",
      )

      // The next pass finds the return logged: nothing is sent twice.
      await runFinancingReconcile(container(), { lenders: ["flexshopper"], now: later })
      expect(ledger().list({ type: "items.returned", ref: transactionId })).toHaveLength(1)
      expect(ledger().list({ type: "credit", ref: transactionId })).toHaveLength(1)
      expect((await orderPayment(container(), orderId)).refundedCents).toBe(28900)
    })

    it("logs captured during the suite contain no SSN, bank number or customer token", async () => {
      const text = logs.text()
      expect(text).toMatch(/FlexShopper confirm-shipment: POST /)
      for (const ssn of ssns) expect(text).not.toContain(ssn)
      expect(text).not.toContain(BANK.account_number)
      for (const token of tokens()) expect(text).not.toContain(token)
      expect(text).not.toContain(FLEXSHOPPER_SANDBOX_API_KEY)
    })
  },
})
