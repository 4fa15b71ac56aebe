// Payment Assist checkout through a real Medusa and the Payment Assist sandbox, with manual
// capture (autoCapture: false; the default, auto-capture, is payment-assist-fulfillment.spec.ts):
// hosted-page approval and signed return, capture, decline,
// tampered returns, forged webhooks, the polling job for a shopper who never returns, cancel,
// refund refused, a cart change after the session exists, plan quotes, pre-approval, bad input.
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import axios from "axios"
import { seedStore, type SeededStore } from "../../demo/seed-store"
import { pollPaymentAssistApplications as pollApplications } from "../../src/workflows/payment-assist/poll-applications"
import { FINANCING_MODULE } from "../../src/modules/financing"
import type FinancingModuleService from "../../src/modules/financing/service"
import { PAYMENT_ASSIST_SANDBOX_SECRET } from "../../packages/sandbox/src/payment-assist/credentials"
import { phpEventTime } from "../../packages/sandbox/src/payment-assist/applications"
import { webhookSignature } from "../../packages/sandbox/src/payment-assist/signature"
import { useSandboxAndBackend } from "../utils/sandbox"
import { adminHeaders, cartReadyForPayment, completeCart, SHOPPER_ADDRESSES, storeHeaders } from "../utils/store-api"
import {
  followReturn,
  orderPayment,
  sessionRow,
  shopperOnHostedPage,
  startPaymentAssist,
  waitFor,
} from "../payment-assist/checkout"
import { webhooksProcessed, webhooksSettled } from "../utils/webhook-deliveries"

jest.setTimeout(180_000)

