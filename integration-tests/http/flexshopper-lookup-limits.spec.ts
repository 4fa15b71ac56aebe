// FlexShopper's Account Lookup (phone + SSN) is limited per cart, per phone and per client address
// (defaults: 5 misses per cart or phone, 20 per address, 15-minute window, 15-minute lock), through a
// real Medusa against the sandbox. A locked request is answered 429 without asking FlexShopper.
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { ICacheService, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { seedStore, type SeededStore } from "../../demo/seed-store"
import { lenderRequestsDuring, routesOf } from "../utils/lender-requests"
import { useSandboxAndBackend } from "../utils/sandbox"
import { cartReadyForPayment } from "../utils/store-api"
import { FINANCING_MODULE } from "../../src/modules/financing"
import type FinancingModuleService from "../../src/modules/financing/service"
import { flexStore } from "../flexshopper/helpers"

jest.setTimeout(180_000)

const { sandbox } = useSandboxAndBackend()
const RIGHT = { mobile_phone: "2125550101", ssn: "666010001" }
const wrongSsn = (n: number) => `66699${String(n).padStart(4, "0")}`

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: SeededStore
    let flex: ReturnType<typeof flexStore>
    const container = () => getContainer() as MedusaContainer

    beforeEach(async () => {
      store = await seedStore(container())
      flex = flexStore(api, store)
      // Counts outlive the per-test database reset (they live in Medusa's cache): start each test clean.
      await container().resolve<ICacheService>(Modules.CACHE).invalidate("financing:flexshopper:lookup:*")
    })

    let seq = 0
    const usCart = async () =>
      cartReadyForPayment(api, store, "us", { email: `lookup.${Date.now()}.${seq++}@example.com` })

    it("30 wrong SSNs for one cart and phone: 5 are asked, then 429 — and the lock holds for the right SSN too", async () => {
      const cart = await usCart()
      const { result: answers, requests } = await lenderRequestsDuring(sandbox(), "flexshopper", async () => {
        const out: Array<{ status: number; data: any }> = []
        for (let i = 0; i < 30; i++)
          out.push(
            await flex.post("/account/lookup", {
              cart_id: cart.id,
              mobile_phone: RIGHT.mobile_phone,
              ssn: wrongSsn(i),
            }),
          )
        return out
      })
      expect(answers.slice(0, 5).map((a) => a.status)).toEqual([200, 200, 200, 200, 200])
      for (const a of answers.slice(0, 5)) expect(a.data).toEqual({ found: false, next_step: "create_account" })
      expect(answers.slice(5).every((a) => a.status === 429)).toBe(true)
      // FlexShopper was asked only while the limit allowed it.
      expect(routesOf(requests).filter((r) => r === "POST /v3/users/search")).toHaveLength(5)

      const locked = answers[29].data
      expect(locked.message).toMatch(/^FlexShopper: too many account lookups — please wait \d+ minutes/)
      for (const secret of [RIGHT.mobile_phone, "666990029", cart.id]) expect(locked.message).not.toContain(secret)

      const right = await flex.post("/account/lookup", { cart_id: cart.id, ...RIGHT })
      expect(right.status).toBe(429)
      expect(right.data.found).toBeUndefined()
    })

    it("the lock holds per cart (another phone) and per phone (another cart)", async () => {
      const cart = await usCart()
      for (let i = 0; i < 5; i++)
        expect(
          (await flex.post("/account/lookup", { cart_id: cart.id, mobile_phone: "2125550177", ssn: wrongSsn(i) }))
            .status,
        ).toBe(200)
      // Same cart, another phone.
      expect(
        (await flex.post("/account/lookup", { cart_id: cart.id, mobile_phone: "2125550178", ssn: wrongSsn(9) })).status,
      ).toBe(429)
      // Same phone, another cart.
      const other = await usCart()
      expect(
        (await flex.post("/account/lookup", { cart_id: other.id, mobile_phone: "2125550177", ssn: wrongSsn(10) }))
          .status,
      ).toBe(429)
      // Another cart and phone are unaffected, and the right SSN is found.
      const third = await usCart()
      expect((await flex.post("/account/lookup", { cart_id: third.id, ...RIGHT })).data).toEqual({
        found: true,
        next_step: "sign_in",
      })
    })

    it("the lock holds per client address: 20 misses spread over carts and phones, then 429 for a fresh cart and phone", async () => {
      const carts = await Promise.all(Array.from({ length: 6 }, () => usCart()))
      let phone = 2125550300
      for (let i = 0; i < 20; i++) {
        const res = await flex.post("/account/lookup", {
          cart_id: carts[Math.floor(i / 4)].id,
          mobile_phone: String(phone++),
          ssn: wrongSsn(i),
        })
        expect(res.status).toBe(200)
      }
      const res = await flex.post("/account/lookup", {
        cart_id: carts[5].id,
        mobile_phone: String(phone++),
        ssn: wrongSsn(99),
      })
      expect(res.status).toBe(429)
      expect(res.data.type).toBe("too_many_requests")
    })

    it("a found account is not counted as a miss and reveals nothing; it is bound to the cart only after sign-in", async () => {
      const cart = await usCart()
      for (let i = 0; i < 4; i++) await flex.post("/account/lookup", { cart_id: cart.id, ...RIGHT })
      const found = await flex.post("/account/lookup", { cart_id: cart.id, ...RIGHT })
      expect(found.data).toEqual({ found: true, next_step: "sign_in" })
      const financing = container().resolve<FinancingModuleService>(FINANCING_MODULE)
      expect(await financing.getSecret({ lender: "flexshopper", purpose: "customer", cart_id: cart.id })).toBeNull()
      // Bound-customer routes refuse a candidate.
      expect(
        (
          await flex.post("/prequalification", {
            cart_id: cart.id,
            ssn: RIGHT.ssn,
            date_of_birth: "1985-04-12",
            monthly_income: 4000,
            pay_frequency: "monthly",
            bank_account: { routing_number: "021000021", account_number: "12345678", type: "checking" },
          })
        ).status,
      ).toBe(400)
    })
  },
})
