// FlexShopper checkout through a real Medusa and the FlexShopper sandbox: account lookup or
// creation, prequalification, KBA, the modal signature, cart completion and what is refused.
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { seedStore, type SeededStore } from "../../demo/seed-store"
import { FINANCING_MODULE } from "../../src/modules/financing"
import type FinancingModuleService from "../../src/modules/financing/service"
import { apiKeyIdOf } from "../../src/lenders/flexshopper"
import {
  FLEXSHOPPER_SANDBOX_API_KEY,
  FLEXSHOPPER_SANDBOX_OTHER_API_KEY,
} from "../../packages/sandbox/src/flexshopper/credentials"
import { lenderRequestsDuring, routesOf } from "../utils/lender-requests"
import { useSandboxAndBackend } from "../utils/sandbox"
import { cartReadyForPayment, completeCart, storeHeaders } from "../utils/store-api"
import {
  BANK,
  FLEX_PROVIDER,
  KBA_ANSWERS,
  SANDBOX_PASSWORD,
  addItem,
  answerQuiz,
  applicantFor,
  captureLogs,
  eventually,
  flexStore,
  newShopperReady,
  orderPayment,
  signInAndSignModal,
  signModal,
} from "../flexshopper/helpers"

jest.setTimeout(180_000)

const { sandbox } = useSandboxAndBackend()
const logs = captureLogs()
const ssnsUsed = new Set<string>()
let ssnSeq = 1000
const freshSsn = (prefix = "66610") => {
  const ssn = `${prefix}${String(ssnSeq++).padStart(4, "0")}`
  ssnsUsed.add(ssn)
  return ssn
}
const tokens = () =>
  sandbox()
    .state.namespace("flexshopper")
    .collection<{ value: string }>("customer-tokens")
    .list()
    .map((t) => t.value)
