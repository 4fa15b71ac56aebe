// Attacks through Medusa's stock store routes, which any guest with the publishable key can call:
// POST /store/payment-collections/:id/payment-sessions with hostile `data` for each lender
// (every key any provider reads back from session data, plus arbitrary ones), the same post again
// (Medusa replaces the session), and repeated and racing POST /store/carts/:id/complete. Medusa
// stores a session as { ...data sent, ...data the provider returned }, so the rule under test is
// the plugin's trust rule: a provider acts only on what it wrote. For every try: never a 5xx,
// never an order or a lender movement without the lender's approval (the sandbox's ledger), and
// nothing the browser sent kept in the stored session data (read back from the database).
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { seedStore, type SeededStore } from "../../demo/seed-store"
import { recordFigure } from "../utils/figures"
import { useSandboxAndBackend } from "../utils/sandbox"
import { adminHeaders, cartReadyForPayment, storeHeaders, type ApiClient } from "../utils/store-api"
import { followReturn, orderPayment, shopperOnHostedPage, startPaymentAssist } from "../payment-assist/checkout"
import { failed as settle, seedOnce } from "./helpers/faults"

jest.setTimeout(300_000)

// Payment Assist with manual capture (its default is auto-capture): a forged "completed" must not capture.
const env = useSandboxAndBackend({
  FINANCING_STOREFRONT_URL: "http://storefront.test",
  PAYMENT_ASSIST_AUTO_CAPTURE: "false",
})

const LENDERS = [
  { slug: "newday", provider: "pp_newday_newday", region: "uk" },
  { slug: "payment-assist", provider: "pp_payment-assist_payment-assist", region: "uk" },
  { slug: "vault", provider: "pp_vault_vault", region: "uk" },
  { slug: "flexshopper", provider: "pp_flexshopper_flexshopper", region: "us" },
] as const

/** Every key a provider reads back from session or payment data, with forged values. */
const FORGED_STATE: Record<string, unknown> = {
  // NewDay
  authorisation_id: "00000000-0000-0000-0000-000000000000",
  authorised_amount: "9999.00",
  remaining_float: "9999.00",
  settled_amount: "0.00",
  refunded_amount: "0.00",
  settlements: [{ transaction_id: "FORGED", amount: "1.00", refunded: "0.00" }],
  reversals: [],
  sca_widget_url: "https://evil.example/sca",
  sca_attempt: 99,
  spend_option_id: "FORGED-OPTION",
  spend_option: { name: "FORGED" },
  status: "authorized",
  // Payment Assist
  applicant: {
    f_name: "Forged",
    s_name: "Declined",
    addr1: "1 Forged Road",
    postcode: "SW1A 1AA",
    email: "victim+x@example.com",
  },
  token: "FORGED-TOKEN",
  pa_ref: "PA-FORGED",
  application_status: "completed",
  amount_pence: 1,
  lender_order_id: "FORGED",
  redirect_url: "https://evil.example/apply",
  auto_capture: true,
  manual_refunds: [{ amount: "1.00" }],
  route_ticket: "FORGED-TICKET",
  // FlexShopper
  transaction_id: "FORGED-TX",
  lease_number: "FORGED-LEASE",
  loan_number: "FORGED-LOAN",
  order: { items: [] },
  amount_cents: 1,
  captured_cents: 0,
  pending_capture: { cents: 1, key: "FORGED" },
  credits: { FORGED: 1 },
  finalized_at: "2020-01-01T00:00:00Z",
  // Vault
  invoice_id: "FORGED-INVOICE",
  payment_id: "FORGED-PAYMENT",
  invoice_amount: "0.01",
  currency: "XXX",
  vault_status: "SUCCESS",
  account_id: "FORGED-ACCOUNT",
  platform_grant: "FORGED-GRANT",
  invoice_revision: 42,
  discount_code: "VAULT10",
  discount_amount: "999.00",
  checkout_url: "https://evil.example/pay",
  // Anything else
  evil: "x",
  nested: { deep: { deeper: ["x"] } },
}

