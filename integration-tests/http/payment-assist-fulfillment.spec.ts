// Payment Assist with its default configuration for capture (auto-capture, as Payment Assist's own
// /begin default; the option is left unset here on purpose) and manual refunds: approval = captured (no /capture call),
// the webhook completes the cart of a shopper who never returns, a webhook-only decline, the
// invoice rendered and uploaded after shipment (not before) — by the reconcile job when the
// shipment's event was lost — admin re-upload, manual refunds.
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { seedStore, type SeededStore } from "../../demo/seed-store"
import { FINANCING_MODULE } from "../../src/modules/financing"
import type FinancingModuleService from "../../src/modules/financing/service"
import { lenderRequestsDuring, routesOf } from "../utils/lender-requests"
import { useSandboxAndBackend } from "../utils/sandbox"
import { adminHeaders, cartReadyForPayment, completeCart, startPaymentSession } from "../utils/store-api"
import {
  followReturn,
  fulfillOrder,
  orderPayment,
  sessionRow,
  shipFulfillment,
  shopperOnHostedPage,
  startPaymentAssist,
  waitFor,
} from "../payment-assist/checkout"
import { runFinancingReconcile } from "../../src/workflows/reconcile/run"
import { afterTheGracePeriod, withEventsLost } from "../utils/lost-events"
import { webhooksSettled } from "../utils/webhook-deliveries"

jest.setTimeout(180_000)

