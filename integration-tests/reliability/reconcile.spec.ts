// The reconcile job (src/jobs/financing-reconcile.ts → runFinancingReconcile) through a real
// Medusa and the sandbox: payment sessions left waiting on a lender because the shopper never came
// back and the lender's webhook was lost (sandbox webhook-drop). Once the lender approved, one run
// creates exactly one order; a decline or an expiry cancels the session and creates none; a NewDay
// settlement that failed on shipment is retried once NewDay is back; a second run changes nothing.
// FlexShopper's signed-lease path is not covered here (its checkout needs the KBA flow).
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { seedStore, type SeededStore } from "../../demo/seed-store"
import financingReconcileJob, { config as jobConfig } from "../../src/jobs/financing-reconcile"
import { FINANCING_MODULE } from "../../src/modules/financing"
import type FinancingModuleService from "../../src/modules/financing/service"
import { runFinancingReconcile, type FinancingReconcileSummary } from "../../src/workflows/reconcile/run"
import { NEWDAY_SCA_TTL_MS } from "../../src/workflows/reconcile/newday"
import { orderPayment as newDayPayment, shipItems, sumPence, waitFor } from "../newday/orders"
import { checkoutWithNewDay, passScaWidget } from "../newday/shopper"
import { shopperOnHostedPage, startPaymentAssist } from "../payment-assist/checkout"
import { recordFigure } from "../utils/figures"
import { useSandboxAndBackend } from "../utils/sandbox"
import { adminHeaders, cartReadyForPayment, completeCart, startPaymentSession, storeHeaders } from "../utils/store-api"
import { browser } from "../vault/helpers"
import { lenderRequestsDuring, routesOf } from "../utils/lender-requests"
import { webhooksSettled } from "../utils/webhook-deliveries"

jest.setTimeout(300_000)

