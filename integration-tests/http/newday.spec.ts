// NewDay NewPay end to end through a real Medusa and the NewDay sandbox: sign-in widget, spend
// options, SCA-exempt and SCA-required (widget) checkouts, a decline, settle on shipment with a
// refund spanning two settlements, a shipment whose event was lost settled by the reconcile job,
// cancel → reverse, over-refund refused, and a timed-out authorise retried with the same
// idempotency key.
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { seedStore, type SeededStore } from "../../demo/seed-store"
import { FINANCING_MODULE } from "../../src/modules/financing"
import type FinancingModuleService from "../../src/modules/financing/service"
import { orderPayment, pence, shipItems, sumPence, waitFor } from "../newday/orders"
import { browser, checkoutWithNewDay, passScaWidget, signInWithNewDay } from "../newday/shopper"
import { runFinancingReconcile } from "../../src/workflows/reconcile/run"
import { afterTheGracePeriod, withEventsLost } from "../utils/lost-events"
import { useSandboxAndBackend } from "../utils/sandbox"
import { adminHeaders, cartReadyForPayment, completeCart, storeHeaders } from "../utils/store-api"

jest.setTimeout(180_000)

const env = useSandboxAndBackend({ NEWDAY_TIMEOUT_MS: "3000", NEWDAY_MAX_RETRIES: "1" })

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: SeededStore
    let admin: { headers: Record<string, string> }
    const ledger = (type?: string) =>
      env
        .sandbox()
        .ledger("newday")
        .list(type ? { type } : {})

    beforeEach(async () => {
      env.sandbox().reset()
      store = await seedStore(getContainer())
      admin = await adminHeaders(api, getContainer())
    })

    async function exemptOrder(sku = "LAMP-BRASS", quantity = 1) {
      const cart = await cartReadyForPayment(api, store, "uk", { sku, quantity })
      await checkoutWithNewDay(api, store, cart.id, "approve@newpay.test")
      const completed = await completeCart(api, store, cart.id)
      expect(completed.type).toBe("order")
      return { cart, order: completed.order }
    }

    it("shows spend options for an unknown shopper with a 'from £X a month' figure, and names a bad amount", async () => {
      const { data } = await api.get("/store/financing/newday/spend-options?amount=450", storeHeaders(store))
      expect(data.options.map((o: any) => o.name)).toEqual([
        "6 months interest free",
        "12 Month spend option",
        "Flexible credit",
      ])
      expect(data.options.every((o: any) => o.spend_option_id === undefined)).toBe(true)
      expect(data.options[0]).toMatchObject({ monthly_payment: "75.00", total_repayable: "450.00", interest_rate: 0 })
      expect(data.from_monthly_payment).toBe("44.97")

      const bad = await api
        .get("/store/financing/newday/spend-options?amount=12.345", storeHeaders(store))
        .catch((e: any) => e.response)
      expect(bad.status).toBe(400)
      expect(bad.data.message).toMatch(/amount/)
    })

    it("completes an SCA-exempt checkout: sign-in, personal spend options, authorise, tokens kept off the session", async () => {
      const cart = await cartReadyForPayment(api, store, "uk", { sku: "LAMP-BRASS", quantity: 1 })
      const signedIn = await signInWithNewDay(api, store, cart.id, "approve@newpay.test")
      expect(signedIn.location.searchParams.get("newday")).toBe("signed_in")
      expect(signedIn.location.searchParams.get("cart_id")).toBe(cart.id)

      const { data: offered } = await api.get(
        `/store/financing/newday/carts/${cart.id}/spend-options?order_by=InstalmentPaymentAmount`,
        storeHeaders(store),
      )
      expect(offered.amount).toBe("44.95")
      expect(offered.options.map((o: any) => o.name)).toEqual(["Flexible credit"])
      expect(offered.options[0].spend_option_id).toMatch(/^[0-9a-f-]{36}$/)

      const { data: created } = await api.post(
        `/store/financing/newday/carts/${cart.id}/payment-session`,
        { spend_option_id: offered.options[0].spend_option_id },
        storeHeaders(store),
      )
      const sessionData = created.payment_session.data
      expect(sessionData).toMatchObject({
        cart_id: cart.id,
        amount: "44.95",
        status: "pending",
        spend_option: { name: "Flexible credit" },
      })
      const customerRef = "6a0e5c1e-2b7d-4c1a-9f3e-5d8b7a6c4e21"
      expect(JSON.stringify(sessionData)).not.toContain(customerRef)
      expect(JSON.stringify(sessionData)).not.toMatch(/ndat_|sca_/)

      const completed = await completeCart(api, store, cart.id)
      expect(completed.type).toBe("order")
      const payment = await orderPayment(getContainer(), completed.order.id)
      expect(payment.data).toMatchObject({ status: "authorized", authorised_amount: "44.95", remaining_float: "44.95" })
      expect(JSON.stringify(payment.data)).not.toContain(customerRef)
      expect(ledger("authorise").map((e) => [e.ref, e.amount])).toEqual([[payment.data.authorisation_id, "44.95"]])

      const financing = getContainer().resolve<FinancingModuleService>(FINANCING_MODULE)
      const history = await financing.listOrderHistory({
        order_id: completed.order.id,
        payment_session_ids: [created.payment_session.id],
      })
      // sca "auto": NewDay did not ask for SCA, so Initiate was never called (seed 003: it "can be called").
      expect(history.operations.map((o) => `${o.operation}:${o.outcome}`)).toEqual(["authorize:succeeded"])
    })

    it("pays on the shopper's revolving credit when no spend option is chosen: NewDay gets no spendOptionId", async () => {
      const cart = await cartReadyForPayment(api, store, "uk", { sku: "LAMP-BRASS", quantity: 1 })
      await signInWithNewDay(api, store, cart.id, "approve@newpay.test")
      const { data: created } = await api.post(
        `/store/financing/newday/carts/${cart.id}/payment-session`,
        {},
        storeHeaders(store),
      )
      expect(created.payment_session.data).toMatchObject({
        cart_id: cart.id,
        amount: "44.95",
        status: "pending",
        spend_option: { name: "NewPay revolving credit" },
      })
      expect(created.payment_session.data.spend_option_id ?? null).toBeNull()

      const completed = await completeCart(api, store, cart.id)
      expect(completed.type).toBe("order")
      const payment = await orderPayment(getContainer(), completed.order.id)
      expect(payment.data).toMatchObject({ status: "authorized", authorised_amount: "44.95" })
      const auth = env
        .sandbox()
        .state.namespace("newday")
        .collection<any>("authorisations")
        .get(payment.data.authorisation_id)
      expect(auth).toMatchObject({ amountMinor: 4495, status: "Authorised" })
      expect(auth.spendOptionId).toBeUndefined()
    })

    it("completes an SCA-required checkout through the SCA widget, which posts back and places the order", async () => {
      const cart = await cartReadyForPayment(api, store, "uk", { sku: "TABLE-OAK-NAT", quantity: 1 })
      await checkoutWithNewDay(api, store, cart.id, "approve@newpay.test")
      // Medusa 2.21 answers a "requires_more" authorisation with a 400 (the payment module throws
      // NOT_ALLOWED before the workflow step can turn it into payment_requires_more_error); the
      // session keeps the provider's data, so the storefront reads the widget URL from it.
      const first = await api
        .post(`/store/carts/${cart.id}/complete`, {}, storeHeaders(store))
        .catch((e: any) => e.response)
      expect(first.status).toBe(400)
      expect(first.data.message).toMatch(/was not authorized with the provider/)
      expect(ledger("authorise")).toHaveLength(0)

      const { data } = await api.get(
        `/store/carts/${cart.id}?fields=*payment_collection.payment_sessions`,
        storeHeaders(store),
      )
      const session = data.cart.payment_collection.payment_sessions[0]
      expect(session.status).toBe("requires_more")
      expect(session.data.status).toBe("requires_sca")
      const widgetUrl = new URL(session.data.sca_widget_url)
      expect(widgetUrl.origin + widgetUrl.pathname).toBe(
        `${env.sandbox().lenderUrl("newday")}/sca-widget/newpay/identity`,
      )
      expect(new URL(widgetUrl.searchParams.get("redirect_uri")!).pathname).toBe("/financing/newday/sca/return")

      const back = await passScaWidget(session.data.sca_widget_url)
      expect(back.location.pathname).toBe("/order/confirmed")
      const orderId = back.location.searchParams.get("order_id")!
      expect(orderId).toMatch(/^order_/)
      const payment = await orderPayment(getContainer(), orderId)
      expect(payment.data).toMatchObject({ status: "authorized", authorised_amount: "459.95" })
      expect(ledger("authorise").map((e) => e.amount)).toEqual(["459.95"])
      expect(ledger("sca-authenticated")).toHaveLength(1)
    })

    it("sends the shopper to the failure page when they stop the SCA widget, and authorises nothing", async () => {
      const cart = await cartReadyForPayment(api, store, "uk", { sku: "TABLE-OAK-NAT", quantity: 1 })
      await checkoutWithNewDay(api, store, cart.id, "approve@newpay.test")
      await api.post(`/store/carts/${cart.id}/complete`, {}, storeHeaders(store)).catch((e: any) => e.response)
      const { data } = await api.get(
        `/store/carts/${cart.id}?fields=*payment_collection.payment_sessions`,
        storeHeaders(store),
      )
      const back = await passScaWidget(
        data.cart.payment_collection.payment_sessions[0].data.sca_widget_url,
        "not_my_number",
      )
      expect(back.location.pathname).toBe("/checkout")
      expect(Object.fromEntries(back.location.searchParams)).toMatchObject({
        cart_id: cart.id,
        newday: "sca_failed",
        reason: "not_my_number",
      })
      expect(ledger("authorise")).toHaveLength(0)
    })

    it("refuses the widget hand-back with a forged state, and a session created without NewDay sign-in", async () => {
      const cart = await cartReadyForPayment(api, store, "uk", { sku: "LAMP-BRASS", quantity: 1 })
      const forged = await browser.post(
        `${env.backendUrl()}/financing/newday/sign-in/return?cart_id=${cart.id}&state=guess`,
        new URLSearchParams({
          payload: JSON.stringify({
            success: true,
            customerRef: "6a0e5c1e-2b7d-4c1a-9f3e-5d8b7a6c4e21",
            identityToken: "x",
          }),
        }).toString(),
        { headers: { "content-type": "application/x-www-form-urlencoded" } },
      )
      expect(forged.status).toBe(400)
      const options = await api
        .get(`/store/financing/newday/carts/${cart.id}/spend-options`, storeHeaders(store))
        .catch((e: any) => e.response)
      expect(options.status).toBe(400)
      expect(options.data.message).toMatch(/sign in with NewDay/)

      // The stock route accepts any data, but only sessions our route created carry NewDay credentials.
      const { data: collection } = await api.post(
        "/store/payment-collections",
        { cart_id: cart.id },
        storeHeaders(store),
      )
      await api.post(
        `/store/payment-collections/${collection.payment_collection.id}/payment-sessions`,
        { provider_id: "pp_newday_newday", data: { cart_id: cart.id } },
        storeHeaders(store),
      )
      const completed = await completeCart(api, store, cart.id).catch((e: any) => e.response.data)
      expect(JSON.stringify(completed)).toMatch(/has not signed in with NewDay|not authorized/)
      expect(ledger()).toHaveLength(0)
    })

    it("declines with NewDay's reason and creates no order and no hold", async () => {
      const cart = await cartReadyForPayment(api, store, "uk", { sku: "LAMP-BRASS", quantity: 1 })
      await checkoutWithNewDay(api, store, cart.id, "decline@newpay.test", (o) => o.spend_type === "Purchase")
      const completed = await completeCart(api, store, cart.id)
      expect(completed.type).toBe("cart")
      expect(completed.error.type).toBe("payment_authorization_error")
      expect(completed.error.message).toContain("Declined (Please speak to your credit issuer)")
      expect(ledger("authorise")).toHaveLength(0)
      expect(ledger("authorise-declined")).toHaveLength(1)

      // Decline fallback (issue #18): NewDay is no longer offered for this basket, and neither Medusa's
      // stock payment-session route nor the plugin's NewDay route starts it again.
      const { data: offers } = await api.get(`/store/financing/offers?cart_id=${cart.id}`, storeHeaders(store))
      expect(offers.offers.map((o: { lender: string }) => o.lender)).not.toContain("newday")
      expect(offers.offers.length).toBeGreaterThan(0)
      expect(offers.not_offered).toContainEqual(
        expect.objectContaining({
          lender: "newday",
          reason: "declined",
          message: expect.stringMatching(/^NewDay NewPay didn't approve this basket/),
        }),
      )
      const { data: carts } = await getContainer()
        .resolve("query")
        .graph({ entity: "cart", fields: ["payment_collection.id"], filters: { id: cart.id } })
      const stock = await api
        .post(
          `/store/payment-collections/${carts[0].payment_collection.id}/payment-sessions`,
          { provider_id: "pp_newday_newday", data: {} },
          storeHeaders(store),
        )
        .catch((e: any) => e.response)
      expect(stock.status).toBe(400)
      expect(stock.data.message).toMatch(/^NewDay NewPay didn't approve this basket/)
      const again = await checkoutWithNewDay(api, store, cart.id, "approve@newpay.test").catch((e: any) => e.response)
      expect(again.status).toBe(400)
      expect(again.data.message).toMatch(/^NewDay NewPay didn't approve this basket/)
    })

    it("settles two partial shipments, then refunds across both settlements and refuses an over-refund", async () => {
      const { order } = await exemptOrder("LAMP-BRASS", 4) // 4 × £35 + £9.95 shipping = £149.95
      const lineId = order.items[0].id
      await shipItems(api, admin, order.id, [{ id: lineId, quantity: 2 }], store.stockLocationId)
      await waitFor(
        "first settlement",
        async () => (await orderPayment(getContainer(), order.id)).captures.length === 1,
      )
      await shipItems(api, admin, order.id, [{ id: lineId, quantity: 2 }], store.stockLocationId)
      // Medusa commits the capture row before the provider's answer updates payment data: wait for both.
      const settled = await waitFor("second settlement", async () => {
        const p = await orderPayment(getContainer(), order.id)
        return p.captures.length === 2 && (p.data as Record<string, unknown>)?.settled_amount === "149.95" && p
      })
      expect(ledger("settle").map((e) => e.amount)).toEqual(["79.95", "70.00"])
      expect(sumPence(settled.captures)).toBe(14995)
      expect(settled.data).toMatchObject({ status: "captured", remaining_float: "0.00", settled_amount: "149.95" })

      const refund = await api.post(`/admin/payments/${settled.id}/refund`, { amount: 100 }, admin)
      expect(refund.status).toBe(200)
      const refunds = ledger("refund")
      expect(refunds.map((e) => [e.ref, e.amount])).toEqual([
        [settled.data.settlements[0].transaction_id, "79.95"],
        [settled.data.settlements[1].transaction_id, "20.05"],
      ])
      const afterRefund = await orderPayment(getContainer(), order.id)
      expect(afterRefund.data.refunded_amount).toBe("100.00")
      expect(sumPence(afterRefund.refunds)).toBe(10000)

      const over = await api
        .post(`/admin/payments/${settled.id}/refund`, { amount: 60 }, admin)
        .catch((e: any) => e.response)
      expect(over.status).toBe(400)
      expect(ledger("refund")).toHaveLength(2)
      expect(sumPence((await orderPayment(getContainer(), order.id)).refunds)).toBe(10000)
    })

    it("settles a shipment whose shipment.created was lost (the process died as Medusa answered) from the reconcile job, once", async () => {
      const { order } = await exemptOrder("LAMP-BRASS", 2) // 2 × £35 + £9.95 shipping = £79.95
      const lineId = order.items[0].id
      await withEventsLost(getContainer(), () =>
        shipItems(api, admin, order.id, [{ id: lineId, quantity: 1 }], store.stockLocationId),
      )
      await new Promise((resolve) => setTimeout(resolve, 1500))
      expect(ledger("settle")).toHaveLength(0)

      // Inside the grace period the subscriber may still be running: the job leaves the shipment alone.
      await runFinancingReconcile(getContainer(), { lenders: ["newday"] })
      expect(ledger("settle")).toHaveLength(0)

      const run = await runFinancingReconcile(getContainer(), { lenders: ["newday"], now: afterTheGracePeriod() })
      expect(run.errors).toEqual([])
      expect(ledger("settle").map((e) => e.amount)).toEqual(["44.95"])
      const settled = await waitFor("the settlement in Medusa", async () => {
        const p = await orderPayment(getContainer(), order.id)
        return p.captures.length === 1 && (p.data as Record<string, unknown>)?.settled_amount === "44.95" && p
      })
      expect(sumPence(settled.captures)).toBe(4495)

      // The next pass finds the settlement logged; the second shipment's event arrives as usual.
      await runFinancingReconcile(getContainer(), { lenders: ["newday"], now: afterTheGracePeriod() })
      expect(ledger("settle")).toHaveLength(1)
      await shipItems(api, admin, order.id, [{ id: lineId, quantity: 1 }], store.stockLocationId)
      await waitFor("the second settlement", async () => ledger("settle").length === 2)
      await runFinancingReconcile(getContainer(), { lenders: ["newday"], now: afterTheGracePeriod() })
      expect(ledger("settle").map((e) => e.amount)).toEqual(["44.95", "35.00"])
      expect(sumPence((await orderPayment(getContainer(), order.id)).captures)).toBe(7995)
    })

    it("settles exactly what an admin captures, and keeps Medusa's captured total equal to NewDay's settlements", async () => {
      const { order } = await exemptOrder("LAMP-BRASS", 2) // £79.95
      const payment = await orderPayment(getContainer(), order.id)
      const first = await api.post(`/admin/payments/${payment.id}/capture`, { amount: 30.5 }, admin)
      expect(first.status).toBe(200)
      const tooMuch = await api
        .post(`/admin/payments/${payment.id}/capture`, { amount: 60 }, admin)
        .catch((e: any) => e.response)
      expect(tooMuch.status).toBe(400)
      const rest = await api.post(`/admin/payments/${payment.id}/capture`, { amount: 49.45 }, admin)
      expect(rest.status).toBe(200)
      const after = await orderPayment(getContainer(), order.id)
      expect(ledger("settle").map((e) => e.amount)).toEqual(["30.50", "49.45"])
      expect(sumPence(after.captures)).toBe(ledger("settle").reduce((s, e) => s + pence(String(e.amount)), 0))
      expect(after.data).toMatchObject({ status: "captured", remaining_float: "0.00" })
    })

    it("reverses the whole float when the order is canceled before anything shipped", async () => {
      const { order } = await exemptOrder("LAMP-BRASS", 1)
      const canceled = await api.post(`/admin/orders/${order.id}/cancel`, {}, admin)
      expect(canceled.status).toBe(200)
      const payment = await orderPayment(getContainer(), order.id)
      expect(payment.canceled_at).toBeTruthy()
      expect(payment.data).toMatchObject({ status: "canceled", remaining_float: "0.00" })
      expect(ledger("reverse").map((e) => [e.ref, e.amount])).toEqual([[payment.data.authorisation_id, "44.95"]])
      const auth = env
        .sandbox()
        .state.namespace("newday")
        .collection<any>("authorisations")
        .get(payment.data.authorisation_id)
      expect(auth).toMatchObject({ status: "Closed", reversedMinor: 4495, settledMinor: 0 })
    })

    it("on cancel after a partial capture, refunds the settled part and reverses the rest of the float", async () => {
      const { order } = await exemptOrder("LAMP-BRASS", 2) // £79.95
      const payment = await orderPayment(getContainer(), order.id)
      await api.post(`/admin/payments/${payment.id}/capture`, { amount: 30 }, admin)
      const canceled = await api.post(`/admin/orders/${order.id}/cancel`, {}, admin)
      expect(canceled.status).toBe(200)
      await waitFor("the remaining float reversed", async () => ledger("reverse").length === 1)
      expect(
        env
          .sandbox()
          .ledger("newday")
          .list()
          .map((e) => `${e.type}:${e.amount}`),
      ).toEqual(["authorise:79.95", "settle:30.00", "refund:30.00", "reverse:49.95"])
      const after = await waitFor("payment data updated", async () => {
        const p = await orderPayment(getContainer(), order.id)
        return p.data.remaining_float === "0.00" && p
      })
      expect(after.data).toMatchObject({ refunded_amount: "30.00", reversals: [{ amount: "49.95" }] })
    })

    it("retries a timed-out authorise with the same idempotency key and creates one authorisation", async () => {
      const cart = await cartReadyForPayment(api, store, "uk", { sku: "LAMP-BRASS", quantity: 1 })
      await checkoutWithNewDay(api, store, cart.id, "approve@newpay.test")
      // NewDay authorises, but both attempts' answers are lost (the client retries once).
      env
        .sandbox()
        .faults.hangNext("newday", { match: { method: "POST", path: "/\\/authorisation$/" }, phase: "after", count: 2 })
      // README: an outage at complete is { type: "cart", error } in plain words, never a 500.
      const failed = await completeCart(api, store, cart.id)
      expect(failed.type).toBe("cart")
      expect(failed.error.message).toMatch(/^NewDay NewPay isn't answering right now/)
      expect(ledger("authorise")).toHaveLength(1)

      const completed = await completeCart(api, store, cart.id)
      expect(completed.type).toBe("order")
      const payment = await orderPayment(getContainer(), completed.order.id)
      expect(ledger("authorise").map((e) => e.ref)).toEqual([payment.data.authorisation_id])
      const financing = getContainer().resolve<FinancingModuleService>(FINANCING_MODULE)
      const { operations } = await financing.listOrderHistory({
        order_id: completed.order.id,
        payment_session_ids: [payment.data.session_id],
      })
      const authorises = operations.filter((o) => o.operation === "authorize")
      expect(authorises.map((o) => o.outcome).sort()).toEqual(["failed", "succeeded"])
      expect(new Set(authorises.map((o) => o.idempotency_key)).size).toBe(1)
    })
  },
})
