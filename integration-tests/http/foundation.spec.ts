// The host app boots with the plugin's src/, the demo seed builds a working two-region store,
// and the plugin's admin routes read the financing log and the lender registrations.
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { FINANCING_MODULE } from "../../src/modules/financing"
import type FinancingModuleService from "../../src/modules/financing/service"
import { seedStore, type SeededStore } from "../../demo/seed-store"
import { adminHeaders, cartReadyForPayment, completeCart, startPaymentSession } from "../utils/store-api"

jest.setTimeout(120_000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: SeededStore
    let admin: { headers: Record<string, string> }

    beforeEach(async () => {
      store = await seedStore(getContainer())
      admin = await adminHeaders(api, getContainer())
    })

    it("seeds a UK (GBP) and a US (USD) region with products, stock and shipping, idempotently", async () => {
      const again = await seedStore(getContainer())
      expect(again.regions.uk.id).toBe(store.regions.uk.id)
      expect(again.publishableKey).toBe(store.publishableKey)
      expect(store.regions.uk.currency_code).toBe("gbp")
      expect(store.regions.us.currency_code).toBe("usd")
      expect(store.products.flatMap((p) => p.variants.map((v) => v.sku))).toEqual(
        expect.arrayContaining(["TABLE-OAK-NAT", "SOFA-3-CHAR", "LAMP-BRASS"]),
      )
    })

    it("lists every lender with its registration and regions, without secrets", async () => {
      const { status, data } = await api.get("/admin/financing/lenders", admin)
      expect(status).toBe(200)
      expect(data.lenders.map((l: { slug: string }) => l.slug)).toEqual([
        "payment-assist",
        "flexshopper",
        "newday",
        "vault",
      ])
      for (const lender of data.lenders) {
        expect(lender.provider_id).toBe(`pp_${lender.slug}_${lender.slug}`)
        const registered =
          store.regions.uk.payment_providers.includes(lender.provider_id) ||
          store.regions.us.payment_providers.includes(lender.provider_id)
        expect(lender.registered).toBe(registered)
      }
      // Option names in the credentials view ("apiSecret") are not values; lender-credentials.spec covers those.
      const text = JSON.stringify(data, (key, value) => (key === "credentials" ? undefined : value))
      expect(text).not.toMatch(/secret|api_key|password/i)
    })

    it("requires an admin session for the financing admin routes", async () => {
      const response = await api.get("/admin/financing/lenders").catch((e: any) => e.response)
      expect(response.status).toBe(401)
    })

    it("returns an order's financing history newest first, joined through its payments and sessions", async () => {
      const cart = await cartReadyForPayment(api, store, "uk")
      const collection = await startPaymentSession(api, store, cart.id, "pp_system_default")
      const sessionId = collection.payment_sessions[0].id
      const completed = await completeCart(api, store, cart.id)
      expect(completed.type).toBe("order")
      const order = completed.order
      const paymentId = (
        await getContainer()
          .resolve("query")
          .graph({
            entity: "payment",
            fields: ["id"],
            filters: { payment_session_id: sessionId },
          })
      ).data[0].id

      const financing = getContainer().resolve<FinancingModuleService>(FINANCING_MODULE)
      const base = { provider_id: "pp_payment-assist_payment-assist", lender: "payment-assist" }
      const first = await financing.recordOperation({
        ...base,
        operation: "initiate",
        payment_session_id: sessionId,
        outcome: "succeeded",
      })
      const second = await financing.recordOperation({
        ...base,
        operation: "capture",
        payment_id: paymentId,
        outcome: "failed",
        error_code: "E_TEST",
        error_message: "Application is not awaiting capture",
      })
      const third = await financing.recordOperation({
        ...base,
        operation: "invoice-upload",
        order_id: order.id,
        outcome: "action_required",
      })
      await financing.recordOperation({
        ...base,
        operation: "initiate",
        payment_session_id: "payses_someone_else",
        outcome: "succeeded",
      })

      const { data } = await api.get(`/admin/financing/orders/${order.id}/operations`, admin)
      expect(data.count).toBe(3)
      expect(data.operations.map((o: { id: string }) => o.id)).toEqual([third.id, second.id, first.id])
      expect(data.operations[1]).toMatchObject({ outcome: "failed", error_code: "E_TEST" })

      const paged = await api.get(`/admin/financing/orders/${order.id}/operations?limit=1&offset=1`, admin)
      expect(paged.data).toMatchObject({ count: 3, limit: 1, offset: 1 })
      expect(paged.data.operations.map((o: { id: string }) => o.id)).toEqual([second.id])
    })

    it("rejects invalid paging with an error naming the field, and unknown orders with 404", async () => {
      const bad = await api
        .get("/admin/financing/orders/order_missing/operations?limit=0", admin)
        .catch((e: any) => e.response)
      expect(bad.status).toBe(400)
      expect(bad.data.message).toMatch(/limit/)

      const missing = await api
        .get("/admin/financing/orders/order_missing/operations", admin)
        .catch((e: any) => e.response)
      expect(missing.status).toBe(404)
      expect(missing.data.message).toContain("order_missing")
    })
  },
})
