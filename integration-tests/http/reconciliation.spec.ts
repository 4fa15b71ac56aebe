// GET /admin/financing/lenders/:slug/reconciliation: what Medusa captured and refunded against
// what each lender confirmed, through a real Medusa and the sandbox.
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { seedStore, type SeededStore } from "../../demo/seed-store"
import { placeFlexShopperOrder, placeNewDayOrder, placePaymentAssistOrder, placeVaultOrder } from "../admin/orders"
import { fulfillOrder, shipFulfillment } from "../payment-assist/checkout"
import { useSandboxAndBackend } from "../utils/sandbox"
import { adminHeaders } from "../utils/store-api"
import { waitFor } from "../utils/wait"
import { webhooksSettled } from "../utils/webhook-deliveries"

jest.setTimeout(240_000)

const env = useSandboxAndBackend({
  PAYMENT_ASSIST_AUTO_CAPTURE: "false",
  PAYMENT_ASSIST_SANDBOX_WEBHOOK_BACKOFF_MS: "20",
  VAULT_SANDBOX_NOTIFY_BACKOFF_MS: "50",
  // Vault has no refund API: refunds are recorded in Medusa and wait for a person.
  VAULT_MANUAL_REFUNDS: "true",
  FINANCING_STOREFRONT_URL: "http://storefront.test",
})