const env = useSandboxAndBackend({
  PAYMENT_ASSIST_AUTO_CAPTURE: "false",
  PAYMENT_ASSIST_SANDBOX_WEBHOOK_BACKOFF_MS: "20",
})

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: SeededStore
    let admin: { headers: Record<string, string> }
    const application = (token: string) =>
      env.sandbox().state.namespace("payment-assist").collection<Record<string, any>>("applications").get(token)!
    const ledger = (type?: string, ref?: string) => env.sandbox().ledger("payment-assist").list({ type, ref })
    const financing = () => getContainer().resolve<FinancingModuleService>(FINANCING_MODULE)
    const operations = async (filter: Record<string, unknown>) =>
      financing().listFinancingOperations({ lender: "payment-assist", ...filter } as never)
    const orderForCart = async (cartId: string) =>
      (
        (
          await getContainer()
            .resolve("query")
            .graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
        ).data[0] as any
      )?.order_id
    const failed = (call: Promise<any>) => call.catch((e: any) => e.response)

    beforeEach(async () => {
      env.sandbox().reset()
      store = await seedStore(getContainer())
      admin = await adminHeaders(api, getContainer())
    })
    // A lender callback still in flight must not land in the next test's database.
    afterEach(() => webhooksSettled(env.sandbox(), getContainer()))

    async function approvedOrder() {
      const cart = await cartReadyForPayment(api, store, "uk")
      const started = await startPaymentAssist(api, store, cart.id)
      const storefront = await followReturn(api, await shopperOnHostedPage(started.redirect_url))
      await webhooksSettled(env.sandbox(), getContainer())
      const orderId = storefront.searchParams.get("order_id")!
      return {
        cart,
        started,
        token: started.payment_session.data.token as string,
        orderId,
        ...(await orderPayment(getContainer(), orderId)),
      }
    }

    it("checks out: session from the cart, hosted-page approval, signed return, authorized order, one capture, order number on the agreement", async () => {
      const cart = await cartReadyForPayment(api, store, "uk")
      const started = await startPaymentAssist(api, store, cart.id)
      const data = started.payment_session.data
      expect(data).toMatchObject({
        cart_id: cart.id,
        amount_pence: 45995,
        application_status: "pending",
        applicant: { f_name: "Jane", s_name: "Doe", postcode: "SW1A 1AA", email: "shopper@example.com" },
      })
      expect(started.redirect_url).toBe(data.redirect_url)
      expect(JSON.stringify(data)).not.toMatch(/demo_|api_key|signature/)
      expect(application(data.token)).toMatchObject({
        amount: 45995,
        order_id: started.payment_session.id,
        auto_capture: false,
        multi_plan: true,
      })

      const returnUrl = await shopperOnHostedPage(started.redirect_url)
      expect(returnUrl.pathname).toBe("/financing/payment-assist/return")
      expect(returnUrl.searchParams.get("status")).toBe("success")
      const storefront = await followReturn(api, returnUrl)
      expect(storefront.origin + storefront.pathname).toBe("http://localhost:8000/checkout/payment-assist/success")
      expect(storefront.searchParams.get("cart_id")).toBe(cart.id)
      const orderId = storefront.searchParams.get("order_id")
      expect(orderId).toMatch(/^order_/)

      // The storefront's usual complete call finds the order already placed.
      const completed = await completeCart(api, store, cart.id)
      expect(completed).toMatchObject({ type: "order", order: { id: orderId } })
      const { payment, order } = await orderPayment(getContainer(), orderId!)
      expect(payment).toMatchObject({ provider_id: "pp_payment-assist_payment-assist", captured_at: null })
      expect(payment.data).toMatchObject({ token: data.token, application_status: "pending_capture" })
      expect(order!.payment_collections[0].status).toBe("authorized")
      expect(ledger("capture")).toHaveLength(0)

      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      expect(application(data.token).status).toBe("completed")
      const again = await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      expect(again.status).toBe(200) // fully captured: Medusa does not call the provider again
      expect(ledger("capture", data.token)).toHaveLength(1)
      expect((await orderPayment(getContainer(), orderId!)).payment.captured_at).toBeTruthy()

      // The agreement now carries the store's order number instead of the session id.
      await waitFor(
        "order number on the agreement",
        async () => application(data.token).order_id === String(order!.display_id),
      )
      const history = await financing().listOrderHistory({
        order_id: orderId!,
        payment_session_ids: [started.payment_session.id],
        payment_ids: [payment.id],
      })
      expect(history.operations.map((o) => o.operation)).toEqual(
        expect.arrayContaining(["initiate", "return", "authorize", "capture", "update"]),
      )
    })

    it("declines: signed failure return, session and payment collection marked failed, no order", async () => {
      const cart = await cartReadyForPayment(api, store, "uk")
      const started = await startPaymentAssist(api, store, cart.id)
      const returnUrl = await shopperOnHostedPage(started.redirect_url, { cardholderName: "Someone Else" })
      expect(returnUrl.searchParams.get("status")).toBe("failed")
      const storefront = await followReturn(api, returnUrl)
      expect(storefront.origin + storefront.pathname).toBe("http://localhost:8000/checkout/payment-assist/failure")
      expect(Object.fromEntries(storefront.searchParams)).toEqual({ reason: "declined", cart_id: cart.id })

      await webhooksSettled(env.sandbox(), getContainer())
      const session = await sessionRow(getContainer(), started.payment_session.id)
      expect(session.status).toBe("error")
      expect(session.payment_collection!.status).toBe("failed")
      expect(await orderForCart(cart.id)).toBeUndefined()
      const complete = await failed(api.post(`/store/carts/${cart.id}/complete`, {}, storeHeaders(store)))
      expect(complete.status).toBe(400)
      expect(
        env
          .sandbox()
          .webhooks.log("payment-assist")
          .map((a) => [a.event, a.status]),
      ).toEqual([["application.failed", 200]])

      // Decline fallback (issue #18): Payment Assist is left out of this basket's offers, and its
      // route starts no new application for it.
      const { data: offers } = await api.get(`/store/financing/offers?cart_id=${cart.id}`, storeHeaders(store))
      expect(offers.offers.map((o: { lender: string }) => o.lender)).not.toContain("payment-assist")
      expect(offers.offers.length).toBeGreaterThan(0)
      expect(offers.not_offered).toContainEqual(
        expect.objectContaining({ lender: "payment-assist", reason: "declined" }),
      )
      const again = await failed(startPaymentAssist(api, store, cart.id))
      expect(again.status).toBe(400)
      expect(again.data.message).toMatch(/^Payment Assist didn't approve this basket/)
    })

    it("completes nothing for a tampered or unsigned return; the genuine one then completes the cart", async () => {
      const cart = await cartReadyForPayment(api, store, "uk")
      const started = await startPaymentAssist(api, store, cart.id)
      const genuine = await shopperOnHostedPage(started.redirect_url)
      const flipped = new URL(genuine)
      flipped.searchParams.set("status", "failed")
      const unsigned = new URL(genuine)
      unsigned.searchParams.delete("signature")
      const otherToken = new URL(genuine)
      otherToken.searchParams.set("token", "00000000-0000-4000-8000-000000000000")
      for (const forged of [flipped, unsigned, otherToken]) {
        const storefront = await followReturn(api, forged)
        expect(Object.fromEntries(storefront.searchParams)).toEqual({ reason: "invalid_signature" })
      }
      expect((await sessionRow(getContainer(), started.payment_session.id)).status).toBe("pending")
      expect(await orderForCart(cart.id)).toBeUndefined()
      // Unverified returns prove nothing about the session they name: nothing in its financing history.
      expect(await operations({ operation: "return", outcome: "failed" })).toEqual([])

      const storefront = await followReturn(api, genuine)
      expect(storefront.searchParams.get("order_id")).toBe(await orderForCart(cart.id))
    })

    it("rejects forged webhooks (bad signature 401, malformed 400, another session's token ignored) with no effect", async () => {
      const victimCart = await cartReadyForPayment(api, store, "uk")
      const victim = await startPaymentAssist(api, store, victimCart.id)
      const hook = `/hooks/financing/payment-assist?session_id=${victim.payment_session.id}`
      const forged = {
        event_name: "application.completed",
        event_data: { token: victim.payment_session.data.token },
        event_time: "2026-01-01 00:00:00 UTC",
        signature: "0".repeat(64),
      }
      expect((await failed(api.post(hook, forged))).status).toBe(401)
      expect((await failed(api.post(hook, { event_name: "application.completed" }))).status).toBe(400)

      // A genuine, signed webhook of another application replayed against the victim's session.
      const otherCart = await cartReadyForPayment(api, store, "uk")
      const other = await startPaymentAssist(api, store, otherCart.id)
      await shopperOnHostedPage(other.redirect_url, { decision: "decline" })
      await webhooksSettled(env.sandbox(), getContainer())
      const genuine = env
        .sandbox()
        .webhooks.log("payment-assist")
        .find((a) => a.event === "application.failed")!.requestBody
      const replayed = await api.post(hook, JSON.parse(genuine))
      // Acknowledged before processing; processing finds the token is not the victim's and ignores it.
      expect(replayed.data).toEqual({ received: true })
      await webhooksProcessed(getContainer(), "payment-assist")
      const aimed = (
        await operations({ operation: "webhook", lender_reference: other.payment_session.data.token })
      ).find((o: any) => o.references?.session_id === victim.payment_session.id)
      expect(aimed).toMatchObject({ outcome: "succeeded", payment_session_id: null, detail: { action: "ignored" } })

      const session = await sessionRow(getContainer(), victim.payment_session.id)
      expect(session.status).toBe("pending")
      expect(session.payment_collection!.status).not.toBe("failed")
      expect(await orderForCart(victimCart.id)).toBeUndefined()
      // The unsigned webhook is not written to the victim's financing history.
      expect(await operations({ operation: "webhook", outcome: "failed" })).toEqual([])
    })

    it("accepts a webhook signed either way Payment Assist may sign it (default scheme any), and only with the dealer secret", async () => {
      const cart = await cartReadyForPayment(api, store, "uk")
      const started = await startPaymentAssist(api, store, cart.id)
      await shopperOnHostedPage(started.redirect_url, { decision: "decline" })
      await webhooksSettled(env.sandbox(), getContainer())
      // The sandbox signs as Payment Assist's PHP reference function does (EVENT_DATA=Array).
      expect(
        env
          .sandbox()
          .webhooks.log("payment-assist")
          .map((a) => [a.event, a.status]),
      ).toEqual([["application.failed", 200]])
      const hook = `/hooks/financing/payment-assist?session_id=${started.payment_session.id}`
      const payload = {
        event_name: "application.failed",
        event_data: { token: started.payment_session.data.token },
        event_time: phpEventTime(new Date()),
      }
      for (const scheme of ["php-array", "json", "scalars"] as const) {
        const signed = await failed(
          api.post(hook, { ...payload, signature: webhookSignature(payload, PAYMENT_ASSIST_SANDBOX_SECRET, scheme) }),
        )
        expect([scheme, signed.status]).toEqual([scheme, 200])
        const wrongSecret = await failed(
          api.post(hook, { ...payload, signature: webhookSignature(payload, "demo_NotTheDealerSecret000000", scheme) }),
        )
        expect([scheme, wrongSecret.status]).toEqual([scheme, 401])
      }
      await webhooksProcessed(getContainer(), "payment-assist")
      expect((await sessionRow(getContainer(), started.payment_session.id)).status).toBe("error")
      expect(await orderForCart(cart.id)).toBeUndefined()
    })

    it("completes the cart for a shopper who approved but never returned (no webhook without auto-capture): the polling job", async () => {
      const cart = await cartReadyForPayment(api, store, "uk")
      const started = await startPaymentAssist(api, store, cart.id)
      await shopperOnHostedPage(started.redirect_url) // approved; the browser never follows the redirect
      await webhooksSettled(env.sandbox(), getContainer())
      expect(env.sandbox().webhooks.log("payment-assist")).toHaveLength(0)
      expect(await orderForCart(cart.id)).toBeUndefined()

      await pollApplications(getContainer())
      const orderId = await orderForCart(cart.id)
      expect(orderId).toMatch(/^order_/)
      expect((await orderPayment(getContainer(), orderId)).payment.data.application_status).toBe("pending_capture")
      await pollApplications(getContainer()) // nothing left to do: no second order, no new log noise
      expect(await operations({ operation: "sync" })).toHaveLength(1)
    })

    it("cancels: an order cancelled before capture expires the application", async () => {
      const { orderId, token, payment } = await approvedOrder()
      await api.post(`/admin/orders/${orderId}/cancel`, {}, admin)
      expect(application(token).status).toBe("expired")
      expect(ledger("application.expired", token)[0].data).toMatchObject({ reason: "expired by the merchant" })
      expect((await orderPayment(getContainer(), orderId)).payment.canceled_at).toBeTruthy()
      expect(payment.captured_at).toBeNull()
    })

    it("refuses refunds by default, pointing at the dealer dashboard", async () => {
      const { payment, orderId } = await approvedOrder()
      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      const refund = await failed(api.post(`/admin/payments/${payment.id}/refund`, { amount: 50 }, admin))
      expect(refund.status).toBe(400)
      expect(refund.data.message).toMatch(
        /^Payment Assist has no refund API: refund £50\.00 in the Payment Assist dealer dashboard/,
      )
      expect((await orderPayment(getContainer(), orderId)).payment.refunds ?? []).toHaveLength(0)
    })

    it("replaces the application when the cart total changes after the session exists", async () => {
      const cart = await cartReadyForPayment(api, store, "uk")
      const first = await startPaymentAssist(api, store, cart.id)
      const oldToken = first.payment_session.data.token
      const lineId = cart.items[0].id
      await api.post(`/store/carts/${cart.id}/line-items/${lineId}`, { quantity: 2 }, storeHeaders(store))

      // Medusa drops the session on a total change; the provider expires the old application.
      expect(application(oldToken).status).toBe("expired")
      expect(await sessionRow(getContainer(), first.payment_session.id)).toBeUndefined()
      const second = await startPaymentAssist(api, store, cart.id)
      expect(second.payment_session.data.token).not.toBe(oldToken)
      expect(application(second.payment_session.data.token)).toMatchObject({ amount: 90995, status: "pending" })
      // The shopper can no longer sign the old application.
      expect((await axios.get(first.redirect_url, { validateStatus: () => true, proxy: false })).status).toBe(410)
    })

    it("quotes plans for an amount ('4 payments of £112.50'), cached, and names a bad amount", async () => {
      const { data } = await api.get("/store/financing/payment-assist/plans?amount=450", storeHeaders(store))
      expect(data).toMatchObject({ currency_code: "gbp", amount: "450.00", from_monthly: "112.50" })
      expect(data.plans.map((p: any) => [p.plan_id, p.eligible, p.headline ?? p.reason.message])).toEqual([
        [1, true, "4 payments of £112.50"],
        [6, true, "3 payments of £150.00"],
        [11, false, "Available from £1000.00"],
      ])
      expect(data.plans[0].schedule).toHaveLength(4)
      const before = env.sandbox().faults.stats()["payment-assist"].requests
      const cached = await api.get("/store/financing/payment-assist/plans?amount=450", storeHeaders(store))
      expect(cached.data).toEqual(data)
      expect(env.sandbox().faults.stats()["payment-assist"].requests).toBe(before) // served from the quote cache

      const cart = await cartReadyForPayment(api, store, "uk", { sku: "LAMP-BRASS", quantity: 1 })
      const byCart = await api.get(
        `/store/financing/payment-assist/plans?cart_id=${cart.id}&plan_id=1`,
        storeHeaders(store),
      )
      // £44.95 does not split evenly: the remainder pennies go on the first instalment.
      expect(byCart.data.plans).toEqual([
        expect.objectContaining({
          plan_id: 1,
          headline: "£11.26 today, then 3 monthly payments of £11.23",
          repayable: "44.95",
        }),
      ])
      expect(byCart.data.plans[0].schedule.map((s: any) => s.amount)).toEqual(["11.26", "11.23", "11.23", "11.23"])

      const bad = await failed(api.get("/store/financing/payment-assist/plans?amount=12.345", storeHeaders(store)))
      expect(bad.status).toBe(400)
      expect(bad.data.message).toMatch(/amount/)
    })

    it("pre-approves from the cart; after a decline it refuses a retry with changed details and a new application", async () => {
      const cart = await cartReadyForPayment(api, store, "uk")
      expect(
        (await api.post("/store/financing/payment-assist/preapproval", { cart_id: cart.id }, storeHeaders(store))).data
          .approved,
      ).toBe(true)

      const declinedCart = await cartReadyForPayment(api, store, "uk", { email: "declined@example.com" })
      await api.post(
        `/store/carts/${declinedCart.id}`,
        { billing_address: { ...SHOPPER_ADDRESSES.uk, last_name: "Declined" } },
        storeHeaders(store),
      )
      const declined = await api.post(
        "/store/financing/payment-assist/preapproval",
        { cart_id: declinedCart.id },
        storeHeaders(store),
      )
      expect(declined.data.approved).toBe(false)

      await api.post(
        `/store/carts/${declinedCart.id}`,
        { billing_address: { ...SHOPPER_ADDRESSES.uk, last_name: "Declined", postal_code: "EC1A 1BB" } },
        storeHeaders(store),
      )
      const retry = await failed(
        api.post("/store/financing/payment-assist/preapproval", { cart_id: declinedCart.id }, storeHeaders(store)),
      )
      expect(retry.status).toBe(400)
      expect(retry.data.message).toMatch(/declined this shopper's pre-approval/)
      const session = await failed(
        api.post("/store/financing/payment-assist/sessions", { cart_id: declinedCart.id }, storeHeaders(store)),
      )
      expect(session.data.message).toMatch(/forbid retrying/)
      // Same shopper, new cart: still refused.
      const newCart = await cartReadyForPayment(api, store, "uk", { email: "declined@example.com" })
      expect(
        (
          await failed(
            api.post("/store/financing/payment-assist/sessions", { cart_id: newCart.id }, storeHeaders(store)),
          )
        ).status,
      ).toBe(400)
      expect(ledger("preapproval.retry_after_decline")).toHaveLength(0)
      expect(ledger("application.begin")).toHaveLength(0)
    })

    it("gives clear errors for a missing postcode or e-mail, a non-GBP cart and a total above every plan", async () => {
      // /begin requires the e-mail address (GitBook methods/begin.md): a 400 naming it, nothing sent.
      const noEmail = await cartReadyForPayment(api, store, "uk", { email: null as never })
      expect(noEmail.email ?? null).toBeNull()
      const withoutEmail = await failed(
        api.post("/store/financing/payment-assist/sessions", { cart_id: noEmail.id }, storeHeaders(store)),
      )
      expect(withoutEmail.status).toBe(400)
      expect(withoutEmail.data.message).toBe(
        "Payment Assist needs the shopper's e-mail address on the cart (email) before an application can start.",
      )

      const noPostcode = await cartReadyForPayment(api, store, "uk")
      await api.post(
        `/store/carts/${noPostcode.id}`,
        { billing_address: { ...SHOPPER_ADDRESSES.uk, postal_code: "" } },
        storeHeaders(store),
      )
      const missing = await failed(
        api.post("/store/financing/payment-assist/sessions", { cart_id: noPostcode.id }, storeHeaders(store)),
      )
      expect(missing.status).toBe(400)
      expect(missing.data.message).toBe(
        "Payment Assist needs the billing address postcode (billing_address.postal_code).",
      )

      const usd = await cartReadyForPayment(api, store, "us")
      const dollars = await failed(
        api.post("/store/financing/payment-assist/sessions", { cart_id: usd.id }, storeHeaders(store)),
      )
      expect(dollars.status).toBe(400)
      expect(dollars.data.message).toBe(`Payment Assist only finances carts in GBP; cart ${usd.id} is in USD.`)

      const big = await cartReadyForPayment(api, store, "uk", { sku: "SOFA-3-CHAR", quantity: 5 })
      const tooMuch = await failed(
        api.post("/store/financing/payment-assist/sessions", { cart_id: big.id }, storeHeaders(store)),
      )
      expect(tooMuch.status).toBe(400)
      expect(tooMuch.data.message).toBe(
        "The cart total £6009.95 is above the most Payment Assist can finance (£5000.00).",
      )
      expect(ledger("application.begin")).toHaveLength(0)

      const noBody = await failed(api.post("/store/financing/payment-assist/sessions", {}, storeHeaders(store)))
      expect(noBody.status).toBe(400)
      expect(noBody.data.message).toMatch(/cart_id/)
    })
  },
})