// Payment Assist with manual capture (its default is auto-capture): approved orders stay authorized.
const env = useSandboxAndBackend({
  NEWDAY_TIMEOUT_MS: "1500",
  NEWDAY_MAX_RETRIES: "1",
  PAYMENT_ASSIST_AUTO_CAPTURE: "false",
  PAYMENT_ASSIST_SANDBOX_WEBHOOK_BACKOFF_MS: "20",
})
const DAY = 24 * 60 * 60 * 1000

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: SeededStore
    const sandbox = () => env.sandbox()
    const financing = () => getContainer().resolve<FinancingModuleService>(FINANCING_MODULE)
    const ordersForCart = async (cartId: string) =>
      (
        (
          await getContainer()
            .resolve("query")
            .graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
        ).data as Array<{ order_id: string }>
      ).map((r) => r.order_id)
    const sessionStatus = async (sessionId: string) =>
      (await getContainer().resolve("payment").listPaymentSessions({ id: sessionId }))[0]?.status
    /** One pass as the scheduler would run it for this lender, with "now" moved on instead of waiting. */
    // A part that failed (summary.errors) fails the test with its message, not with a missing outcome.
    const reconcile = async (lender: string, now = new Date()) => {
      const run = await runFinancingReconcile(getContainer(), { lenders: [lender], now, minSessionAgeMs: 0 })
      expect(run.errors).toEqual([])
      return run
    }
    const sessionOutcome = (run: FinancingReconcileSummary, sessionId: string) =>
      run.sessions.find((s) => s.payment_session_id === sessionId)

    beforeEach(async () => {
      sandbox().reset()
      store = await seedStore(getContainer())
    })
    afterEach(async () => {
      sandbox().faults.clear()
      await webhooksSettled(sandbox(), getContainer())
    })

    /** Records the scenario and checks a second run changes nothing (no order, no lender effect, no new log row). */
    async function secondRunChangesNothing(
      lender: string,
      scenario: string,
      cartId: string,
      run: FinancingReconcileSummary,
      now: Date,
    ) {
      const orders = await ordersForCart(cartId)
      const effects = sandbox()
        .ledger(lender as never)
        .list().length
      const logRows = (await financing().listFinancingOperations({ lender } as never)).length
      const again = await reconcile(lender, now)
      expect(again.sessions.filter((s) => !["not_due", "skipped"].includes(s.result))).toEqual([])
      expect(again.closed).toEqual([])
      expect(await ordersForCart(cartId)).toEqual(orders)
      expect(
        sandbox()
          .ledger(lender as never)
          .list(),
      ).toHaveLength(effects)
      expect(await financing().listFinancingOperations({ lender } as never)).toHaveLength(logRows)
      recordFigure(__filename, {
        table: "reconcile",
        lender,
        scenario,
        "sessions acted on": run.sessions.filter((s) => ["completed", "canceled"].includes(s.result)).length,
        orders: orders.length,
        "changes on second run": 0,
      })
    }

    it("is scheduled every five minutes and runs as a job; FINANCING_RECONCILE_JOB=off makes the scheduled pass do nothing", async () => {
      expect(jobConfig).toMatchObject({ name: "financing-reconcile", schedule: "*/5 * * * *" })
      // An approved application whose shopper never came back: the job's pass places its order.
      const cart = await cartReadyForPayment(api, store, "uk")
      const started = await startPaymentAssist(api, store, cart.id)
      await shopperOnHostedPage(started.redirect_url)

      expect(process.env.FINANCING_RECONCILE_JOB).toBe("off") // set for every test server (utils/sandbox.ts)
      await expect(financingReconcileJob(getContainer())).resolves.toBeUndefined()
      expect(await ordersForCart(cart.id)).toEqual([])

      process.env.FINANCING_RECONCILE_JOB = ""
      try {
        await expect(financingReconcileJob(getContainer())).resolves.toBeUndefined()
      } finally {
        process.env.FINANCING_RECONCILE_JOB = "off"
      }
      expect(await ordersForCart(cart.id)).toHaveLength(1)
    })

    it("Payment Assist: approved (shopper never returned) → one order; declined with the webhook lost → canceled; expired → canceled", async () => {
      // Approved on the hosted page; no webhook is sent for pending_capture and the browser never returns.
      const approvedCart = await cartReadyForPayment(api, store, "uk")
      const approved = await startPaymentAssist(api, store, approvedCart.id)
      await shopperOnHostedPage(approved.redirect_url)
      // Declined; its webhook is lost.
      sandbox().faults.dropWebhooks("payment-assist", { count: 10 })
      const declinedCart = await cartReadyForPayment(api, store, "uk")
      const declined = await startPaymentAssist(api, store, declinedCart.id)
      await shopperOnHostedPage(declined.redirect_url, { cardholderName: "Someone Else" })
      await webhooksSettled(sandbox(), getContainer())
      // Still pending: the lender has not decided.
      const waitingCart = await cartReadyForPayment(api, store, "uk")
      const waiting = await startPaymentAssist(api, store, waitingCart.id)

      const now = new Date()
      const run = await reconcile("payment-assist", now)
      expect(sessionOutcome(run, approved.payment_session.id)).toMatchObject({
        result: "completed",
        lender_status: "pending_capture",
      })
      expect(await ordersForCart(approvedCart.id)).toHaveLength(1)
      expect(sessionOutcome(run, declined.payment_session.id)).toMatchObject({
        result: "canceled",
        lender_status: "failed",
      })
      expect(await ordersForCart(declinedCart.id)).toEqual([])
      expect(await sessionStatus(declined.payment_session.id)).toBe("error")
      expect(sessionOutcome(run, waiting.payment_session.id)).toMatchObject({ result: "waiting", attempts: 1 })
      const [entry] = await financing().listFinancingOperations({
        operation: "reconcile",
        payment_session_id: waiting.payment_session.id,
      } as never)
      expect(entry).toMatchObject({ outcome: "pending", attempts: 1 })
      expect(new Date(entry.next_attempt_at!).getTime()).toBeGreaterThan(now.getTime())
      await secondRunChangesNothing("payment-assist", "approved / declined (webhook lost)", approvedCart.id, run, now)

      // Payment Assist lets the untouched application expire; the next due run cancels the session.
      sandbox().clock.advance(2 * DAY)
      const later = new Date(now.getTime() + 2 * DAY)
      const expiredRun = await reconcile("payment-assist", later)
      expect(sessionOutcome(expiredRun, waiting.payment_session.id)).toMatchObject({
        result: "canceled",
        lender_status: "expired",
      })
      expect(await sessionStatus(waiting.payment_session.id)).toBe("canceled")
      expect(await ordersForCart(waitingCart.id)).toEqual([])
      await secondRunChangesNothing("payment-assist", "expired", waitingCart.id, expiredRun, later)
    })

    it("NewDay: SCA passed but the authorise answer lost → one order and one hold; an abandoned SCA challenge → canceled after it expires", async () => {
      // SCA needed (above the exemption threshold); the shopper authenticates but both authorise answers are lost.
      const cart = await cartReadyForPayment(api, store, "uk", { sku: "TABLE-OAK-NAT", quantity: 1 })
      await checkoutWithNewDay(api, store, cart.id, "approve@newpay.test")
      await api.post(`/store/carts/${cart.id}/complete`, {}, storeHeaders(store)).catch((e: any) => e.response)
      const { data } = await api.get(
        `/store/carts/${cart.id}?fields=*payment_collection.payment_sessions`,
        storeHeaders(store),
      )
      const session = data.cart.payment_collection.payment_sessions[0]
      sandbox().faults.hangNext("newday", {
        match: { method: "POST", path: "/\\/authorisation$/" },
        phase: "after",
        count: 2,
      })
      const back = await passScaWidget(session.data.sca_widget_url)
      expect(back.location.searchParams.get("newday")).toBe("authorisation_failed")
      expect(await ordersForCart(cart.id)).toEqual([])
      expect(sandbox().ledger("newday").list({ type: "authorise" })).toHaveLength(1)

      // Another shopper opens the SCA widget and walks away.
      const abandonedCart = await cartReadyForPayment(api, store, "uk", { sku: "TABLE-OAK-NAT", quantity: 1 })
      await checkoutWithNewDay(api, store, abandonedCart.id, "approve@newpay.test")
      await api.post(`/store/carts/${abandonedCart.id}/complete`, {}, storeHeaders(store)).catch((e: any) => e.response)
      const abandoned = (
        await api.get(
          `/store/carts/${abandonedCart.id}?fields=*payment_collection.payment_sessions`,
          storeHeaders(store),
        )
      ).data.cart.payment_collection.payment_sessions[0]

      const now = new Date()
      const run = await reconcile("newday", now)
      expect(sessionOutcome(run, session.id)).toMatchObject({ result: "completed" })
      const [orderId] = await ordersForCart(cart.id)
      expect(orderId).toMatch(/^order_/)
      const payment = await newDayPayment(getContainer(), orderId)
      expect(
        sandbox()
          .ledger("newday")
          .list({ type: "authorise" })
          .map((e) => e.ref),
      ).toEqual([payment.data.authorisation_id])
      expect(sessionOutcome(run, abandoned.id)).toMatchObject({ result: "waiting" }) // the challenge is still live
      await secondRunChangesNothing("newday", "SCA passed, authorise answer lost", cart.id, run, now)

      const later = new Date(now.getTime() + NEWDAY_SCA_TTL_MS + 60_000)
      const expiredRun = await reconcile("newday", later)
      expect(sessionOutcome(expiredRun, abandoned.id)).toMatchObject({ result: "canceled" })
      expect(await sessionStatus(abandoned.id)).toBe("canceled")
      expect(await ordersForCart(abandonedCart.id)).toEqual([])
      // A late widget post finds no challenge to complete.
      const late = await passScaWidget(abandoned.data.sca_widget_url).catch((e: Error) => e)
      expect(late).toBeInstanceOf(Error)
      expect(await ordersForCart(abandonedCart.id)).toEqual([])
      await secondRunChangesNothing("newday", "SCA challenge abandoned", abandonedCart.id, expiredRun, later)
    })

    it("NewDay: a settlement that failed on shipment is retried by the job once NewDay is back, and settles once", async () => {
      const admin = await adminHeaders(api, getContainer())
      const cart = await cartReadyForPayment(api, store, "uk", { sku: "LAMP-BRASS", quantity: 1 })
      await checkoutWithNewDay(api, store, cart.id, "approve@newpay.test")
      const { order } = await completeCart(api, store, cart.id)
      sandbox().faults.failNext("newday", 503, { match: { method: "POST", path: "/\\/settle$/" }, count: 2 })
      const fulfillmentId = await shipItems(
        api,
        admin,
        order.id,
        [{ id: order.items[0].id, quantity: 1 }],
        store.stockLocationId,
      )
      await waitFor(
        "the failed settlement",
        async () =>
          (
            await financing().listFinancingOperations({
              operation: "settle-shipment",
              fulfillment_id: fulfillmentId,
              outcome: "failed",
            } as never)
          )[0],
      )
      expect(sandbox().ledger("newday").list({ type: "settle" })).toHaveLength(0)

      const notYet = await reconcile("newday", new Date())
      expect(notYet.confirmations.newday).toEqual([]) // not due yet: backoff
      const later = new Date(Date.now() + 60 * 60 * 1000)
      const run = await reconcile("newday", later)
      expect(run.confirmations.newday).toEqual([
        expect.objectContaining({ operation: "settle-shipment", outcome: "succeeded" }),
      ])
      expect(
        sandbox()
          .ledger("newday")
          .list({ type: "settle" })
          .map((e) => e.amount),
      ).toEqual(["44.95"])
      expect(sumPence((await newDayPayment(getContainer(), order.id)).captures)).toBe(4495)
      expect((await reconcile("newday", later)).confirmations.newday).toEqual([])
      expect(sandbox().ledger("newday").list({ type: "settle" })).toHaveLength(1)
      recordFigure(__filename, {
        table: "reconcile",
        lender: "newday",
        scenario: "settle on shipment failed, retried",
        "sessions acted on": 0,
        orders: 1,
        "changes on second run": 0,
      })
    })

    it("Vault: paid on the hosted page with the notification lost → one order; declined → canceled", async () => {
      sandbox().faults.dropWebhooks("vault", { count: 20 })
      const paidCart = await cartReadyForPayment(api, store, "uk")
      const paid = (await startPaymentSession(api, store, paidCart.id, "pp_vault_vault")).payment_sessions[0]
      const declinedCart = await cartReadyForPayment(api, store, "uk")
      const declined = (await startPaymentSession(api, store, declinedCart.id, "pp_vault_vault")).payment_sessions[0]
      for (const [session, outcome] of [
        [paid, "approve"],
        [declined, "decline"],
      ] as const) {
        // The shopper pays (or is declined) at Checkout.com; Vault records it; the browser never comes back.
        const clicked = await browser.post(session.data.checkout_url, `outcome=${outcome}`, {
          headers: { "content-type": "application/x-www-form-urlencoded" },
        })
        await browser.get(clicked.headers.location)
      }
      await webhooksSettled(sandbox(), getContainer())
      expect(await ordersForCart(paidCart.id)).toEqual([])

      const now = new Date()
      const run = await reconcile("vault", now)
      expect(sessionOutcome(run, paid.id)).toMatchObject({ result: "completed", lender_status: "SUCCESS" })
      expect(await ordersForCart(paidCart.id)).toHaveLength(1)
      expect(sessionOutcome(run, declined.id)).toMatchObject({ result: "canceled" })
      expect(await ordersForCart(declinedCart.id)).toEqual([])
      await secondRunChangesNothing("vault", "paid / declined, notification lost", paidCart.id, run, now)
    })

    it("Vault: a session the job left waiting that the shopper's payment then settled → its entry is closed, not pending for ever", async () => {
      const cart = await cartReadyForPayment(api, store, "uk")
      const session = (await startPaymentSession(api, store, cart.id, "pp_vault_vault")).payment_sessions[0]
      const now = new Date()
      // The job looks while the shopper is still on the hosted page: Vault says PENDING, ask again later.
      const first = await reconcile("vault", now)
      expect(sessionOutcome(first, session.id)).toMatchObject({ result: "waiting", lender_status: "PENDING" })
      const entry = async () => financing().findOperationByIdempotencyKey(`reconcile:session:${session.id}`)
      expect(await entry()).toMatchObject({ outcome: "pending", attempts: 1 })

      // Then the shopper pays and Vault's notification places the order: the session leaves the job's list.
      const clicked = await browser.post(session.data.checkout_url, "outcome=approve", {
        headers: { "content-type": "application/x-www-form-urlencoded" },
      })
      await browser.get(clicked.headers.location)
      await webhooksSettled(sandbox(), getContainer())
      expect(await ordersForCart(cart.id)).toHaveLength(1)
      expect(await sessionStatus(session.id)).toBe("authorized")

      // The next pass closes the entry without asking Vault again.
      const later = new Date(now.getTime() + 60 * 60_000)
      const { result: next, requests } = await lenderRequestsDuring(sandbox(), "vault", () => reconcile("vault", later))
      expect(routesOf(requests)).toEqual([])
      expect(next.closed).toEqual([{ kind: "session", watched_id: session.id, lender: "vault", now: "authorized" }])
      expect(sessionOutcome(next, session.id)).toBeUndefined()
      expect(await entry()).toMatchObject({
        outcome: "succeeded",
        next_attempt_at: null,
        detail: {
          result: "finished_elsewhere",
          reason: "finished outside the reconcile job: Medusa shows the payment session authorized",
        },
      })
      expect(
        await financing().listFinancingOperations({ outcome: "pending", payment_session_id: session.id } as never),
      ).toEqual([])
      await secondRunChangesNothing("vault", "waiting, then settled by the notification", cart.id, next, later)
    })
  },
})
