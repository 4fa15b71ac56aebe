// Credentials entered in the admin (issue #18) through a real Medusa and the sandbox: a set saved
// encrypted (the database holds no value, no answer carries one, the change log names the option
// only), the sandbox/live switch choosing which set every call uses with no restart — Test
// connection, the provider behind Medusa's stock routes — and values refused without being echoed.
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { seedStore, type SeededStore } from "../../demo/seed-store"
import { PAYMENT_ASSIST_SANDBOX_API_KEY } from "../../src/lenders/sandbox-credentials"
import { startPaymentAssist } from "../payment-assist/checkout"
import { ADMIN_ENTERED_PA_KEY_REFUSED } from "../utils/admin-credentials"
import { useSandboxAndBackend } from "../utils/sandbox"
import { adminHeaders, cartReadyForPayment, storeHeaders } from "../utils/store-api"

jest.setTimeout(240_000)

useSandboxAndBackend({ FINANCING_STOREFRONT_URL: "http://storefront.test" })

type Response = { status: number; data: any }
const caught = (e: { response?: Response }) => {
  if (!e.response) throw e
  return e.response
}

const WRONG_KEY = ADMIN_ENTERED_PA_KEY_REFUSED

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: SeededStore
    let admin: { headers: Record<string, string> }
    const container = () => getContainer() as MedusaContainer
    const post = (path: string, body: unknown): Promise<Response> =>
      api.post(`/admin/financing/lenders/payment-assist/${path}`, body, admin).catch(caught)
    const testConnection = async () => (await post("test-connection", {})).data as { ok: boolean; detail: string }

    beforeEach(async () => {
      store = await seedStore(container())
      admin = await adminHeaders(api, container())
    })

    it("keeps a saved set encrypted and write-only, and uses it only while the switch chooses it", async () => {
      const { data: before } = await api.get("/admin/financing/lenders/payment-assist/settings", admin)
      expect(before.settings.credentials).toEqual({
        mode: null,
        options: [
          { option: "apiKey", env: "PAYMENT_ASSIST_API_KEY", secret: true },
          { option: "apiSecret", env: "PAYMENT_ASSIST_API_SECRET", secret: true },
          { option: "baseUrl", env: "PAYMENT_ASSIST_BASE_URL", secret: false },
        ],
        sets: { sandbox: [], live: [] },
      })

      const saved = await post("credentials", { set: "live", values: { apiKey: WRONG_KEY } })
      expect(saved.status).toBe(200)
      expect(JSON.stringify(saved.data)).not.toContain(WRONG_KEY)
      expect(saved.data.settings.credentials.sets).toEqual({ sandbox: [], live: ["apiKey"] })
      expect(saved.data.changes[0].changes).toEqual({ "credentials.live.apiKey": { from: null, to: "replaced" } })
      // At rest: one ciphertext, no value.
      const pg = container().resolve(ContainerRegistrationKeys.PG_CONNECTION)
      const [row] = await pg("financing_lender_setting").where({ lender: "payment-assist" }).select("*")
      expect(row.credentials).toMatch(/^v1\./)
      expect(JSON.stringify(row)).not.toContain(WRONG_KEY)
      const { data: list } = await api.get("/admin/financing/lenders", admin)
      expect(JSON.stringify(list)).not.toContain(WRONG_KEY)

      // Saved but not chosen: the configuration still applies.
      expect((await testConnection()).ok).toBe(true)
      const refused = await post("settings", { mode: "sandbox" })
      expect(refused.status).toBe(400)
      expect(refused.data.message).toBe(
        "Payment Assist settings: mode: no sandbox credentials are saved for Payment Assist; save them first",
      )

      // The live set chosen: Test connection and the provider use it on the next request.
      expect((await post("settings", { mode: "live" })).data.settings.from_admin).toContain("mode")
      const failed = await testConnection()
      expect(failed.ok).toBe(false)
      expect(failed.detail).toContain("Payment Assist refused the credentials")
      expect(failed.detail).not.toContain(WRONG_KEY)
      const cart = await cartReadyForPayment(api, store, "uk")
      const start = await api
        .post("/store/financing/payment-assist/sessions", { cart_id: cart.id }, storeHeaders(store))
        .catch(caught)
      expect(start.status).toBeGreaterThanOrEqual(400)
      expect(JSON.stringify(start.data)).not.toContain(WRONG_KEY)

      // Replaced with a key the sandbox knows: a checkout begins.
      await post("credentials", { set: "live", values: { apiKey: PAYMENT_ASSIST_SANDBOX_API_KEY } })
      expect((await testConnection()).ok).toBe(true)
      const second = await cartReadyForPayment(api, store, "uk")
      const started = await startPaymentAssist(api, store, second.id)
      expect(started.redirect_url).toMatch(/^http/)

      // Back to the configuration; the set stays saved for later.
      const back = await post("settings", { mode: null })
      expect(back.data.settings.credentials).toMatchObject({ mode: null, sets: { live: ["apiKey"] } })
      const removed = await post("credentials", { set: "live", values: { apiKey: null } })
      expect(removed.data.settings.credentials.sets.live).toEqual([])
      expect(removed.data.changes[0].changes).toEqual({ "credentials.live.apiKey": { from: "set", to: null } })
    })

    it("refuses what it cannot use with a 400 naming the lender and the option, never echoing a value", async () => {
      for (const [body, message] of [
        [{ set: "staging", values: { apiKey: "abcd" } }, "Payment Assist credentials: set"],
        [{ set: "live", values: { backendUrl: "https://x.test" } }, "values: backendUrl cannot be set here"],
        [{ set: "live", values: {} }, "give at least one option"],
        [{ set: "live", values: { apiKey: 42 } }, "values.apiKey"],
        [
          { set: "live", values: { baseUrl: "not-a-url-SECRETVALUE" } },
          'with the live set, option "baseUrl" must be an absolute http(s) URL (env PAYMENT_ASSIST_BASE_URL)',
        ],
      ] as const) {
        const res = await post("credentials", body)
        expect(res.status).toBe(400)
        expect(res.data.message).toContain(message)
        expect(res.data.message).not.toContain("SECRETVALUE")
      }
      const { data } = await api.get("/admin/financing/lenders/payment-assist/settings", admin)
      expect(data.settings.credentials.sets).toEqual({ sandbox: [], live: [] })
      expect(data.changes).toEqual([])
    })
  },
})