const today = () => new Date().toISOString().slice(0, 10)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: SeededStore
    let admin: { headers: Record<string, string> }
    const container = () => getContainer() as MedusaContainer
    const sandbox = () => env.sandbox()

    const reconciliation = async (slug: string, query = "") => {
      const { data } = await api.get(`/admin/financing/lenders/${slug}/reconciliation${query}`, admin)
      return data.reconciliation
    }
    const paymentOf = async (orderId: string): Promise<{ id: string }> => {
      const { data } = await api.get(`/admin/orders/${orderId}?fields=id,*payment_collections.payments`, admin)
      return data.order.payment_collections[0].payments[0]
    }
    const failure = (url: string) =>
      api.get(url, admin).then(
        () => {
          throw new Error(`${url} answered 2xx`)
        },
        (e: { response: { status: number; data: { message: string } } }) => e.response,
      )

    beforeEach(async () => {
      sandbox().reset()
      store = await seedStore(container())
      admin = await adminHeaders(api, container())
    })
    afterEach(() => webhooksSettled(sandbox(), getContainer()))

    it("NewDay: a shipment's settlement and a partial refund match NewDay's confirmations; the CSV carries the same row", async () => {
      const { orderId } = await placeNewDayOrder(api, store)
      const placed = await reconciliation("newday")
      expect(placed).toMatchObject({ lender: "newday", lender_name: "NewDay NewPay", to: today(), truncated: false })
      expect(placed.rows).toEqual([
        expect.objectContaining({
          order_id: orderId,
          status: "matched",
          medusa_captured: "0.00",
          lender_captured: "0.00",
        }),
      ])

      const { fulfillmentId, items } = await fulfillOrder(api, admin, orderId, store.stockLocationId)
      await shipFulfillment(api, admin, orderId, fulfillmentId, items)
      const payment = await paymentOf(orderId)
      await waitFor("the settlement", async () => {
        const r = await reconciliation("newday")
        return r.rows[0]?.medusa_captured === "44.95" ? r : undefined
      })
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 10 }, admin)

      const after = await reconciliation("newday")
      expect(after.rows).toEqual([
        {
          payment_id: payment.id,
          order_id: orderId,
          created_at: expect.any(String),
          currency_code: "gbp",
          authorized: "44.95",
          medusa_captured: "44.95",
          lender_captured: "44.95",
          medusa_refunded: "10.00",
          lender_refunded: "10.00",
          awaiting: 0,
          status: "matched",
          problems: [],
        },
      ])
      expect(after.counts).toEqual({ mismatch: 0, awaiting: 0, matched: 1 })
      // The sandbox's ledger agrees with what the log confirmed.
      expect(sandbox().ledger("newday").list({ type: "settle" })).toHaveLength(1)
      expect(sandbox().ledger("newday").list({ type: "refund" })).toHaveLength(1)

      const csv = await api.get(`/admin/financing/lenders/newday/reconciliation?format=csv`, admin)
      expect(csv.headers["content-type"]).toMatch(/^text\/csv/)
      expect(csv.headers["content-disposition"]).toMatch(
        /attachment; filename="newday-reconciliation-\d{4}-\d{2}-\d{2}-to-/,
      )
      const lines = String(csv.data).trim().split("\r\n")
      expect(lines).toHaveLength(2)
      expect(lines[1]).toBe(
        `matched,${payment.id},${orderId},${after.rows[0].created_at},gbp,44.95,44.95,44.95,10.00,10.00,0,`,
      )

      // A period before the order holds nothing.
      const before = await reconciliation("newday", "?from=2020-01-01&to=2020-01-31")
      expect(before).toMatchObject({ from: "2020-01-01", to: "2020-01-31", rows: [] })
    })

    it("Payment Assist: a capture in the admin is confirmed with the agreement's amount", async () => {
      const { orderId } = await placePaymentAssistOrder(api, store, sandbox())
      const payment = await paymentOf(orderId)
      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      const r = await reconciliation("payment-assist")
      expect(r.rows).toEqual([
        expect.objectContaining({
          payment_id: payment.id,
          status: "matched",
          medusa_captured: "459.95",
          lender_captured: "459.95",
        }),
      ])
    })

    it("Vault: the paid payment matches, and a refund recorded only in Medusa comes first as a mismatch", async () => {
      const first = await placeVaultOrder(api, store, sandbox())
      const second = await placeVaultOrder(api, store, sandbox())
      const refunded = await paymentOf(second.orderId)
      await api.post(`/admin/payments/${refunded.id}/refund`, { amount: 20 }, admin)

      const r = await reconciliation("vault")
      expect(r.counts).toEqual({ mismatch: 1, awaiting: 0, matched: 1 })
      expect(r.rows.map((row: any) => [row.order_id, row.status])).toEqual([
        [second.orderId, "mismatch"],
        [first.orderId, "matched"],
      ])
      expect(r.rows[0]).toMatchObject({
        medusa_captured: "459.95",
        lender_captured: "459.95",
        medusa_refunded: "20.00",
        lender_refunded: "0.00",
        awaiting: 1,
        problems: [
          "Medusa recorded 20.00 refunded; Vault confirmed 0.00.",
          "1 Vault operation has not been confirmed yet (see the order's financing history).",
        ],
      })
    })

    it("FlexShopper: the shipment FlexShopper confirmed is what Medusa captured", async () => {
      const { orderId } = await placeFlexShopperOrder(api, store, sandbox())
      const { fulfillmentId, items } = await fulfillOrder(api, admin, orderId, store.stockLocationId)
      await shipFulfillment(api, admin, orderId, fulfillmentId, items)
      const r = await waitFor("the capture after FlexShopper's confirmation", async () => {
        const got = await reconciliation("flexshopper")
        return got.rows[0]?.status === "matched" && got.rows[0].medusa_captured === "613.95" ? got : undefined
      })
      expect(r.rows[0]).toMatchObject({ order_id: orderId, status: "matched", lender_captured: "613.95" })
    })

    it("refuses a bad period or format with a 400 naming the field and the lender, and an unknown lender", async () => {
      const reversed = await failure("/admin/financing/lenders/newday/reconciliation?from=2026-12-02&to=2026-12-01")
      expect(reversed.status).toBe(400)
      expect(reversed.data.message).toBe(
        "NewDay NewPay reconciliation: from (2026-12-02) must not be after to (2026-12-01).",
      )
      const long = await failure("/admin/financing/lenders/vault/reconciliation?from=2024-01-01&to=2026-01-01")
      expect(long.status).toBe(400)
      expect(long.data.message).toMatch(/^Vault reconciliation: the period .* longer than 366 days/)
      const notDate = await failure("/admin/financing/lenders/vault/reconciliation?from=2026-02-30")
      expect(notDate.status).toBe(400)
      expect(notDate.data.message).toMatch(/from must be a real date/)
      const format = await failure("/admin/financing/lenders/vault/reconciliation?format=xlsx")
      expect(format.status).toBe(400)
      expect(format.data.message).toMatch(/format|json or csv/)
      const unknown = await failure("/admin/financing/lenders/klarna/reconciliation")
      expect(unknown.status).toBe(400)
      expect(unknown.data.message).toMatch(/slug must be one of/)
    })
  },
})
