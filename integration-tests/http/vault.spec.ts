// Vault end to end through a real Medusa and the Vault sandbox: CHECKOUT (hosted card page with
// approve / decline / failed 3-D Secure, and forged returns), PLATFORM (pay from a Vault balance,
// with and without enough funds, and with tokens expiring mid-checkout), EXTERNAL (completed by
// the signed webhook), duplicate and forged webhooks.
import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { toMinorUnits } from "../../src/lenders/money"
import { seedStore, type SeededStore } from "../../demo/seed-store"
import { signVaultWebhook } from "../../src/lenders/vault/webhook"
import {
  VAULT_SANDBOX_PASSWORD,
  VAULT_SANDBOX_USERS,
  VAULT_SANDBOX_WEBHOOK_SECRET,
} from "../../packages/sandbox/src/vault/credentials"
import { lenderRequestsDuring, routesOf } from "../utils/lender-requests"
import { useSandboxAndBackend } from "../utils/sandbox"
import { cartReadyForPayment, completeCart, startPaymentSession, storeHeaders } from "../utils/store-api"
import {
  browser,
  clickOnHostedPage,
  followPluginReturn,
  orderForCart,
  payOnHostedPage,
  reportExternal,
  sessionState,
} from "../vault/helpers"
import { webhooksProcessed, webhooksSettled } from "../utils/webhook-deliveries"

jest.setTimeout(180_000)

