// Store-owner settings per lender (issue #18) through a real Medusa and the sandbox: the defaults,
// a save from the admin API that the offers route and every provider follow on the next request
// (no restart), the change log (who and what), values refused with the field and the lender
// named, and Medusa's stock payment-session route unable to start a lender the settings exclude.
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { seedStore, type SeededStore } from "../../demo/seed-store"
import { placeNewDayOrder } from "../admin/orders"
import { fulfillOrder, shipFulfillment, startPaymentAssist } from "../payment-assist/checkout"
import { useSandboxAndBackend } from "../utils/sandbox"
import { waitFor } from "../utils/wait"
import { adminHeaders, cartReadyForPayment, startPaymentSession, storeHeaders } from "../utils/store-api"

jest.setTimeout(240_000)

const env = useSandboxAndBackend({ FINANCING_STOREFRONT_URL: "http://storefront.test" })

type Response = { status: number; data: any }
const caught = (e: { response?: Response }) => {
  if (!e.response) throw e
  return e.response
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: SeededStore
    let admin: { headers: Record<string, string> }
    const container = () => getContainer() as MedusaContainer

    const save = (slug: string, body: unknown): Promise<Response> =>
      api.post(`/admin/financing/lenders/${slug}/settings`, body, admin).catch(caught)
    const offersFor = async (query: string) => {
      const res = await api.get(`/store/financing/offers?${query}`, storeHeaders(store)).catch(caught)
      expect(res.status).toBe(200)
      return res.data as { offers: any[]; not_offered: any[] }
    }
    const offered = (answer: { offers: any[] }) => answer.offers.map((o) => o.lender)
    const withheld = (answer: { not_offered: any[] }, lender: string) =>
      answer.not_offered.find((o) => o.lender === lender)

    beforeEach(async () => {
      store = await seedStore(container())
      admin = await adminHeaders(api, container())
    })

    it("starts from each lender's defaults, with nothing marked as set in the admin and no changes", async () => {
      const { data } = await api.get("/admin/financing/lenders/newday/settings", admin)
      expect(data.settings).toEqual({
        lender: "newday",
        enabled: true,
        display_name: "NewDay NewPay",
        description: null,
        limits: {},
        countries: ["gb"],
        currencies: ["gbp"],
        position: 2,
        capture_on: null,
        messaging: true,
        promotion_text: null,
        representative_apr: null,
        plans: null,
        mode: null,
        credential_names: {},
        credentials: expect.objectContaining({ mode: null, sets: { sandbox: [], live: [] } }),
        promotion: expect.objectContaining({
          creditor: "NewDay Ltd",
          apr_from_settings: true,
          chooses_plans: false,
          required: expect.arrayContaining(["apr", "total_payable"]),
        }),
        capture: {
          option: "settleOn",
          value: "shipment",
          source: "configuration",
          choices: [
            { value: "shipment", label: "Settle what each shipment holds" },
            { value: "capture", label: "Settle when you capture in Medusa" },
          ],
        },
        from_admin: [],
      })
      expect(data.changes).toEqual([])
      expect(data.plan_choices).toBeNull()
      const { data: pa } = await api.get("/admin/financing/lenders/payment-assist/settings", admin)
      expect(pa.plan_choices).toEqual({
        plans: [
          { id: 1, name: "4-Payment", apr: "0" },
          { id: 6, name: "3-Payment", apr: "0" },
          { id: 11, name: "6-Payment", apr: "0" },
        ],
        error: null,
      })
    })

    it("offers a UK cart the lenders of its region, and tells why the others are not offered", async () => {
      const cart = await cartReadyForPayment(api, store, "uk")
      const answer = await offersFor(`cart_id=${cart.id}`)
      expect(offered(answer)).toEqual(["payment-assist", "newday", "vault"])
      expect(withheld(answer, "flexshopper")).toMatchObject({ reason: "not_in_region" })

      const page = await offersFor("amount=459.95&currency_code=GBP&country_code=GB")
      expect(offered(page)).toEqual(["payment-assist", "newday", "vault"])
      expect(withheld(page, "flexshopper")).toMatchObject({
        reason: "currency",
        message: "FlexShopper is not available for payments in GBP.",
      })
      const us = await offersFor("amount=599.00&currency_code=usd&country_code=us")
      expect(offered(us)).toEqual(["flexshopper", "vault"])
      expect(withheld(us, "newday")).toMatchObject({ reason: "currency" })
    })

    it("follows a save on the next request: a lender off, a limit, a new name and order; the change log says who and what", async () => {
      const cart = await cartReadyForPayment(api, store, "uk")
      expect((await save("newday", { enabled: false })).status).toBe(200)
      const limited = await save("payment-assist", { limits: { gbp: { min: "50.00", max: "100.00" } } })
      expect(limited.status).toBe(200)
      expect(limited.data.settings).toMatchObject({
        limits: { gbp: { min: "50.00", max: "100.00" } },
        from_admin: ["limits"],
      })
      await save("vault", { display_name: "Pay by invoice", description: "Settle within 30 days.", position: 0 })

      const answer = await offersFor(`cart_id=${cart.id}`)
      expect(answer.offers).toEqual([
        {
          lender: "vault",
          provider_id: "pp_vault_vault",
          name: "Pay by invoice",
          description: "Settle within 30 days.",
          promotion: null,
        },
      ])
      expect(withheld(answer, "newday")).toMatchObject({ reason: "disabled" })
      expect(withheld(answer, "payment-assist")).toMatchObject({
        reason: "above_maximum",
        message: "Payment Assist is available for orders up to 100.00 GBP.",
      })
      // A cheaper basket fits the limit: the same rule, the amount decides.
      expect(offered(await offersFor("amount=80.00&currency_code=gbp&country_code=gb"))).toContain("payment-assist")

      const { data: me } = await api.get("/admin/users/me", admin)
      const { data } = await api.get("/admin/financing/lenders/payment-assist/settings", admin)
      expect(data.changes).toEqual([
        expect.objectContaining({
          lender: "payment-assist",
          actor_id: me.user.id,
          changes: { limits: { from: null, to: { gbp: { min: 5000, max: 10000 } } } },
        }),
      ])

      // Back on: offered again at once.
      await save("newday", { enabled: true })
      expect(offered(await offersFor(`cart_id=${cart.id}`))).toContain("newday")
      const { data: newday } = await api.get("/admin/financing/lenders/newday/settings", admin)
      expect(newday.changes.map((c: any) => c.changes.enabled)).toEqual([
        { from: false, to: true },
        { from: null, to: false },
      ])
    })

    it("refuses Medusa's stock payment-session route for a lender the settings exclude, whatever data the browser sends", async () => {
      // Allowed first, so the refusal below is the settings' doing.
      const allowed = await cartReadyForPayment(api, store, "uk")
      const collection = await startPaymentSession(api, store, allowed.id, "pp_vault_vault", { type: "CHECKOUT" })
      expect(collection.payment_sessions.map((s: any) => s.provider_id)).toContain("pp_vault_vault")

      await save("vault", { limits: { gbp: { max: "10.00" } } })
      await save("newday", { enabled: false })
      for (const [providerId, data, message] of [
        [
          "pp_vault_vault",
          { type: "CHECKOUT", amount: "5.00", enabled: true },
          "Vault is available for orders up to 10.00 GBP.",
        ],
        [
          "pp_newday_newday",
          { authorisation_id: "00000000-0000-0000-0000-000000000000" },
          "NewDay NewPay is not available in this store.",
        ],
      ] as const) {
        const cart = await cartReadyForPayment(api, store, "uk")
        const refused = await startPaymentSession(
          api,
          store,
          cart.id,
          providerId,
          data as Record<string, unknown>,
        ).then(() => ({ status: 200, data: null }) as Response, caught)
        expect(refused.status).toBe(400)
        expect(refused.data.message).toBe(message)
        const { data: after } = await api.get(
          `/store/carts/${cart.id}?fields=*payment_collection.payment_sessions`,
          storeHeaders(store),
        )
        expect(after.cart.payment_collection?.payment_sessions ?? []).toEqual([])
      }
    })

    it("follows the owner's capture choice without a restart: NewDay set to settle on capture leaves a shipment unsettled; a choice a lender does not offer is refused", async () => {
      const saved = await save("newday", { capture_on: "capture" })
      expect(saved.status).toBe(200)
      expect(saved.data.settings.capture).toMatchObject({ value: "capture", source: "admin" })
      expect(saved.data.settings.from_admin).toEqual(["capture_on"])
      expect(saved.data.changes[0].changes).toEqual({ capture_on: { from: null, to: "capture" } })

      const { orderId } = await placeNewDayOrder(api, store)
      const { fulfillmentId, items } = await fulfillOrder(api, admin, orderId, store.stockLocationId)
      await shipFulfillment(api, admin, orderId, fulfillmentId, items)
      // The shipment subscriber has run by the time the order shows the fulfillment shipped; give
      // its workflow a moment more, then nothing may have been settled.
      await new Promise((resolve) => setTimeout(resolve, 1500))
      expect(env.sandbox().ledger("newday").list({ type: "settle" })).toEqual([])
      const { data } = await api.get(`/admin/financing/orders/${orderId}`, admin)
      expect(data.financing.amounts.captured).toBe("0.00")

      // Back to the configuration's choice: null clears the owner's.
      const cleared = await save("newday", { capture_on: null })
      expect(cleared.data.settings.capture).toMatchObject({ value: "shipment", source: "configuration" })
      // The control: with the configured choice, the same steps settle the shipment.
      const second = await placeNewDayOrder(api, store)
      const shipped = await fulfillOrder(api, admin, second.orderId, store.stockLocationId)
      await shipFulfillment(api, admin, second.orderId, shipped.fulfillmentId, shipped.items)
      await waitFor("the second order's settlement", async () =>
        env.sandbox().ledger("newday").list({ type: "settle" }).length === 1 ? true : undefined,
      )

      const wrong = await save("newday", { capture_on: "sideways" })
      expect(wrong.status).toBe(400)
      expect(wrong.data.message).toBe("NewDay NewPay settings: capture_on must be one of shipment, capture")
      const none = await save("vault", { capture_on: "shipment" })
      expect(none.status).toBe(400)
      expect(none.data.message).toBe("Vault settings: capture_on: Vault offers no choice of when to capture")

      const pa = await save("payment-assist", { capture_on: "manual" })
      expect(pa.data.settings.capture).toMatchObject({ option: "autoCapture", value: "manual", source: "admin" })
    })

    it("states a monthly figure only with its representative example, in the owner's wording, and follows messaging, plans and APR on the next request", async () => {
      const page = "amount=450.00&currency_code=gbp&country_code=gb"
      const offer = (answer: { offers: any[] }, lender: string) => answer.offers.find((o) => o.lender === lender)
      const first = await offersFor(page)
      const pa = offer(first, "payment-assist").promotion
      // The sandbox account's cheapest plan for £450 is 4-Payment: £112.50 today, then three more.
      expect(pa.headline).toBe("From £112.50 a month with Payment Assist")
      expect(pa.representative_example).toMatch(
        /^Representative example: cash price £450\.00, deposit £112\.50, total amount of credit £337\.50, repayable by 3 monthly payments of £112\.50 over 3 months\. Total amount payable £450\.00\. Rate of interest 0% \(fixed\)\. Representative 0% APR\. .+ is a credit broker, not a lender, and works with a limited number of lenders, including Payment Assist Ltd, who provides the credit\./,
      )
      // NewDay's quotes carry no APR: no figure until the owner gives the representative APR.
      expect(offer(first, "newday").promotion).toBeNull()
      expect(offer(first, "vault").promotion).toBeNull()

      expect((await save("newday", { representative_apr: "29.9" })).status).toBe(200)
      expect((await save("payment-assist", { plans: [6] })).status).toBe(200)
      const second = await offersFor(page)
      const newday = offer(second, "newday").promotion
      expect(newday.headline).toMatch(/^From £\d+\.\d\d a month with NewDay NewPay$/)
      expect(newday.representative_example).toContain("Representative 29.9% APR")
      expect(newday.representative_example).toContain("including NewDay Ltd, who provides the credit")
      expect(newday.figures).toMatchObject({ cash_price: "450.00", deposit: "0.00", apr: "29.9" })
      // Only the 3-Payment plan offered: its figures, in the quote route too.
      expect(offer(second, "payment-assist").promotion.figures).toMatchObject({ instalments: 2, instalment: "150.00" })
      const { data: plans } = await api.get("/store/financing/payment-assist/plans?amount=450.00", storeHeaders(store))
      expect(plans.plans.map((p: any) => p.plan_id)).toEqual([6])
      // …and an application begun now starts on that plan, not on a choice of the account's plans.
      const cart = await cartReadyForPayment(api, store, "uk")
      const started = await startPaymentAssist(api, store, cart.id)
      const application = env
        .sandbox()
        .state.namespace("payment-assist")
        .collection<Record<string, any>>("applications")
        .get(started.payment_session.data.token)!
      expect(application).toMatchObject({ plan_id: 6, multi_plan: false })

      const wording =
        "{instalments} payments of {instalment} after {deposit} today. Cash price {cash_price}, credit {credit_amount} " +
        "over {duration} months, {total_payable} in all, {interest_rate}% fixed, {apr}% APR representative. Credit by {lender}."
      expect((await save("payment-assist", { promotion_text: wording })).status).toBe(200)
      expect(offer(await offersFor(page), "payment-assist").promotion.representative_example).toBe(
        "2 payments of £150.00 after £150.00 today. Cash price £450.00, credit £300.00 over 2 months, £450.00 in all, " +
          "0% fixed, 0% APR representative. Credit by Payment Assist Ltd.",
      )

      // Messaging off: still offered, no figure.
      await save("payment-assist", { messaging: false })
      const quiet = await offersFor(page)
      expect(offer(quiet, "payment-assist")).toMatchObject({ name: "Payment Assist", promotion: null })
      const { data } = await api.get("/admin/financing/lenders/payment-assist/settings", admin)
      expect(data.settings.from_admin).toEqual(["messaging", "promotion_text", "plans"])

      for (const [slug, body, message] of [
        [
          "payment-assist",
          { promotion_text: "Only {instalment} a month from {lender}!" },
          "Payment Assist settings: promotion_text must keep {cash_price}, {credit_amount}, {instalments}, {duration}, {total_payable}, {interest_rate}, {apr} (a representative example needs them: FCA CONC 3.5.5R)",
        ],
        [
          "payment-assist",
          { promotion_text: `${wording} {colour}` },
          "promotion_text uses unknown placeholder(s) {colour}",
        ],
        [
          "payment-assist",
          { representative_apr: "9.9" },
          "representative_apr: Payment Assist gives the APR with each quote",
        ],
        [
          "newday",
          { representative_apr: "29.9%" },
          'NewDay NewPay settings: representative_apr must be a percentage as text, such as "29.9"',
        ],
        ["newday", { plans: [1] }, "plans: NewDay NewPay has no plans to choose from"],
        ["vault", { promotion_text: wording }, "Vault settings: promotion_text: Vault quotes no repayments"],
        ["payment-assist", { plans: [] }, "Payment Assist settings: plans"],
      ] as const) {
        const res = await save(slug, body)
        expect(res.status).toBe(400)
        expect(res.data.message).toContain(message)
      }
    })

    it("refuses bad values with a 400 naming the lender and the field, and saves nothing", async () => {
      const cases: Array<[string, unknown, string]> = [
        [
          "payment-assist",
          { limits: { gbp: { min: "12.345" } } },
          "Payment Assist settings: limits.gbp.min has more decimals than GBP allows",
        ],
        ["payment-assist", { limits: { gbp: { min: 100 } } }, "Payment Assist settings: limits.gbp.min"],
        [
          "payment-assist",
          { limits: { gbp: { min: "200.00", max: "100.00" } } },
          "limits.gbp.min must not be above limits.gbp.max",
        ],
        [
          "payment-assist",
          { limits: { usd: { max: "100.00" } } },
          "Payment Assist settings: limits.usd: Payment Assist is not offered in USD",
        ],
        ["newday", { currencies: ["usd"] }, "NewDay NewPay settings: currencies: NewDay NewPay lends in GBP only"],
        ["flexshopper", { countries: ["gbr"] }, "FlexShopper settings: countries.0 must be 2-letter ISO country codes"],
        ["vault", { enabled: "yes" }, "Vault settings: enabled"],
        ["vault", { api_key: "x" }, "Vault settings: unknown field(s) api_key"],
      ]
      for (const [slug, body, message] of cases) {
        const res = await save(slug, body)
        expect(res.status).toBe(400)
        expect(res.data.message).toContain(message)
      }
      const unknown = await api.get("/admin/financing/lenders/acme/settings", admin).catch(caught)
      expect(unknown.status).toBe(400)
      expect(unknown.data.message).toContain("slug must be one of")
      const { data } = await api.get("/admin/financing/lenders/payment-assist/settings", admin)
      expect(data.settings.from_admin).toEqual([])
      expect(data.changes).toEqual([])
    })

    it("answers a malformed offers query with a 400 naming the field", async () => {
      for (const [query, message] of [
        ["amount=12.5.0&currency_code=gbp", "amount must be an amount in major units"],
        ["amount=100.00", "currency_code is required with amount"],
        ["amount=1.5&currency_code=jpy", "amount has more decimals than JPY allows"],
        ["currency_code=gbp", "give either cart_id, or amount with currency_code"],
        ["cart_id=nope", "cart_id must be a Medusa cart id"],
        ["amount=1.00&currency_code=gbp&colour=red", "unknown field"],
      ]) {
        const res = await api.get(`/store/financing/offers?${query}`, storeHeaders(store)).catch(caught)
        expect(res.status).toBe(400)
        expect(res.data.message).toContain(message)
      }
    })
  },
})
