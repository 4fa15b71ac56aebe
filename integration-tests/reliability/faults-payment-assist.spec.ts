// Payment Assist under lender faults, through a real Medusa and the sandbox: every fault kind
// (5xx, 429, timeout, connection reset, garbled body) on every call of the checkout and order
// path — begin (payment session), status (the signed return that authorizes), capture, cancel
// (/update expiry=0) and the invoice upload after shipment. Each case checks: the shopper/admin
// gets an error naming Payment Assist (no stack, no secret); only idempotent calls were repeated;
// no order exists without an approved application; once the fault clears the retry takes effect
// exactly once (one begin, one order, one capture, one expiry, one invoice in the lender ledger).
// Refunds make no lender call (Payment Assist has no refund API), so there is nothing to fault.
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { retryPaymentAssistInvoices } from "../../src/workflows/payment-assist/retry-invoices"
import { runFinancingReconcile } from "../../src/workflows/reconcile/run"
import {
  fulfillOrder,
  followReturn,
  orderPayment,
  shipFulfillment,
  shopperOnHostedPage,
  startPaymentAssist,
  waitFor,
} from "../payment-assist/checkout"
import { useSandboxAndBackend } from "../utils/sandbox"
import { cartReadyForPayment, storeHeaders } from "../utils/store-api"
import {
  applied,
  clearErrorOf,
  duplicateEffects,
  failed,
  FAULT_KINDS,
  inject,
  lenderFaultSpec,
  recordFault,
} from "./helpers/faults"
import { webhooksSettled } from "../utils/webhook-deliveries"

jest.setTimeout(600_000)