const PROVIDER = "pp_vault_vault"
const [RICH, BROKE] = VAULT_SANDBOX_USERS
// Short-lived tokens so a test can expire them without expiring the payment (30 min).
const env = useSandboxAndBackend({
  VAULT_SANDBOX_TOKEN_TTL_SECONDS: "600",
  VAULT_SANDBOX_NOTIFY_BACKOFF_MS: "50",
  FINANCING_STOREFRONT_URL: "http://storefront.test",
})

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: SeededStore
    const sandbox = () => env.sandbox()
    const ledger = (type: string) => sandbox().ledger("vault").list({ type })
    const expectFailure = (url: URL, reason: string, cartId: string) => {
      expect(url.origin + url.pathname).toBe("http://storefront.test/checkout/financing/failure")
      expect(Object.fromEntries(url.searchParams)).toEqual({ lender: "vault", cart_id: cartId, reason })
    }

    beforeEach(async () => {
      sandbox().reset()
      store = await seedStore(getContainer())
    })

    // Vault's notifications must not outlive their test (the next one restores the database).
    afterEach(async () => {
      await webhooksSettled(sandbox(), getContainer())
    })

    async function checkoutSession(region: "uk" | "us" = "uk", sku = "TABLE-OAK-NAT", data?: Record<string, unknown>) {
      const cart = await cartReadyForPayment(api, store, region, { sku })
      const collection = await startPaymentSession(api, store, cart.id, PROVIDER, data)
      return { cart, session: collection.payment_sessions[0] }
    }

    async function platformSession(user: (typeof VAULT_SANDBOX_USERS)[number], accountIndex = 0) {
      const cart = await cartReadyForPayment(api, store, "uk")
      const signIn = await api.post(
        "/store/financing/vault/platform/sign-in",
        { cart_id: cart.id, phone: user.phone, password: VAULT_SANDBOX_PASSWORD },
        storeHeaders(store),
      )
      const account = signIn.data.accounts.find((a: { id: string }) => a.id === user.accounts[accountIndex].id)
      const started = await api.post(
        "/store/financing/vault/platform/payment-session",
        { cart_id: cart.id, account_id: account.id },
        storeHeaders(store),
      )
      return { cart, account, session: started.data.payment_session, signIn: signIn.data }
    }

    describe("CHECKOUT", () => {
      it("registers the provider and issues an invoice for the cart total with a hosted-page URL", async () => {
        const { cart, session } = await checkoutSession()
        expect(store.regions.uk.payment_providers).toContain(PROVIDER)
        expect(session.data).toMatchObject({
          type: "CHECKOUT",
          currency: "GBP",
          vault_status: "PENDING",
          invoice_amount: Number(cart.total).toFixed(2),
        })
        expect(session.data.checkout_url).toMatch(/\/vault\/sim\/cko\/pay\/ps_/)
        expect(JSON.stringify(session.data)).not.toMatch(/token|secret|password/i)
      })

      it("approve: verifies server-side, completes the cart and sends the shopper to the success page", async () => {
        const { cart, session } = await checkoutSession()
        const { storefront, pluginReturn } = await payOnHostedPage(session.data.checkout_url, "approve")
        expect(pluginReturn.pathname).toBe("/financing/vault/return")
        expect(pluginReturn.searchParams.get("cko-payment-id")).toMatch(/^pay_/)
        const orderId = await orderForCart(getContainer(), cart.id)
        expect(orderId).toBeDefined()
        expect(storefront.toString()).toBe(
          `http://storefront.test/checkout/financing/success?lender=vault&cart_id=${cart.id}&order_id=${orderId}`,
        )
        const state = await sessionState(getContainer(), session.id)
        expect(state.payment?.captured_at).toBeTruthy()
        expect(state.payment?.captures).toHaveLength(1)

        // Vault's signed notification for the same payment arrives too: no second effect.
        await webhooksSettled(sandbox(), getContainer())
        const deliveries = sandbox()
          .webhooks.log("vault")
          .filter((a) => a.ok)
        expect(deliveries).toHaveLength(1)
        expect(JSON.parse(deliveries[0].responseBody!)).toEqual({ result: "ok" })
        expect((await sessionState(getContainer(), session.id)).payment?.captures).toHaveLength(1)
        expect(ledger("invoice.paid")).toHaveLength(1)
        expect(ledger("checkout.captured")[0]).toMatchObject({
          amount: String(Math.round(Number(cart.total) * 100)),
          currency: "GBP",
        })
      })

      it("approve: the return reads the Vault payment once; its verified answer also authorizes the payment", async () => {
        const { cart, session } = await checkoutSession()
        // Only the return may complete the cart here: the notification's fetch-back would add reads.
        sandbox().faults.dropWebhooks("vault", { count: 5 })
        const pluginReturn = await clickOnHostedPage(session.data.checkout_url, "approve")
        const { result, requests } = await lenderRequestsDuring(sandbox(), "vault", () =>
          followPluginReturn(pluginReturn),
        )
        const orderId = await orderForCart(getContainer(), cart.id)
        expect(result.storefront.searchParams.get("order_id")).toBe(orderId)
        // Vault's payment read is POST /invoice/payment with the known paymentId. Before the
        // request-scoped read memo: two (the route's verification, then the provider's authorize).
        expect(routesOf(requests).filter((r) => r === "POST /invoice/payment")).toHaveLength(1)
        expect((await sessionState(getContainer(), session.id)).payment?.captures).toHaveLength(1)
      })

      it.each([
        ["decline", "declined"],
        ["fail-3ds", "authentication_failed"],
      ] as const)(
        "%s: no order, the shopper lands on the failure page and the collection is failed",
        async (outcome, reason) => {
          const { cart, session } = await checkoutSession()
          const { storefront, pluginReturn } = await payOnHostedPage(session.data.checkout_url, outcome)
          expectFailure(storefront, reason, cart.id)
          if (outcome === "fail-3ds") expect(pluginReturn.searchParams.get("cko-session-id")).toMatch(/^sid_/)
          expect(await orderForCart(getContainer(), cart.id)).toBeUndefined()
          expect((await sessionState(getContainer(), session.id)).payment_collection.status).toBe("failed")
          const completed = await completeCart(api, store, cart.id).catch((e: any) => e.response.data)
          expect(completed.type).not.toBe("order")
        },
      )

      it("a forged success redirect completes nothing, whether its ids are invented or another cart's", async () => {
        const { cart, session } = await checkoutSession()
        const returnUrl = `${env.backendUrl()}/financing/vault/return?payment_session_id=${session.id}`
        const invented = await browser.get(
          `${returnUrl}&cko-payment-id=pay_forged123456&status=SUCCESS&paymentId=${session.data.payment_id}`,
        )
        expectFailure(new URL(invented.headers.location), "verification_failed", cart.id)

        // A real, approved Checkout.com payment — for a cheaper cart — replayed against this one.
        const cheap = await checkoutSession("uk", "LAMP-BRASS")
        const paid = await payOnHostedPage(cheap.session.data.checkout_url, "approve")
        const stolen = paid.pluginReturn.searchParams
        const replay = await browser.get(
          `${returnUrl}&cko-payment-id=${stolen.get("cko-payment-id")}&cko-payment-session-id=${stolen.get("cko-payment-session-id")}`,
        )
        expectFailure(new URL(replay.headers.location), "verification_failed", cart.id)

        expect(await orderForCart(getContainer(), cart.id)).toBeUndefined()
        const state = await sessionState(getContainer(), session.id)
        expect(state.payment).toBeFalsy()
        expect(state.payment_collection.status).not.toBe("failed")
        // The genuine payment for the table is still possible afterwards.
        const genuine = await payOnHostedPage(session.data.checkout_url, "approve")
        expect(genuine.storefront.pathname).toBe("/checkout/financing/success")
      })
    })

    describe("PLATFORM", () => {
      it("debits the chosen account on completion and creates the order", async () => {
        const { cart, session, signIn, account } = await platformSession(RICH)
        expect(signIn.accounts.find((a: { currency: string }) => a.currency === "GBP")).toMatchObject({
          usable: true,
          sufficient: true,
        })
        expect(signIn.accounts.find((a: { currency: string }) => a.currency === "USD")).toMatchObject({
          usable: false,
          sufficient: false,
        })
        expect(JSON.stringify(signIn)).not.toMatch(/token/i)
        expect(session.data).toMatchObject({ type: "PLATFORM", account_id: account.id, cart_id: cart.id })

        const completed = await completeCart(api, store, cart.id)
        expect(completed.type).toBe("order")
        const debits = ledger("platform.debit")
        expect(debits).toHaveLength(1)
        expect(debits[0]).toMatchObject({ amount: Number(cart.total).toFixed(2), currency: "GBP" })
        const accounts = await api
          .get(`/store/financing/vault/platform/accounts?cart_id=${cart.id}`, storeHeaders(store))
          .catch((e: any) => e.response)
        // The cart is completed: its Vault routes are closed.
        expect(accounts.status).toBe(400)
        await webhooksSettled(sandbox(), getContainer())
        const state = await sessionState(getContainer(), session.id)
        expect(state.payment?.captures).toHaveLength(1)
        expect(state.payment_collection.status).toBe("completed")
      })

      it("insufficient funds: a clear error, no order, no debit, collection failed", async () => {
        const { cart, session, signIn } = await platformSession(BROKE)
        expect(signIn.accounts[0]).toMatchObject({ currency: "GBP", sufficient: false })
        const completed = await completeCart(api, store, cart.id)
        expect(completed.type).toBe("cart")
        expect(completed.error.message).toMatch(/Vault .*Insufficient funds.*INSUFFICIENT_FUNDS/)
        expect(await orderForCart(getContainer(), cart.id)).toBeUndefined()
        expect(ledger("platform.debit")).toHaveLength(0)
        await webhooksSettled(sandbox(), getContainer())
        // Vault's FAILED notification was accepted (first attempt) and marked the collection failed.
        expect(
          sandbox()
            .webhooks.log("vault")
            .map((a) => [a.status, a.responseBody]),
        ).toEqual([[200, JSON.stringify({ result: "ok" })]])
        const collectionStatus = (await sessionState(getContainer(), session.id)).payment_collection.status
        expect(collectionStatus).toBe("failed")
        // Not a decline of the shopper (issue #18's fallback): Vault stays offered, another account may pay.
        const { data: offers } = await api.get(`/store/financing/offers?cart_id=${cart.id}`, storeHeaders(store))
        expect(offers.offers.map((o: { lender: string }) => o.lender)).toContain("vault")
      })

      it("refuses a wrong password, another shopper's account, and PLATFORM through the stock session route", async () => {
        const cart = await cartReadyForPayment(api, store, "uk")
        const wrong = await api
          .post(
            "/store/financing/vault/platform/sign-in",
            { cart_id: cart.id, phone: RICH.phone, password: "nope" },
            storeHeaders(store),
          )
          .catch((e: any) => e.response)
        expect(wrong.status).toBe(400)
        expect(wrong.data.message).toBe(
          "Vault couldn't accept the details given — nothing has been charged; check them and try again, or choose another way to pay.",
        )
        expect(wrong.data.message).not.toContain(RICH.phone)

        await api.post(
          "/store/financing/vault/platform/sign-in",
          { cart_id: cart.id, phone: RICH.phone, password: VAULT_SANDBOX_PASSWORD },
          storeHeaders(store),
        )
        const foreign = await api
          .post(
            "/store/financing/vault/platform/payment-session",
            { cart_id: cart.id, account_id: BROKE.accounts[0].id },
            storeHeaders(store),
          )
          .catch((e: any) => e.response)
        expect(foreign.status).toBe(400)
        expect(foreign.data.message).toMatch(/not one of the signed-in shopper's accounts/)

        const forged = await startPaymentSession(api, store, cart.id, PROVIDER, {
          type: "PLATFORM",
          cart_id: cart.id,
          account_id: RICH.accounts[0].id,
          platform_grant: "guess",
        }).catch((e: any) => e.response)
        expect(forged.status).toBe(400)
        expect(forged.data.message).toMatch(
          /PLATFORM payments are started with POST \/store\/financing\/vault\/platform\/payment-session/,
        )

        // A real grant is single-use: replaying a PLATFORM session's data through the stock route fails.
        const started = await api.post(
          "/store/financing/vault/platform/payment-session",
          { cart_id: cart.id, account_id: RICH.accounts[0].id },
          storeHeaders(store),
        )
        // The grant never stays in session data (README: data holds no tokens), not even as sent by the route.
        expect(started.data.payment_session.data.platform_grant).toBeNull()
        const replay = await startPaymentSession(
          api,
          store,
          cart.id,
          PROVIDER,
          started.data.payment_session.data,
        ).catch((e: any) => e.response)
        expect(replay.status).toBe(400)
        expect(replay.data.message).toMatch(/PLATFORM payments are started with/)
      })

      it("an expired token is refreshed mid-checkout and the payment still completes", async () => {
        const { cart } = await platformSession(RICH)
        const tokens = () =>
          sandbox()
            .state.namespace("vault")
            .collection<{ refreshUsed: boolean; principal: { kind: string } }>("tokens")
            .list()
        const before = tokens().length
        // Past the 10-minute token lifetime, well within the 30-minute payment lifetime.
        sandbox().clock.advance(11 * 60 * 1000)
        const completed = await completeCart(api, store, cart.id)
        expect(completed.type).toBe("order")
        expect(ledger("platform.debit")).toHaveLength(1)
        const refreshed = tokens().filter((t) => t.refreshUsed)
        expect(refreshed.map((t) => t.principal.kind).sort()).toEqual(["merchant", "user"])
        expect(tokens().length).toBe(before + 2)
        await webhooksSettled(sandbox(), getContainer())
        expect(
          sandbox()
            .webhooks.log("vault")
            .map((a) => a.status),
        ).toEqual([200])
      })
    })

    describe("cart changes after the payment session exists", () => {
      /** The session's payment as Medusa recorded it, with what was captured. */
      async function paymentOf(cartId: string) {
        const { data } = await getContainer()
          .resolve("query")
          .graph({
            entity: "cart",
            fields: [
              "total",
              "payment_collection.payment_sessions.id",
              "payment_collection.payment_sessions.data",
              "payment_collection.payments.amount",
              "payment_collection.payments.captures.amount",
            ],
            filters: { id: cartId },
          })
        return data[0] as {
          total: unknown
          payment_collection: {
            payment_sessions: Array<{ id: string; data: Record<string, any> }>
            payments: Array<{ amount: unknown; captures: Array<{ amount: unknown }> }>
          }
        }
      }
      const minor = (amount: unknown) => toMinorUnits(String(amount), "GBP")

      it("stock Medusa drops the session on a cart change; the new session's invoice is the new total and exactly that is captured", async () => {
        const { cart, session } = await checkoutSession()
        await api.post(`/store/carts/${cart.id}/line-items/${cart.items[0].id}`, { quantity: 2 }, storeHeaders(store))
        const changed = await paymentOf(cart.id)
        expect(minor(changed.total)).toBeGreaterThan(minor(cart.total))
        // Medusa 2.21's refresh deletes the sessions of a changed cart (provider.deletePayment): the
        // old Vault payment is left to expire, never charged.
        expect(changed.payment_collection.payment_sessions).toHaveLength(0)
        const fresh = (await startPaymentSession(api, store, cart.id, PROVIDER)).payment_sessions[0]
        expect(fresh.data).toMatchObject({ invoice_amount: Number(changed.total).toFixed(2), vault_status: "PENDING" })
        expect(fresh.data.payment_id).not.toBe(session.data.payment_id)

        await payOnHostedPage(fresh.data.checkout_url, "approve")
        expect(await orderForCart(getContainer(), cart.id)).toBeDefined()
        const paid = await paymentOf(cart.id)
        expect(minor(paid.payment_collection.payments[0].amount)).toBe(minor(changed.total))
        expect(paid.payment_collection.payments[0].captures.map((c) => minor(c.amount))).toEqual([minor(changed.total)])
        expect(ledger("checkout.captured").map((e) => e.amount)).toEqual([String(minor(changed.total))])
        const vaultPayments = sandbox()
          .state.namespace("vault")
          .collection<{ paymentId: string; status: string }>("payments")
        expect(vaultPayments.get(session.data.payment_id)?.status).toBe("PENDING")
      })

      it("Medusa's updatePaymentSession with the new total updates the same Vault payment (seed 004 §1.2); the new total is captured", async () => {
        // Medusa's payment module calls provider.updatePayment from updatePaymentSession; a store
        // workflow that re-prices the session before the cart refresh (so Medusa keeps it) does this.
        const { cart, session } = await checkoutSession()
        const newTotal = (await cartReadyForPayment(api, store, "uk", { quantity: 2 })).total
        const payments = getContainer().resolve(Modules.PAYMENT)
        const collectionId = (await payments.retrievePaymentSession(session.id, { select: ["payment_collection_id"] }))
          .payment_collection_id
        await payments.updatePaymentCollections(collectionId, { amount: newTotal })
        const { requests } = await lenderRequestsDuring(sandbox(), "vault", () =>
          payments.updatePaymentSession({ id: session.id, amount: newTotal, currency_code: "gbp", data: session.data }),
        )
        expect(routesOf(requests)).toEqual([
          "POST /invoice/payment",
          "POST /invoice",
          `PUT /invoice/payment/${session.data.payment_id}`,
        ])
        await api.post(`/store/carts/${cart.id}/line-items/${cart.items[0].id}`, { quantity: 2 }, storeHeaders(store))

        const updated = await paymentOf(cart.id)
        expect(minor(updated.total)).toBe(minor(newTotal))
        expect(updated.payment_collection.payment_sessions).toHaveLength(1)
        const data = updated.payment_collection.payment_sessions[0].data
        expect(data).toMatchObject({
          payment_id: session.data.payment_id,
          invoice_amount: Number(newTotal).toFixed(2),
          amount: Number(newTotal).toFixed(2),
          invoice_revision: 2,
        })
        expect(data.invoice_id).not.toBe(session.data.invoice_id)
        // The hosted page for the old amount is closed; only the new amount can be paid.
        expect((await browser.get(session.data.checkout_url)).status).toBe(409)

        await payOnHostedPage(data.checkout_url, "approve")
        expect(await orderForCart(getContainer(), cart.id)).toBeDefined()
        const paid = await paymentOf(cart.id)
        expect(paid.payment_collection.payments[0].captures.map((c) => minor(c.amount))).toEqual([minor(newTotal)])
        expect(ledger("checkout.captured").map((e) => e.amount)).toEqual([String(minor(newTotal))])
        expect(sandbox().state.namespace("vault").collection("payments").size).toBe(1)
      })
    })

    describe("EXTERNAL and webhooks", () => {
      it("completes the cart when the external webhook reports the payment, once however often it is delivered", async () => {
        const { cart, session } = await checkoutSession("us", "SOFA-3-CHAR", {
          type: "EXTERNAL",
          some_data: { partner: "acme-pay", plan: "12m" },
        })
        expect(session.data).toMatchObject({ type: "EXTERNAL", currency: "USD", vault_status: "PENDING" })
        // Seed 004: someData is a string; the storefront's object goes to Vault as its JSON text.
        const sent = sandbox()
          .state.namespace("vault")
          .collection<{ someData: unknown }>("payments")
          .get(session.data.payment_id)
        expect(sent?.someData).toBe('{"partner":"acme-pay","plan":"12m"}')
        const early = await completeCart(api, store, cart.id).catch((e: any) => e.response.data)
        expect(early.type).not.toBe("order")

        await browser.post(`${sandbox().lenderUrl("vault")}/sim/notify/duplicates`, { enabled: true })
        expect((await reportExternal(sandbox(), session.data, "SUCCESS")).data).toEqual({ result: "ok" })
        await webhooksSettled(sandbox(), getContainer())
        const orderId = await orderForCart(getContainer(), cart.id)
        expect(orderId).toBeDefined()

        // A byte-for-byte replay later on.
        await browser.post(`${sandbox().lenderUrl("vault")}/sim/notify/${session.data.payment_id}/resend`)
        await webhooksSettled(sandbox(), getContainer())
        const answers = sandbox()
          .webhooks.log("vault")
          .filter((a) => a.ok)
          .map((a) => JSON.parse(a.responseBody!))
        expect(answers).toEqual([
          { result: "ok" },
          { result: "ok", duplicate: true },
          { result: "ok", duplicate: true },
        ])
        const state = await sessionState(getContainer(), session.id)
        expect(state.payment?.captures).toHaveLength(1)
        expect(ledger("external.settled")).toHaveLength(1)
        const { data: orders } = await getContainer()
          .resolve("query")
          .graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cart.id } })
        expect(orders).toHaveLength(1)
      })

      it("answers 401 to a forged or re-serialised notification and changes nothing", async () => {
        const { cart, session } = await checkoutSession("us", "SOFA-3-CHAR", { type: "EXTERNAL" })
        const body = `{"payload":{"paymentId":"${session.data.payment_id}","invoiceId":"${session.data.invoice_id}","status":"SUCCESS","amount":${session.data.amount},"currency":"USD","paymentDate":${Date.now()}}}`
        const hook = `${env.backendUrl()}/hooks/financing/vault`
        const unsigned = await browser.post(hook, body, { headers: { "content-type": "application/json" } })
        expect(unsigned.status).toBe(401)
        const wrongKey = await browser.post(hook, body, {
          headers: { "content-type": "application/json", "x-signature": signVaultWebhook(body, "not-the-secret") },
        })
        expect(wrongKey.status).toBe(401)
        // Correctly signed, but Vault says the payment is still pending: verified, nothing to do.
        const signed = await browser.post(hook, body, {
          headers: {
            "content-type": "application/json",
            "x-signature": signVaultWebhook(body, VAULT_SANDBOX_WEBHOOK_SECRET),
          },
        })
        expect(signed.status).toBe(200)
        await webhooksProcessed(getContainer(), "vault")
        expect(await orderForCart(getContainer(), cart.id)).toBeUndefined()
      })
    })
  },
})