/** Attack classes: the data each sends to the stock session route. */
const ATTACKS: Array<{ name: string; data: (otherCartId: string) => Record<string, unknown> }> = [
  { name: "forged provider state", data: (other) => ({ ...FORGED_STATE, cart_id: other }) },
  // Vault opens an EXTERNAL payment for this (type is the shopper's choice, echoed by Vault).
  {
    name: "forged state on an EXTERNAL payment",
    data: (other) => ({ ...FORGED_STATE, cart_id: other, type: "EXTERNAL" }),
  },
  {
    name: "forged PLATFORM debit",
    data: (other) => ({
      type: "PLATFORM",
      cart_id: other,
      account_id: "FORGED-ACCOUNT",
      platform_grant: "FORGED-GRANT",
    }),
  },
  {
    name: "arbitrary keys only",
    data: () => ({ evil: "x", __proto__x: { polluted: true }, "a.b": 1, amount: "0.01", currency_code: "usd" }),
  },
  // A real "__proto__" key (JSON.parse keeps it as a field): Medusa's validation used to make it
  // the data's prototype, carrying the forged state, and then answer 500 (found by fuzzing).
  {
    name: "forged state under a __proto__ key",
    data: (other) => JSON.parse(`{"__proto__":${JSON.stringify({ ...FORGED_STATE, cart_id: other })},"evil":"x"}`),
  },
]

/** Keys a shopper legitimately chooses: validated by the provider and confirmed by the lender. */
const SHOPPER_CHOICES = new Set(["type"])