const ledger = () => sandbox().ledger("flexshopper")

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: SeededStore
    let flex: ReturnType<typeof flexStore>
    const container = () => getContainer() as MedusaContainer

    beforeAll(() => {
      const logger = container().resolve("logger") as { setLogLevel?: (l: string) => void }
      logger.setLogLevel?.("debug")
    })

    beforeEach(async () => {
      store = await seedStore(container())
      flex = flexStore(api, store)
    })

    afterAll(() => logs.restore())

    const usCart = async (sku = "TABLE-OAK-NAT", quantity = 1) =>
      cartReadyForPayment(api, store, "us", { sku, quantity, email: `shopper.${Date.now()}@example.com` })

    it("new customer: account → prequalification → KBA → modal signature → order, with nothing secret in the browser's view", async () => {
      const cart = await usCart()
      await addItem(api, store, cart.id, "CHAIR-WING-GRN", 2)

      const options = await flex.get("/options", { cart_id: cart.id })
      expect(options.data).toMatchObject({
        available: true,
        reasons: [],
        cart_total: "1191.95",
        minimum_order_value: "100.00",
      })
      expect(
        (await flex.post("/account/lookup", { cart_id: cart.id, mobile_phone: "(212) 555-0199", ssn: "666-99-0001" }))
          .data,
      ).toEqual({ found: false, next_step: "create_account" })

      const created = await flex.post("/account", { cart_id: cart.id })
      expect(created.status).toBe(201)
      expect(created.data.customer).toMatchObject({ first_name: "John", decision: null, next_step: "prequalification" })
      const ssn = freshSsn()
      const prequal = await flex.post("/prequalification", applicantFor(cart.id, ssn))
      expect(prequal.data.customer).toMatchObject({
        decision: { status: "approved", spending_limit: 2500 },
        verification_status: "pending",
        next_step: "verification",
      })
      const verified = await answerQuiz(flex, cart.id, KBA_ANSWERS)
      expect(verified.data.customer).toMatchObject({ verification_status: "succeeded", next_step: "session" })

      const session = await flex.post("/session", { cart_id: cart.id })
      expect(session.status).toBe(200)
      expect(session.data.modal.script_url).toBe(
        `${sandbox().lenderUrl("flexshopper")}/pp3/sdk/js?authKey=fs-sandbox-auth-3f8b0d6e1a9c4c57`,
      )
      expect(session.data.modal.transaction).toMatchObject({
        cost: 1191.95,
        items: [
          { sku: "TABLE-OAK-NAT", quantity: 1, cost: 599, shipping: { cost: 14.95 } },
          { sku: "CHAIR-WING-GRN", quantity: 2, cost: 289, shipping: { cost: 0 } },
        ],
      })
      expect(session.data.payment_session).toMatchObject({
        provider_id: FLEX_PROVIDER,
        status: "pending",
        data: { transaction_id: session.data.modal.transaction.transactionId, status: "awaiting_signature" },
      })
      // What the storefront sees never holds the customer token, the API key, the SSN or the bank account.
      const browserView = JSON.stringify([created.data, prequal.data, verified.data, session.data, options.data])
      for (const secret of [...tokens(), FLEXSHOPPER_SANDBOX_API_KEY, ssn, BANK.account_number])
        expect(browserView).not.toContain(secret)

      const script = await fetch(session.data.modal.script_url).then((r) => r.text())
      expect(script).toContain("window.FlexSDK")

      const signed = await signModal(sandbox(), session.data)
      expect(signed.transactionId).toBe(session.data.modal.transaction.transactionId)

      const { result: completed, requests } = await lenderRequestsDuring(sandbox(), "flexshopper", () =>
        flex.post("/complete", { cart_id: cart.id }),
      )
      expect(completed.status).toBe(200)
      expect(completed.data).toMatchObject({ type: "order", order: { currency_code: "usd", total: 1191.95 } })
      // The signed lease is read once: the route's check and the provider's authorize share the
      // answer (before the request-scoped read memo: two reads), then finalize.
      const transactionPath = `/v3/transactions/${signed.transactionId}`
      expect(
        routesOf(requests).filter((r) => r.endsWith(transactionPath) || r.includes(`${transactionPath}/`)),
      ).toEqual([`GET ${transactionPath}`, `POST ${transactionPath}/finalize`])
      const { payment } = await orderPayment(container(), completed.data.order.id)
      expect(payment.data).toMatchObject({
        status: "finalized",
        lease_number: signed.leaseNumber,
        loan_number: expect.any(String),
        captured_cents: 0,
      })
      expect(ledger().list({ type: "transaction.finalized", ref: signed.transactionId })).toHaveLength(1)

      // The customer token and lease order were dropped once the order existed.
      const financing = container().resolve<FinancingModuleService>(FINANCING_MODULE)
      expect(await financing.getSecret({ lender: "flexshopper", purpose: "customer", cart_id: cart.id })).toBeNull()
    })

    it("existing customer: lookup answers only found; the owner signs in to FlexShopper in the modal (no auth code); the stock complete route is refused", async () => {
      const cart = await usCart("SOFA-3-CHAR")
      const found = await flex.post("/account/lookup", {
        cart_id: cart.id,
        mobile_phone: "212-555-0101",
        ssn: "666-01-0001",
      })
      // Phone + SSN are not proof of identity: no name, limit, balance or decision before sign-in.
      expect(found.data).toEqual({ found: true, next_step: "sign_in" })
      expect(JSON.stringify(found.data)).not.toMatch(/Avery|2500|2,500|approved/)
      const customer = await flex.get("/customer", { cart_id: cart.id })
      expect(customer.data).toEqual({ customer: null, found: true, next_step: "sign_in" })
      // Not bound to the cart: no auth code (it would skip FlexShopper's login), no KBA, no application.
      expect((await flex.post("/auth-code", { cart_id: cart.id })).data).toMatchObject({
        auth_code: null,
        sign_in_required: true,
      })
      expect((await flex.get("/verification", { cart_id: cart.id })).status).toBe(400)

      const session = await flex.post("/session", { cart_id: cart.id })
      expect(session.status).toBe(200)
      expect(session.data.modal).toMatchObject({ auth_code: null, sign_in_required: true })
      // Without the password the modal stays shut.
      const wrong = await signInAndSignModal(sandbox(), session.data, {
        email: "avery.approved@example.com",
        password: "guessed-password",
      })
      expect(wrong).toMatchObject({ signedIn: false, status: 401 })
      const signed = await signInAndSignModal(sandbox(), session.data, {
        email: "avery.approved@example.com",
        password: SANDBOX_PASSWORD,
      })
      expect(signed.payload?.transactionId).toBe(session.data.modal.transaction.transactionId)

      // Completing through Medusa's own route skips the cart check, so the provider refuses to authorize.
      const stock = await completeCart(api, store, cart.id).catch((e) => e.response.data)
      expect(JSON.stringify(stock)).toMatch(/complete this cart through POST \/store\/financing\/flexshopper\/complete/)
      expect(
        ledger().list({ type: "transaction.finalized", ref: session.data.modal.transaction.transactionId }),
      ).toHaveLength(0)

      const completed = await flex.post("/complete", { cart_id: cart.id })
      expect(completed.data.type).toBe("order")
    })

    it("a looked-up account signed into by someone else (their own FlexShopper login) is refused and the lease canceled", async () => {
      const cart = await usCart()
      // Lou's phone + SSN, but Avery signs in to FlexShopper and signs.
      expect(
        (await flex.post("/account/lookup", { cart_id: cart.id, mobile_phone: "2125550102", ssn: "666010002" })).data
          .found,
      ).toBe(true)
      const session = await flex.post("/session", { cart_id: cart.id })
      const signed = await signInAndSignModal(sandbox(), session.data, {
        email: "avery.approved@example.com",
        password: SANDBOX_PASSWORD,
      })
      expect(signed.payload).toBeDefined()
      const completed = await flex.post("/complete", { cart_id: cart.id })
      expect(completed.status).toBe(400)
      expect(completed.data.message).toMatch(/signed by a different FlexShopper customer/)
      expect(completed.data.type).not.toBe("order")
      expect(
        ledger().list({ type: "items.canceled", ref: session.data.modal.transaction.transactionId }).length,
      ).toBeGreaterThan(0)
    })

    it("declined prequalification: the shopper is told, and no session can be started", async () => {
      const cart = await usCart()
      await flex.post("/account", { cart_id: cart.id })
      const prequal = await flex.post("/prequalification", applicantFor(cart.id, freshSsn("66630")))
      expect(prequal.data.customer).toMatchObject({ decision: { status: "failed" }, next_step: "declined" })
      const session = await flex.post("/session", { cart_id: cart.id })
      expect(session.status).toBe(422)
      expect(session.data.message).toMatch(/FlexShopper cannot offer the shopper a lease/)
      // Decline fallback (issue #18): FlexShopper is left out of this basket's offers.
      const { data: offers } = await api.get(`/store/financing/offers?cart_id=${cart.id}`, storeHeaders(store))
      expect(offers.offers.map((o: { lender: string }) => o.lender)).not.toContain("flexshopper")
      expect(offers.not_offered).toContainEqual(
        expect.objectContaining({
          lender: "flexshopper",
          reason: "declined",
          message: expect.stringMatching(/^FlexShopper didn't approve this basket/),
        }),
      )
    })

    it("failed identity check (KBA): verification fails for good and no session can be started", async () => {
      const cart = await usCart()
      await flex.post("/account", { cart_id: cart.id })
      await flex.post("/prequalification", applicantFor(cart.id, freshSsn()))
      const wrong = await answerQuiz(flex, cart.id, ["Oak Street", "Ford Focus", "Cook County"])
      expect(wrong.data.customer).toMatchObject({ verification_status: "failed", next_step: "declined" })
      const again = await flex.get("/verification", { cart_id: cart.id })
      expect(again.status).toBe(422)
      // Plain words for the shopper, decided from Get User Info's documented verificationStatus.
      expect(again.data.message).toBe(
        "FlexShopper didn't approve this — nothing has been charged; please choose another way to pay.",
      )
      expect((await flex.post("/session", { cart_id: cart.id })).status).toBe(422)
    })

    it("unsigned lease: completing is refused with a clear message and no order is created", async () => {
      const cart = await usCart()
      await newShopperReady(flex, cart.id, freshSsn())
      await flex.post("/session", { cart_id: cart.id })
      const early = await flex.post("/complete", { cart_id: cart.id })
      expect(early.status).toBe(400)
      expect(early.data.message).toBe(
        "FlexShopper: the lease is not signed yet; the shopper signs it in the FlexShopper window.",
      )
      const { data } = await container()
        .resolve("query")
        .graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cart.id } })
      expect(data).toHaveLength(0)
    })

    it("cart changed after signing (item added): Medusa drops the session, the lease is canceled, no order", async () => {
      const cart = await usCart()
      await newShopperReady(flex, cart.id, freshSsn())
      const session = await flex.post("/session", { cart_id: cart.id })
      const signed = await signModal(sandbox(), session.data)
      await addItem(api, store, cart.id, "LAMP-BRASS", 1)

      await eventually(
        async () => ledger().list({ type: "items.canceled", ref: signed.transactionId }).length === 1,
        "the signed lease to be canceled",
      )
      const completed = await flex.post("/complete", { cart_id: cart.id })
      expect(completed.status).toBe(400)
      expect(completed.data.message).toMatch(/this cart has no FlexShopper lease in progress/)
      expect((await completeCart(api, store, cart.id).catch((e) => e.response.data)).type).not.toBe("order")
    })

    it("cart changed after signing with the same total (variant swapped): the lease is checked against the cart, canceled, no order", async () => {
      const cart = await usCart("SOFA-3-CHAR")
      await newShopperReady(flex, cart.id, freshSsn())
      const session = await flex.post("/session", { cart_id: cart.id })
      const signed = await signModal(sandbox(), session.data)
      // Same price, so Medusa keeps the payment session: only a check against the current cart catches it.
      const sand = store.products.flatMap((p) => p.variants).find((v) => v.sku === "SOFA-3-SAND")!
      await container()
        .resolve(Modules.CART)
        .updateLineItems(cart.items[0].id, { variant_id: sand.id, variant_sku: "SOFA-3-SAND" })

      const completed = await flex.post("/complete", { cart_id: cart.id })
      expect(completed.status).toBe(400)
      expect(completed.data.message).toMatch(
        /cart no longer matches the signed lease \(line 1 is SKU SOFA-3-CHAR in the lease but SOFA-3-SAND in the cart\)/,
      )
      expect(ledger().list({ type: "items.canceled", ref: signed.transactionId })).toHaveLength(1)
      expect((await completeCart(api, store, cart.id).catch((e) => e.response.data)).type).not.toBe("order")
      expect(ledger().list({ type: "transaction.finalized", ref: signed.transactionId })).toHaveLength(0)
    })

    it("a lease signed for other items than the session's order (tampered in the browser) is canceled", async () => {
      const cart = await usCart()
      await newShopperReady(flex, cart.id, freshSsn())
      const session = await flex.post("/session", { cart_id: cart.id })
      const order = session.data.modal.transaction
      const cheaper = { ...order, cost: 64.95, items: [{ ...order.items[0], cost: 50 }] }
      const signed = await signModal(sandbox(), session.data, cheaper)
      const completed = await flex.post("/complete", { cart_id: cart.id })
      expect(completed.status).toBe(400)
      expect(completed.data.message).toMatch(/lease total is \$64\.95 but the cart total is \$613\.95/)
      expect(ledger().list({ type: "items.canceled", ref: signed.transactionId })).toHaveLength(1)
    })

    it("below the minimum and non-USD carts are not offered, with reasons, and sessions are refused", async () => {
      const lamp = await usCart("LAMP-BRASS")
      const low = await flex.get("/options", { cart_id: lamp.id })
      expect(low.data).toMatchObject({
        available: false,
        reasons: [
          { code: "below_minimum", message: "FlexShopper needs an order of at least $100.00; this cart is $59.95." },
        ],
      })
      expect((await flex.post("/session", { cart_id: lamp.id })).data.message).toContain("at least $100.00")

      const uk = await cartReadyForPayment(api, store, "uk")
      const gbp = await flex.get("/options", { cart_id: uk.id })
      expect(gbp.data).toMatchObject({
        available: false,
        reasons: [
          { code: "currency", message: "FlexShopper leases are only available in US dollars; this cart is in GBP." },
        ],
      })
      const session = await flex.post("/session", { cart_id: uk.id })
      expect(session.status).toBe(400)
      expect(session.data.message).toContain("only available in US dollars")
    })

    it("bad input names the field and FlexShopper, and never echoes the value", async () => {
      const cart = await usCart()
      const res = await flex.post("/account/lookup", { cart_id: cart.id, mobile_phone: "2125550101", ssn: "66601000" })
      expect(res.status).toBe(400)
      expect(res.data.message).toBe("FlexShopper: ssn must be 9 digits")
      const prequal = await flex.post("/prequalification", {
        ...applicantFor(cart.id, "666010001"),
        bank_account: { ...BANK, routing_number: 12 },
      })
      expect(prequal.data.message).toMatch(/^FlexShopper: bank_account\.routing_number/)
      expect(prequal.data.message).not.toContain("12")
    })

    it("a customer token issued to another API key is rejected: by the sandbox, and never sent by the plugin", async () => {
      // The sandbox: the same token with the other merchant's key is refused.
      const lookup = await fetch(`${sandbox().lenderUrl("flexshopper")}/v3/users/search`, {
        method: "POST",
        headers: { authorization: FLEXSHOPPER_SANDBOX_API_KEY, "content-type": "application/json" },
        body: JSON.stringify({ mobilePhone: "2125550101", ssn: "666010001" }),
      }).then((r) => r.json())
      const token = lookup.data.users[0].token
      const misuse = await fetch(`${sandbox().lenderUrl("flexshopper")}/v3/users/me`, {
        headers: { authorization: FLEXSHOPPER_SANDBOX_OTHER_API_KEY, "customer-token": token },
      })
      expect(misuse.status).toBe(403)
      expect((await misuse.json()).error).toMatchObject({ statusCode: 403, code: "CustomerTokenApiKeyMismatch" })
      const mismatches = ledger().list({ type: "security.token-key-mismatch" }).length

      // The plugin: a cart holding a token from another key (e.g. after a key rotation) gets a clear error, and nothing is sent.
      const cart = await usCart()
      const financing = container().resolve<FinancingModuleService>(FINANCING_MODULE)
      await financing.putSecret({
        lender: "flexshopper",
        purpose: "customer",
        cart_id: cart.id,
        value: { token, apiKeyId: apiKeyIdOf(FLEXSHOPPER_SANDBOX_OTHER_API_KEY), userId: lookup.data.users[0].userId },
      })
      const res = await flex.get("/customer", { cart_id: cart.id })
      expect(res.status).toBe(400)
      expect(res.data.message).toMatch(/issued for a different FlexShopper API key/)
      expect(ledger().list({ type: "security.token-key-mismatch" })).toHaveLength(mismatches)
      expect(await financing.getSecret({ lender: "flexshopper", purpose: "customer", cart_id: cart.id })).toBeNull()
    })

    it("logs captured during the suite contain no SSN, bank number or customer token", async () => {
      const text = logs.text()
      expect(text).toMatch(/FlexShopper [a-z-]+: (GET|POST) /)
      expect(text).toContain("prequal-start")
      for (const ssn of [...ssnsUsed, "666010001", "666010002"]) {
        expect(text).not.toContain(ssn)
        expect(text).not.toContain(`${ssn.slice(0, 3)}-${ssn.slice(3, 5)}-${ssn.slice(5)}`)
      }
      expect(text).not.toContain(BANK.account_number)
      const issued = tokens()
      expect(issued.length).toBeGreaterThan(5)
      for (const token of issued) expect(text).not.toContain(token)
      expect(text).not.toContain(FLEXSHOPPER_SANDBOX_API_KEY)
    })
  },
})