const env = useSandboxAndBackend({
  PAYMENT_ASSIST_MANUAL_REFUNDS: "true",
  PAYMENT_ASSIST_INVOICE_TRIGGER: "shipment",
  PAYMENT_ASSIST_SELLER_NAME: "Sandbox Furniture Ltd",
  PAYMENT_ASSIST_SANDBOX_WEBHOOK_BACKOFF_MS: "20",
})

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: SeededStore
    let admin: { headers: Record<string, string> }
    const application = (token: string) =>
      env.sandbox().state.namespace("payment-assist").collection<Record<string, any>>("applications").get(token)!
    const invoiceOf = (token: string) =>
      env
        .sandbox()
        .state.namespace("payment-assist")
        .collection<{ filetype: string; data: Buffer }>("invoices")
        .get(token)
    const ledger = (type?: string, ref?: string) => env.sandbox().ledger("payment-assist").list({ type, ref })
    const financing = () => getContainer().resolve<FinancingModuleService>(FINANCING_MODULE)
    const orderForCart = async (cartId: string) =>
      (
        (
          await getContainer()
            .resolve("query")
            .graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
        ).data[0] as any
      )?.order_id as string | undefined

    beforeEach(async () => {
      env.sandbox().reset()
      store = await seedStore(getContainer())
      admin = await adminHeaders(api, getContainer())
    })
    // A lender callback still in flight must not land in the next test's database.
    afterEach(() => webhooksSettled(env.sandbox(), getContainer()))

    async function capturedOrder() {
      const cart = await cartReadyForPayment(api, store, "uk")
      const started = await startPaymentAssist(api, store, cart.id)
      const storefront = await followReturn(api, await shopperOnHostedPage(started.redirect_url))
      await webhooksSettled(env.sandbox(), getContainer()) // the completed-webhook races the return; let it settle
      const orderId = storefront.searchParams.get("order_id")!
      return {
        cart,
        token: started.payment_session.data.token as string,
        orderId,
        ...(await orderPayment(getContainer(), orderId)),
      }
    }

    it("with auto-capture, approval is the capture: the order's payment is captured without a /capture call", async () => {
      const { token, payment, order } = await capturedOrder()
      expect(application(token)).toMatchObject({ auto_capture: true, status: "completed" })
      expect(payment.captured_at).toBeTruthy()
      expect(payment.captures).toHaveLength(1)
      expect(order!.payment_collections[0].status).toBe("completed")
      expect(ledger("capture", token).map((e) => e.data)).toEqual([{ auto: true, unit: "pence" }])
      await waitFor(
        "order number on the agreement",
        async () => application(token).order_id === String(order!.display_id),
      )
    })

    // With auto-capture the order.placed work reads no /status (the payment is stored as completed),
    // so every /status read while the return is answered is the return's own.
    it("the return reads the application once: the /status answer that decided it also authorizes the payment", async () => {
      const cart = await cartReadyForPayment(api, store, "uk")
      const started = await startPaymentAssist(api, store, cart.id)
      env.sandbox().faults.dropWebhooks("payment-assist", { count: 5 }) // only the return completes the cart
      const returnUrl = await shopperOnHostedPage(started.redirect_url)
      const first = await lenderRequestsDuring(env.sandbox(), "payment-assist", () => followReturn(api, returnUrl))
      const orderId = first.result.searchParams.get("order_id")
      expect(orderId).toBe(await orderForCart(cart.id))
      // Before the request-scoped read memo: two (the sync workflow's, then the provider's authorize).
      expect(routesOf(first.requests).filter((r) => r === "GET /status")).toHaveLength(1)
      // The provider did authorize (from that answer): it was not skipped.
      const authorized = await financing().listFinancingOperations({
        lender: "payment-assist",
        operation: "authorize",
        payment_session_id: started.payment_session.id,
      } as never)
      expect(authorized.map((o: any) => [o.outcome, o.detail?.status])).toEqual([["succeeded", "completed"]])

      // A later request asks Payment Assist again: nothing survives the request that read it.
      const again = await lenderRequestsDuring(env.sandbox(), "payment-assist", () => followReturn(api, returnUrl))
      expect(again.result.searchParams.get("order_id")).toBe(orderId)
      expect(routesOf(again.requests).filter((r) => r === "GET /status")).toHaveLength(1)
    })

    it("completes the cart from the webhook when the shopper never comes back, once even if the webhook comes twice", async () => {
      const cart = await cartReadyForPayment(api, store, "uk")
      const started = await startPaymentAssist(api, store, cart.id)
      env.sandbox().faults.duplicateWebhooks("payment-assist")
      await shopperOnHostedPage(started.redirect_url) // the browser never follows the redirect
      await webhooksSettled(env.sandbox(), getContainer())
      const deliveries = env.sandbox().webhooks.log("payment-assist")
      expect(deliveries.map((d) => [d.event, d.copy, d.status])).toEqual([
        ["application.completed", 1, 200],
        ["application.completed", 2, 200],
      ])
      // Answered once recorded (the cart is completed afterwards, from the event bus; the log below says so).
      expect(JSON.parse(deliveries[0].responseBody!)).toEqual({ received: true })
      // The copy is the same delivery (same event, token, time and signature): acknowledged, not processed again.
      expect(JSON.parse(deliveries[1].responseBody!)).toEqual({ received: true, duplicate: true })

      const orderId = await orderForCart(cart.id)
      expect(orderId).toMatch(/^order_/)
      const { payment } = await orderPayment(getContainer(), orderId!)
      expect(payment.captured_at).toBeTruthy()
      expect(ledger("capture")).toHaveLength(1)
      const log = await financing().listFinancingOperations({
        lender: "payment-assist",
        operation: "webhook",
        payment_session_id: started.payment_session.id,
      } as never)
      expect(log.map((o: any) => o.detail.action)).toEqual(["completed_cart"])
      expect(log.find((o: any) => o.detail.action === "completed_cart")).toMatchObject({
        outcome: "succeeded",
        order_id: orderId,
        detail: { event: "application.completed" },
      })
      // The shopper's browser arriving late changes nothing and still lands on the order.
      expect((await completeCart(api, store, cart.id)).order.id).toBe(orderId)
    })

    it("marks the payment collection failed from the webhook alone when the deposit is declined", async () => {
      const cart = await cartReadyForPayment(api, store, "uk")
      const started = await startPaymentAssist(api, store, cart.id)
      await shopperOnHostedPage(started.redirect_url, { cardNumber: "4000 0000 0000 0002" })
      await webhooksSettled(env.sandbox(), getContainer())
      const session = await sessionRow(getContainer(), started.payment_session.id)
      expect(session.status).toBe("error")
      expect(session.payment_collection!.status).toBe("failed")
      expect(await orderForCart(cart.id)).toBeUndefined()
    })

    it("uploads a PDF invoice after shipment (not on fulfillment), once, and re-uploads on demand from the admin", async () => {
      const { token, orderId, order } = await capturedOrder()
      const { fulfillmentId, items } = await fulfillOrder(api, admin, orderId, store.stockLocationId)
      await new Promise((r) => setTimeout(r, 500))
      expect(invoiceOf(token)).toBeUndefined()

      // Payment Assist is briefly down: the upload is retried within the same run.
      env.sandbox().faults.failNext("payment-assist", 503, { match: { path: "/invoice" } })
      await shipFulfillment(api, admin, orderId, fulfillmentId, items)
      const invoice = await waitFor("invoice upload", async () => invoiceOf(token))
      expect(invoice.filetype).toBe("pdf")
      const pdf = invoice.data.toString("latin1")
      expect(pdf.startsWith("%PDF-1.4")).toBe(true)
      expect(pdf).toContain(`(Invoice ${order!.display_id})`)
      expect(pdf).toContain("(Sandbox Furniture Ltd)")
      expect(pdf).toContain("(Total: \xa3459.95)")
      expect(application(token).invoice).toMatchObject({ filetype: "pdf" })
      const uploads = await waitFor("the upload in the financing log", async () => {
        const rows = await financing().listFinancingOperations({
          lender: "payment-assist",
          operation: "invoice-upload",
        } as never)
        // Written pending before the first call; done once the run's outcome replaces it.
        return rows.length && rows.every((r) => r.outcome !== "pending") ? rows : undefined
      })
      expect(uploads).toEqual([
        expect.objectContaining({
          outcome: "succeeded",
          order_id: orderId,
          fulfillment_id: fulfillmentId,
          attempts: 2,
        }),
      ])
      expect(ledger("invoice.upload", token)).toHaveLength(1)

      const { data } = await api.post(`/admin/financing/payment-assist/orders/${orderId}/invoice`, {}, admin)
      expect(data.invoice).toMatchObject({ uploaded: true, upload_status: "success" })
      expect(ledger("invoice.upload", token)).toHaveLength(2)
    })

    it("uploads the invoice of a shipment whose shipment.created was lost (the process died as Medusa answered) from the reconcile job, once", async () => {
      const { token, orderId } = await capturedOrder()
      const { fulfillmentId, items } = await fulfillOrder(api, admin, orderId, store.stockLocationId)
      await withEventsLost(getContainer(), () => shipFulfillment(api, admin, orderId, fulfillmentId, items))
      await new Promise((r) => setTimeout(r, 1500))
      expect(invoiceOf(token)).toBeUndefined()

      // Inside the grace period the subscriber may still be running: the job leaves the order alone.
      await runFinancingReconcile(getContainer(), { lenders: ["payment-assist"] })
      expect(ledger("invoice.upload", token)).toHaveLength(0)

      const run = await runFinancingReconcile(getContainer(), {
        lenders: ["payment-assist"],
        now: afterTheGracePeriod(),
      })
      expect(run.errors).toEqual([])
      expect(invoiceOf(token)).toMatchObject({ filetype: "pdf" })
      expect(ledger("invoice.upload", token)).toHaveLength(1)
      await runFinancingReconcile(getContainer(), { lenders: ["payment-assist"], now: afterTheGracePeriod() })
      expect(ledger("invoice.upload", token)).toHaveLength(1)
      expect(
        await financing().listFinancingOperations({ lender: "payment-assist", operation: "invoice-upload" } as never),
      ).toEqual([expect.objectContaining({ outcome: "succeeded", order_id: orderId })])
    })

    it("does not touch orders paid another way, and says so on a manual re-upload", async () => {
      const cart = await cartReadyForPayment(api, store, "uk")
      await startPaymentSession(api, store, cart.id, "pp_system_default")
      const order = (await completeCart(api, store, cart.id)).order
      const { fulfillmentId, items } = await fulfillOrder(api, admin, order.id, store.stockLocationId)
      await shipFulfillment(api, admin, order.id, fulfillmentId, items)
      await new Promise((r) => setTimeout(r, 500))
      expect(ledger("invoice.upload")).toHaveLength(0)
      const manual = await api
        .post(`/admin/financing/payment-assist/orders/${order.id}/invoice`, {}, admin)
        .catch((e: any) => e.response)
      expect(manual.status).toBe(400)
      expect(manual.data.message).toBe(
        "Payment Assist invoice not uploaded: the order was not paid with Payment Assist.",
      )
    })

    it("records refunds for the dealer dashboard in manual-refund mode", async () => {
      const { payment, orderId } = await capturedOrder()
      const { data } = await api.post(`/admin/payments/${payment.id}/refund`, { amount: 50 }, admin)
      expect(data.payment.refunds).toHaveLength(1)
      const { payment: after } = await orderPayment(getContainer(), orderId)
      expect(after.data.manual_refunds).toEqual([expect.objectContaining({ amount: "50.00" })])
      const flagged = await financing().listFinancingOperations({
        lender: "payment-assist",
        operation: "refund",
      } as never)
      expect(flagged).toEqual([
        expect.objectContaining({
          outcome: "action_required",
          payment_session_id: expect.stringMatching(/^payses_/),
          error_message: expect.stringMatching(/refund it in the Payment Assist dealer dashboard/),
        }),
      ])
      expect(ledger("refund")).toHaveLength(0) // nothing reached the lender: it has no refund API
    })
  },
})
