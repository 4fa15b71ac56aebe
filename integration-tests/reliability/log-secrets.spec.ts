// Everything Medusa and the plugin log — Medusa's logger (debug level), console and the process
// streams — captured while all four lenders run realistic journeys through a real Medusa: happy
// checkouts, declines, injected lender faults, forged webhooks. Every lender credential is set to a
// distinctive value (the sandbox accepts the same variables, so the journeys still work), and the
// scan then looks for those, for the tokens the sandbox issued during the run, and for the SSN,
// bank account number, date of birth and passwords the shoppers typed.
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import axios from "axios"
import { seedStore, type SeededStore } from "../../demo/seed-store"
import { signLease } from "../../packages/sandbox/src/flexshopper/__tests__/modal-driver"
import { VAULT_SANDBOX_PASSWORD, VAULT_SANDBOX_USERS } from "../../packages/sandbox/src/vault/credentials"
import { BANK, KBA_ANSWERS, addItem, answerQuiz, captureLogs, flexStore } from "../flexshopper/helpers"
import { checkoutWithNewDay } from "../newday/shopper"
import { followReturn, shopperOnHostedPage, startPaymentAssist } from "../payment-assist/checkout"
import { recordFigure } from "../utils/figures"
import { useSandboxAndBackend } from "../utils/sandbox"
import { adminHeaders, cartReadyForPayment, completeCart, startPaymentSession, storeHeaders } from "../utils/store-api"
import { payOnHostedPage } from "../vault/helpers"
import { webhooksSettled } from "../utils/webhook-deliveries"

jest.setTimeout(600_000)

// Distinctive values for every credential src/config/*.ts reads; each would be findable in a log.
const SECRETS = {
  PAYMENT_ASSIST_API_KEY: "logscanpakey7q2x",
  PAYMENT_ASSIST_API_SECRET: "demo_LogScanPaSecret9f3Kx2Qm",
  FLEXSHOPPER_API_KEY: "fs-logscan-api-4b9d7e1c2a6f8e03",
  FLEXSHOPPER_AUTH_KEY: "fs-logscan-auth-8c2e6a4d1f9b7c35",
  NEWDAY_SUBSCRIPTION_KEY: "logscan-apim-key-6d1f9a3c7e25",
  VAULT_CLIENT_ID: "logscan-vault-client-2Hk7",
  VAULT_CLIENT_SECRET: "logscan-vault-secret-Zq81mR4t",
  VAULT_WEBHOOK_SECRET: "logscan-vault-webhook-secret-Pw93",
  VAULT_CHECKOUT_SECRET_KEY: "sk_sbox_logscan_checkout_key_J6v2",
}
// Identifiers that go with them (not secret, but needed so the sandbox recognises the merchant).
const MERCHANT_IDS = {
  NEWDAY_MERCHANT_ID: "5e1c7a2b-9d34-4f08-b6a1-3c8e2d7f9a10",
  NEWDAY_TENANT_ID: "newpay-logscan",
  VAULT_MERCHANT_ID: "8a3f5c1d-2e7b-4d96-a0c4-71b9e6f2d853",
}

// What the shoppers type: none of it may reach a log.
const SSN = "666428193"
const DATE_OF_BIRTH = "1979-11-23"
const FLEX_PASSWORD = "flex-logscan-Password-77"

const env = useSandboxAndBackend({
  ...SECRETS,
  ...MERCHANT_IDS,
  // Manual capture (Payment Assist's default is auto-capture), so /capture's logs are scanned too.
  PAYMENT_ASSIST_AUTO_CAPTURE: "false",
  PAYMENT_ASSIST_SANDBOX_WEBHOOK_BACKOFF_MS: "20",
  VAULT_SANDBOX_NOTIFY_BACKOFF_MS: "20",
})
const logs = captureLogs()

// With real credentials set, FlexShopper and Vault default to the lenders' hosted sandboxes: point
// them back at this one (its URL is known only once it has started, before Medusa boots).
const previousEnv: Record<string, string | undefined> = {}
beforeAll(() => {
  const urls = {
    FLEXSHOPPER_BASE_URL: env.sandbox().lenderUrl("flexshopper"),
    FLEXSHOPPER_SDK_URL: `${env.sandbox().lenderUrl("flexshopper")}/pp3`,
    VAULT_BASE_URL: env.sandbox().lenderUrl("vault"),
    VAULT_CHECKOUT_BASE_URL: `${env.sandbox().lenderUrl("vault")}/sim/cko`,
  }
  for (const [key, value] of Object.entries(urls)) {
    previousEnv[key] = process.env[key]
    process.env[key] = value
  }
})
afterAll(() => {
  for (const [key, value] of Object.entries(previousEnv)) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
})