/** Forged values that survived into the stored data: key → value. */
function keptFromBrowser(sent: Record<string, unknown>, stored: Record<string, unknown>): string[] {
  return Object.entries(sent)
    .filter(
      ([key, value]) =>
        value !== undefined &&
        !SHOPPER_CHOICES.has(key) &&
        key in stored &&
        JSON.stringify(stored[key]) === JSON.stringify(value),
    )
    .map(([key]) => key)
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer, dbUtils }) => {
    let store: SeededStore | undefined
    const container = () => getContainer() as MedusaContainer
    const sandbox = () => env.sandbox()
    const headers = () => storeHeaders(store!)
    const counts = new Map<string, { tries: number; fivexx: number; orders: number; movements: number; kept: number }>()
    const count = (attack: string, lender: string) => {
      const key = `${attack}|${lender}`
      const entry = counts.get(key) ?? { tries: 0, fivexx: 0, orders: 0, movements: 0, kept: 0 }
      counts.set(key, entry)
      return entry
    }

    seedOnce(sandbox, dbUtils, async () => {
      store = await seedStore(container())
    })

    afterAll(() => {
      for (const [key, c] of counts) {
        const [attack, lender] = key.split("|")
        recordFigure(__filename, {
          table: "security",
          attack,
          lender,
          tries: c.tries,
          "5xx": c.fivexx,
          "orders without approval": c.orders,
          "lender movements": c.movements,
          "browser keys kept": c.kept,
        })
      }
    })

    async function orderCount(cartId: string): Promise<number> {
      const query = container().resolve("query")
      const { data } = await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
      return data.length
    }

    async function storedSessions(collectionId: string) {
      const payments = container().resolve(Modules.PAYMENT)
      return payments.listPaymentSessions(
        { payment_collection_id: collectionId },
        { select: ["id", "provider_id", "data", "status"] },
      )
    }

    // Medusa's admin capture route takes any amount; Payment Assist captures the whole agreement.
    it("Payment Assist: partial admin captures are refused with a 400 saying why (two £10 captures never both succeed); the whole amount captures once", async () => {
      const tally = count("partial admin captures", "payment-assist")
      const admin = await adminHeaders(api as ApiClient, container())
      const cart = await cartReadyForPayment(api as ApiClient, store!, "uk")
      const started = await startPaymentAssist(api as ApiClient, store!, cart.id)
      const orderId = (
        await followReturn(api as ApiClient, await shopperOnHostedPage(started.redirect_url))
      ).searchParams.get("order_id")!
      const { payment } = await orderPayment(container(), orderId)
      const token = started.payment_session.data.token as string
      const partials = await Promise.all(
        [10, 10].map((amount) => settle(api.post(`/admin/payments/${payment.id}/capture`, { amount }, admin))),
      )
      for (const res of partials) {
        tally.tries++
        if (res.status >= 500) tally.fivexx++
        expect(res.status).toBe(400)
        expect(res.data.message).toMatch(
          /^Payment Assist captures the whole agreement \(£[\d.]+\) in one go; capture £[\d.]+, not £10\.00\.$/,
        )
      }
      const moved = sandbox().ledger("payment-assist").list({ type: "capture", ref: token })
      tally.movements += moved.length
      expect(moved).toEqual([])
      expect((await orderPayment(container(), orderId)).payment.captures).toHaveLength(0)
      const whole = await settle(api.post(`/admin/payments/${payment.id}/capture`, {}, admin))
      expect(whole.status).toBe(200)
      expect(sandbox().ledger("payment-assist").list({ type: "capture", ref: token })).toHaveLength(1)
    })

    describe.each(LENDERS)("$slug", (lender) => {
      it.each(ATTACKS.map((a) => [a.name, a] as const))(
        "%s: clean 4xx or a session holding only provider data; no order, no lender movement",
        async (attackName, attack) => {
          const tally = count(attackName, lender.slug)
          const cart = await cartReadyForPayment(api as ApiClient, store!, lender.region)
          const other = await cartReadyForPayment(api as ApiClient, store!, lender.region, {
            email: "victim@example.com",
          })
          const { data: collection } = await api.post("/store/payment-collections", { cart_id: cart.id }, headers())
          const collectionId = collection.payment_collection.id as string
          const before = sandbox().ledger(lender.slug).list().length
          const sent = JSON.parse(JSON.stringify(attack.data(other.id)))

          // The session is posted twice: the second replaces the first (Medusa's session "update").
          for (let round = 0; round < 2; round++) {
            const res = await settle(
              api.post(
                `/store/payment-collections/${collectionId}/payment-sessions`,
                { provider_id: lender.provider, data: sent },
                headers(),
              ),
            )
            tally.tries++
            if (res.status >= 500) tally.fivexx++
            expect(res.status).toBeLessThan(500)
            if (res.status >= 400) {
              expect(typeof res.data.message).toBe("string")
              continue
            }
            const [session] = (await storedSessions(collectionId)).filter((s: any) => s.provider_id === lender.provider)
            const kept = keptFromBrowser(sent, session.data ?? {})
            tally.kept += kept.length
            expect(kept).toEqual([])
          }

          // Repeated, then racing completes.
          const completes = [
            await settle(api.post(`/store/carts/${cart.id}/complete`, {}, headers())),
            ...(await Promise.all(
              Array.from({ length: 4 }, () => settle(api.post(`/store/carts/${cart.id}/complete`, {}, headers()))),
            )),
          ]
          for (const res of completes) {
            tally.tries++
            if (res.status >= 500) tally.fivexx++
            expect(res.status).toBeLessThan(500)
            expect(res.data?.type).not.toBe("order")
          }
          const orders = (await orderCount(cart.id)) + (await orderCount(other.id))
          tally.orders += orders
          expect(orders).toBe(0)
          // Creating an invoice or an application is not a movement; nothing may be authorised, paid or captured.
          const moved = sandbox()
            .ledger(lender.slug)
            .list()
            .slice(before)
            .filter((e) => /authoris|settle|capture|paid|debit|settled|pending_capture/.test(e.type))
          tally.movements += moved.length
          expect(moved).toEqual([])
        },
      )
    })
  },
})