const LENDER = "payment-assist"
const NAME = "Payment Assist"
const SECRETS = ["demo_SandboxSecretNotForProd0001", "demosandboxkey01"]
// Short client timeouts so a hanging lender fails in seconds; the sandbox retries webhooks fast.
// Manual capture (Payment Assist's default is auto-capture): the faults at /capture are part of the matrix.
const env = useSandboxAndBackend({
  PAYMENT_ASSIST_AUTO_CAPTURE: "false",
  PAYMENT_ASSIST_TIMEOUT_MS: "1500",
  PAYMENT_ASSIST_SANDBOX_WEBHOOK_BACKOFF_MS: "20",
})

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const seeded = lenderFaultSpec(LENDER, env, { api, getContainer })
    const { sandbox, ledger, financing, ordersForCart } = seeded

    afterEach(async () => {
      sandbox().faults.clear()
      await webhooksSettled(sandbox(), getContainer())
    })

    async function approvedOrder() {
      const cart = await cartReadyForPayment(api, seeded.store, "uk")
      const started = await startPaymentAssist(api, seeded.store, cart.id)
      const storefront = await followReturn(api, await shopperOnHostedPage(started.redirect_url))
      const orderId = storefront.searchParams.get("order_id")!
      expect(orderId).toMatch(/^order_/)
      return {
        cart,
        token: started.payment_session.data.token as string,
        orderId,
        ...(await orderPayment(getContainer(), orderId)),
      }
    }

    it("begin (payment session): a clear error, /begin never repeated, one application once the fault clears", async () => {
      for (const kind of FAULT_KINDS) {
        const cart = await cartReadyForPayment(api, seeded.store, "uk")
        const before = ledger("application.begin").length
        const fault = inject(sandbox(), LENDER, kind, { method: "POST", path: "/begin" })
        const res = await failed(
          api.post("/store/financing/payment-assist/sessions", { cart_id: cart.id }, storeHeaders(seeded.store)),
        )
        expect(res.status).toBeGreaterThanOrEqual(400)
        const error = clearErrorOf(res.data, NAME, SECRETS)
        expect(applied(sandbox(), LENDER, fault)).toBe(1) // a POST without an idempotency key is never repeated
        // A lost answer may leave an application nobody can reach (it expires unsigned; no money moved).
        expect(ledger("application.begin").length - before).toBe(kind.lenderActed ? 1 : 0)
        sandbox().faults.clear(LENDER)

        const started = await startPaymentAssist(api, seeded.store, cart.id)
        expect(started.payment_session.data.token).toBeTruthy()
        expect(ledger("application.begin").length - before).toBe(kind.lenderActed ? 2 : 1)
        expect(await ordersForCart(cart.id)).toEqual([])
        recordFault(__filename, LENDER, "initiate", kind, {
          injected: applied(sandbox(), LENDER, fault),
          error,
          duplicates: duplicateEffects(sandbox(), LENDER, ["capture", "invoice.upload"]),
          lost: 0,
        })
      }
    })

    it("authorize (signed return → /status): the shopper sees a failure page, no order; the next return places exactly one", async () => {
      for (const kind of FAULT_KINDS) {
        const cart = await cartReadyForPayment(api, seeded.store, "uk")
        const started = await startPaymentAssist(api, seeded.store, cart.id)
        const returnUrl = await shopperOnHostedPage(started.redirect_url) // approved: pending_capture
        // Three in a row outlast the client's two retries of this idempotent GET.
        const fault = inject(sandbox(), LENDER, kind, { method: "GET", path: "/status" }, 3)
        const storefront = await followReturn(api, returnUrl)
        expect(Object.fromEntries(storefront.searchParams)).toEqual({ reason: "processing_error" })
        expect(await ordersForCart(cart.id)).toEqual([])
        const injected = applied(sandbox(), LENDER, fault)
        expect(injected).toBe(kind.retriedWhenIdempotent ? 3 : 1)
        const [logged] = await financing().listFinancingOperations({
          lender: LENDER,
          operation: "return",
          outcome: "failed",
          payment_session_id: started.payment_session.id,
        } as never)
        const error = clearErrorOf({ message: logged.error_message }, NAME, SECRETS)
        sandbox().faults.clear(LENDER)

        const again = await followReturn(api, returnUrl)
        const orders = await ordersForCart(cart.id)
        expect(orders).toHaveLength(1)
        expect(again.searchParams.get("order_id")).toBe(orders[0])
        // A third return (the shopper reloads) changes nothing.
        await followReturn(api, returnUrl)
        expect(await ordersForCart(cart.id)).toHaveLength(1)
        recordFault(__filename, LENDER, "authorize", kind, {
          injected,
          error,
          duplicates: duplicateEffects(sandbox(), LENDER, ["capture", "invoice.upload"]),
          lost: 0,
        })
      }
    })

    it("capture: the admin gets the error, /capture is never repeated, the retry captures once (also when the first one landed)", async () => {
      for (const kind of FAULT_KINDS) {
        const { token, payment } = await approvedOrder()
        const fault = inject(sandbox(), LENDER, kind, { method: "POST", path: "/capture" })
        const res = await failed(api.post(`/admin/payments/${payment.id}/capture`, {}, seeded.admin))
        // A lender outage is a 400 in plain words, never a 500 (issue #15 F6); the detail is in the financing log.
        expect(res.status).toBe(400)
        const error = clearErrorOf(res.data, NAME, SECRETS)
        expect(error).toMatch(/^Payment Assist didn't answer the capture — Medusa recorded no capture/)
        expect(applied(sandbox(), LENDER, fault)).toBe(1)
        expect(ledger("capture", token)).toHaveLength(kind.lenderActed ? 1 : 0)
        sandbox().faults.clear(LENDER)

        const retried = await api.post(`/admin/payments/${payment.id}/capture`, {}, seeded.admin)
        expect(retried.status).toBe(200)
        expect(ledger("capture", token)).toHaveLength(1)
        recordFault(__filename, LENDER, "capture", kind, {
          injected: 1,
          error,
          duplicates: duplicateEffects(sandbox(), LENDER, ["capture"]),
          lost: 0,
        })
      }
    })

    it("cancel (/update expiry=0): logged as failed; the reconcile job expires the application once Medusa let the order cancel anyway", async () => {
      for (const kind of FAULT_KINDS) {
        const { token, orderId, payment } = await approvedOrder()
        const fault = inject(sandbox(), LENDER, kind, { method: "POST", path: "/update" })
        // Medusa's cancel-payment step swallows provider errors: the order is canceled, the payment is not.
        const res = await api.post(`/admin/orders/${orderId}/cancel`, {}, seeded.admin)
        expect(res.status).toBe(200)
        expect(applied(sandbox(), LENDER, fault)).toBe(1)
        expect(ledger("application.expired", token)).toHaveLength(kind.lenderActed ? 1 : 0)
        expect((await orderPayment(getContainer(), orderId)).payment.canceled_at).toBeNull()
        const [logged] = await financing().listFinancingOperations(
          { lender: LENDER, operation: "cancel", outcome: "failed" } as never,
          { order: { created_at: "DESC" }, take: 1 } as never,
        )
        const error = clearErrorOf({ message: logged.error_message }, NAME, SECRETS)
        sandbox().faults.clear(LENDER)

        const run = await runFinancingReconcile(getContainer(), { lenders: [LENDER] })
        expect(run.canceledOrders).toEqual([
          expect.objectContaining({ order_id: orderId, payment_id: payment.id, result: "canceled" }),
        ])
        expect(ledger("application.expired", token)).toHaveLength(1)
        expect((await orderPayment(getContainer(), orderId)).payment.canceled_at).toBeTruthy()
        expect((await runFinancingReconcile(getContainer(), { lenders: [LENDER] })).canceledOrders).toEqual([])
        expect(ledger("application.expired", token)).toHaveLength(1)
        expect(ledger("capture", token)).toHaveLength(0)
        recordFault(__filename, LENDER, "cancel", kind, {
          injected: 1,
          error,
          duplicates: duplicateEffects(sandbox(), LENDER, ["application.expired"]),
          lost: 0,
        })
      }
    })

    it("invoice upload on shipment: never filed twice after a lost answer; a refused upload is retried until it lands once", async () => {
      for (const kind of FAULT_KINDS) {
        const { token, orderId, payment } = await approvedOrder()
        await api.post(`/admin/payments/${payment.id}/capture`, {}, seeded.admin)
        // The upload step tries three times per run; three faults outlast a run that cannot tell.
        const fault = inject(sandbox(), LENDER, kind, { method: "POST", path: "/invoice" }, 3)
        const { fulfillmentId, items } = await fulfillOrder(api, seeded.admin, orderId, seeded.store.stockLocationId)
        await shipFulfillment(api, seeded.admin, orderId, fulfillmentId, items)
        // The entry is written pending before the first call (a crash mid-upload leaves it for the
        // reconcile job); the run's outcome replaces it.
        const first = await waitFor("the invoice upload's outcome to be logged", async () => {
          const [op] = await financing().listFinancingOperations({
            lender: LENDER,
            operation: "invoice-upload",
            order_id: orderId,
          } as never)
          return op?.outcome !== "pending" && op
        })
        const injected = applied(sandbox(), LENDER, fault)
        let error = ""
        if (kind.lenderActed) {
          // The first upload landed; /status shows it on file, so no second upload was made.
          expect(first.outcome).toBe("succeeded")
          expect(injected).toBe(1)
        } else {
          expect(first).toMatchObject({ outcome: "failed", attempts: 3 })
          expect(first.next_attempt_at).toBeTruthy()
          error = clearErrorOf({ message: first.error_message }, NAME, SECRETS)
          expect(injected).toBe(3)
          expect(ledger("invoice.upload", token)).toHaveLength(0)
          sandbox().faults.clear(LENDER)
          const outcomes = await retryPaymentAssistInvoices(getContainer(), new Date(Date.now() + 60 * 60 * 1000))
          expect(outcomes).toEqual([expect.objectContaining({ order_id: orderId, outcome: "succeeded" })])
        }
        expect(ledger("invoice.upload", token)).toHaveLength(1)
        // Nothing left due: a later retry run does not upload again.
        expect(await retryPaymentAssistInvoices(getContainer(), new Date(Date.now() + 24 * 60 * 60 * 1000))).toEqual([])
        expect(ledger("invoice.upload", token)).toHaveLength(1)
        sandbox().faults.clear(LENDER)
        recordFault(__filename, LENDER, "invoice-upload", kind, {
          injected,
          error: error || "none (the upload was found on file)",
          duplicates: duplicateEffects(sandbox(), LENDER, ["invoice.upload", "capture"]),
          lost: 0,
        })
      }
    })
  },
})