const http = axios.create({ proxy: false, validateStatus: () => true, maxRedirects: 0, timeout: 60_000 })

/** Every access, refresh, customer and SCA token the sandbox has issued so far. */
function issuedTokens(sandbox: ReturnType<typeof env.sandbox>): string[] {
  const values = <T>(lender: string, collection: string, pick: (row: T) => unknown[]) =>
    sandbox.state.namespace(lender).collection<T>(collection).list().flatMap(pick)
  return [
    ...values<{ value: string }>("flexshopper", "customer-tokens", (t) => [t.value]),
    ...values<{ token: string }>("newday", "accessTokens", (t) => [t.token]),
    ...values<{ token: string }>("newday", "scaTokens", (t) => [t.token]),
    ...values<{ accessToken?: string; refreshToken?: string }>("vault", "tokens", (t) => [
      t.accessToken,
      t.refreshToken,
    ]),
  ].filter((v): v is string => typeof v === "string" && v.length >= 12)
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: SeededStore
    const tokens = new Set<string>()
    const journeys = new Set<string>()
    const container = () => getContainer() as MedusaContainer
    const base = () => env.backendUrl()

    beforeAll(() => {
      ;(container().resolve("logger") as { setLogLevel?: (l: string) => void }).setLogLevel?.("debug")
    })
    beforeEach(async () => {
      store = await seedStore(container())
    })
    // Tokens are read before the sandbox forgets them; callbacks must not outlive their test.
    afterEach(async () => {
      await webhooksSettled(env.sandbox(), getContainer())
      for (const token of issuedTokens(env.sandbox())) tokens.add(token)
      env.sandbox().reset()
    })
    afterAll(() => logs.restore())

    it("Payment Assist: approved checkout and capture, a decline, a lender fault and a forged webhook", async () => {
      const cart = await cartReadyForPayment(api, store, "uk")
      const started = await startPaymentAssist(api, store, cart.id)
      const storefront = await followReturn(api, await shopperOnHostedPage(started.redirect_url))
      const orderId = storefront.searchParams.get("order_id")
      expect(orderId).toMatch(/^order_/)
      await webhooksSettled(env.sandbox(), getContainer())
      const admin = await adminHeaders(api, container())
      const { data } = await container()
        .resolve("query")
        .graph({ entity: "order", fields: ["payment_collections.payments.id"], filters: { id: orderId! } })
      const paymentId = (data[0] as any).payment_collections[0].payments[0].id
      expect((await http.post(`${base()}/admin/payments/${paymentId}/capture`, {}, admin)).status).toBe(200)
      expect(env.sandbox().ledger("payment-assist").list({ type: "capture" })).toHaveLength(1)

      const declinedCart = await cartReadyForPayment(api, store, "uk")
      const declined = await startPaymentAssist(api, store, declinedCart.id)
      const failure = await followReturn(
        api,
        await shopperOnHostedPage(declined.redirect_url, { cardholderName: "Someone Else" }),
      )
      expect(failure.searchParams.get("reason")).toBe("declined")

      const faultCart = await cartReadyForPayment(api, store, "uk")
      env.sandbox().faults.failNext("payment-assist", 503, { count: 10 })
      const faulted = await http.post(
        `${base()}/store/financing/payment-assist/sessions`,
        { cart_id: faultCart.id },
        storeHeaders(store),
      )
      expect(faulted.status).toBeGreaterThanOrEqual(400)
      env.sandbox().faults.clear("payment-assist")

      const forged = {
        event_name: "application.completed",
        event_data: { token: started.payment_session.data.token },
        event_time: "2026-01-01 00:00:00 UTC",
        signature: "0".repeat(64),
      }
      expect(
        (await http.post(`${base()}/hooks/financing/payment-assist?session_id=${started.payment_session.id}`, forged))
          .status,
      ).toBe(401)
      journeys.add("payment-assist")
    })

    it("FlexShopper: account, prequalification with SSN and bank account, KBA, signed lease, order; a lender fault", async () => {
      const flex = flexStore(api, store)
      const cart = await cartReadyForPayment(api, store, "us", { email: "logscan.flex@example.com" })
      await addItem(api, store, cart.id, "CHAIR-WING-GRN", 1)
      expect(
        (
          await flex.post("/account/lookup", {
            cart_id: cart.id,
            mobile_phone: "(212) 555-0177",
            ssn: `${SSN.slice(0, 3)}-${SSN.slice(3, 5)}-${SSN.slice(5)}`,
          })
        ).data.found,
      ).toBe(false)
      expect((await flex.post("/account", { cart_id: cart.id, password: FLEX_PASSWORD })).status).toBe(201)

      // The lender fails the prequalification call: the shopper gets an error, and it is logged.
      env.sandbox().faults.failNext("flexshopper", 500, { count: 10, match: { method: "POST" } })
      const applicant = {
        cart_id: cart.id,
        ssn: SSN,
        date_of_birth: DATE_OF_BIRTH,
        monthly_income: 4800,
        pay_frequency: "biweekly",
        bank_account: BANK,
      }
      const faulted = await flex.post("/prequalification", applicant)
      expect(faulted.status).toBeGreaterThanOrEqual(400)
      env.sandbox().faults.clear("flexshopper")

      const prequal = await flex.post("/prequalification", applicant)
      expect(prequal.status).toBe(200)
      if (prequal.data.customer.next_step === "verification")
        expect((await answerQuiz(flex, cart.id, KBA_ANSWERS)).data.customer.next_step).toBe("session")
      const session = await flex.post("/session", { cart_id: cart.id })
      expect(session.status).toBe(200)
      await signLease(`${env.sandbox().lenderUrl("flexshopper")}/pp3`, {
        authKey: SECRETS.FLEXSHOPPER_AUTH_KEY,
        authCode: session.data.modal.auth_code,
        order: session.data.modal.transaction,
      })
      const completed = await flex.post("/complete", { cart_id: cart.id })
      expect(completed.data).toMatchObject({ type: "order" })
      journeys.add("flexshopper")
    })

    it("NewDay: sign-in, personal spend options, authorised order; a lender fault on spend options", async () => {
      const cart = await cartReadyForPayment(api, store, "uk", { sku: "LAMP-BRASS", quantity: 1 })
      await checkoutWithNewDay(api, store, cart.id, "approve@newpay.test")
      const completed = await completeCart(api, store, cart.id)
      expect(completed.type).toBe("order")
      expect(env.sandbox().ledger("newday").list({ type: "authorise" })).toHaveLength(1)

      env.sandbox().faults.failNext("newday", 502, { count: 10 })
      const faulted = await http.get(`${base()}/store/financing/newday/spend-options?amount=450`, storeHeaders(store))
      expect(faulted.status).toBeGreaterThanOrEqual(400)
      env.sandbox().faults.clear("newday")

      const declinedCart = await cartReadyForPayment(api, store, "uk", { sku: "LAMP-BRASS", quantity: 1 })
      await checkoutWithNewDay(api, store, declinedCart.id, "decline@newpay.test", (o) => o.spend_type === "Purchase")
      const declined = await completeCart(api, store, declinedCart.id)
      expect(declined.error?.type).toBe("payment_authorization_error")
      journeys.add("newday")
    })

    it("Vault: hosted card payment, a decline, Vault-balance payment with the shopper's password, a lender fault and a forged webhook", async () => {
      const cart = await cartReadyForPayment(api, store, "uk")
      const approved = (await startPaymentSession(api, store, cart.id, "pp_vault_vault")).payment_sessions[0]
      expect((await payOnHostedPage(approved.data.checkout_url, "approve")).storefront.pathname).toBe(
        "/checkout/financing/success",
      )

      const declinedCart = await cartReadyForPayment(api, store, "uk")
      const declined = (await startPaymentSession(api, store, declinedCart.id, "pp_vault_vault")).payment_sessions[0]
      expect((await payOnHostedPage(declined.data.checkout_url, "decline")).storefront.searchParams.get("reason")).toBe(
        "declined",
      )

      const [rich] = VAULT_SANDBOX_USERS
      const platformCart = await cartReadyForPayment(api, store, "uk")
      const signIn = await http.post(
        `${base()}/store/financing/vault/platform/sign-in`,
        { cart_id: platformCart.id, phone: rich.phone, password: VAULT_SANDBOX_PASSWORD },
        storeHeaders(store),
      )
      expect(signIn.status).toBe(200)
      const wrong = await http.post(
        `${base()}/store/financing/vault/platform/sign-in`,
        { cart_id: platformCart.id, phone: rich.phone, password: "Wrong-logscan-Pass1" },
        storeHeaders(store),
      )
      expect(wrong.status).toBeGreaterThanOrEqual(400)
      const started = await http.post(
        `${base()}/store/financing/vault/platform/payment-session`,
        { cart_id: platformCart.id, account_id: rich.accounts[0].id },
        storeHeaders(store),
      )
      expect(started.status).toBe(200)
      expect((await completeCart(api, store, platformCart.id)).type).toBe("order")

      const faultCart = await cartReadyForPayment(api, store, "uk")
      env.sandbox().faults.malformNext("vault", { count: 10 })
      const faulted = await http
        .post(`${base()}/store/payment-collections`, { cart_id: faultCart.id }, storeHeaders(store))
        .then((c) =>
          http.post(
            `${base()}/store/payment-collections/${c.data.payment_collection.id}/payment-sessions`,
            { provider_id: "pp_vault_vault" },
            storeHeaders(store),
          ),
        )
      expect(faulted.status).toBeGreaterThanOrEqual(400)
      env.sandbox().faults.clear("vault")

      const body = JSON.stringify({
        payload: {
          paymentId: approved.data.payment_id,
          invoiceId: approved.data.invoice_id,
          status: "SUCCESS",
          amount: 1,
          currency: "GBP",
          paymentDate: Date.now(),
        },
      })
      expect(
        (
          await http.post(`${base()}/hooks/financing/vault`, body, {
            headers: { "content-type": "application/json", "x-signature": "0".repeat(64) },
          })
        ).status,
      ).toBe(401)
      journeys.add("vault")
    })

    it("no captured log line holds a configured secret, an issued token, an SSN, a bank account number, a date of birth or a password", () => {
      expect([...journeys].sort()).toEqual(["flexshopper", "newday", "payment-assist", "vault"])
      const text = logs.text()
      const lines = text.split("\n").filter((l) => l.trim())
      // The capture saw the journeys (so the scan below cannot pass on an empty or unrelated log).
      expect(lines.length).toBeGreaterThan(50)
      const seen = [
        /Payment Assist begin failed: Sandbox fault/,
        /FlexShopper prequal-complete: POST/,
        /FlexShopper prequal-start failed: Sandbox fault/,
        /NewDay NewPay authorise: POST/,
        /NewDay NewPay authorise failed: Declined/,
        /Vault sign-in: POST/,
        /Vault sign-in failed/,
        /Vault create-invoice failed/,
      ]
      expect(seen.filter((line) => !line.test(text))).toEqual([])
      expect(tokens.size).toBeGreaterThan(3)

      const forbidden: Record<string, string> = {
        ...Object.fromEntries(Object.entries(SECRETS).map(([k, v]) => [`config ${k}`, v])),
        ...Object.fromEntries([...tokens].map((t, i) => [`sandbox token #${i + 1}`, t])),
        ssn: SSN,
        "ssn (dashed)": `${SSN.slice(0, 3)}-${SSN.slice(3, 5)}-${SSN.slice(5)}`,
        "bank account number": BANK.account_number,
        "date of birth": DATE_OF_BIRTH,
        "FlexShopper password": FLEX_PASSWORD,
        "Vault password": VAULT_SANDBOX_PASSWORD,
        "Vault wrong password": "Wrong-logscan-Pass1",
      }
      const found = Object.entries(forbidden).filter(([, value]) => text.includes(value))
      const where = found.map(([name, value]) => `${name}: ${lines.find((l) => l.includes(value))!.slice(0, 300)}`)
      recordFigure(__filename, {
        table: "logs",
        scope: "log-secrets.spec: the four lenders' journeys and faults, Medusa logging at debug",
        "lines scanned": lines.length,
        "values checked": Object.keys(forbidden).length,
        "secrets found": found.length,
      })
      expect(where).toEqual([])
    })
  },
})
