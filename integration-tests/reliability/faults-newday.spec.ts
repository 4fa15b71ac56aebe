// NewDay NewPay under lender faults, through a real Medusa and the sandbox: every fault kind (5xx,
// 429, timeout, connection reset, garbled body) on every NewDay call of the checkout and order
// path — initiate and authorise (cart completion), settle (admin capture), refund, reverse (order
// canceled before anything shipped) and the fulfillment-side movements (settle on shipment,
// reverse of the rest of the float after a partial settlement). Every NewDay POST carries an
// idempotency key, so the client repeats it after a 5xx, a 429, a timeout or a reset (never after a
// garbled 2xx: that is an answer). Each case checks the error names NewDay, no order exists
// without an authorisation, and once the fault clears exactly one hold, settlement, refund or
// reversal is in NewDay's ledger — also when NewDay acted and only its answer was lost.
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { retryNewDayConfirmations } from "../../src/workflows/newday/confirmations"
import { runFinancingReconcile } from "../../src/workflows/reconcile/run"
import { orderPayment, shipItems, sumPence, waitFor } from "../newday/orders"
import { checkoutWithNewDay } from "../newday/shopper"
import { useSandboxAndBackend } from "../utils/sandbox"
import { cartReadyForPayment, completeCart } from "../utils/store-api"
import {
  applied,
  clearErrorOf,
  duplicateEffects,
  failed,
  FAULT_KINDS,
  inject,
  lenderFaultSpec,
  recordFault,
  type FaultKindCase,
} from "./helpers/faults"

jest.setTimeout(600_000)

const LENDER = "newday"
const NAME = "NewDay"
const RETRIES = 2
const MONEY = ["authorise", "settle", "refund", "reverse"]
// sca "always": Initiate runs before every authorise, so both NewDay calls of the checkout meet
// each fault (with the default "auto" an exempt basket never calls Initiate; its token-less
// authorise is the same call as here).
const env = useSandboxAndBackend({
  NEWDAY_TIMEOUT_MS: "1500",
  NEWDAY_MAX_RETRIES: String(RETRIES),
  NEWDAY_SCA: "always",
})
const LATER = () => new Date(Date.now() + 60 * 60 * 1000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const seeded = lenderFaultSpec(LENDER, env, { api, getContainer })
    const { sandbox, ledger, financing, ordersForCart } = seeded
    const secrets = () => [process.env.NEWDAY_SUBSCRIPTION_KEY ?? "", "ndat_"]
    // Three faults outlast one call and its two retries.
    const COUNT = RETRIES + 1
    const expectedApplied = (kind: FaultKindCase) => (kind.retriedWhenIdempotent ? COUNT : 1)

    afterEach(() => void sandbox().faults.clear())

    const record = (operation: string, kind: FaultKindCase, row: { injected: number; error: string; lost?: number }) =>
      recordFault(__filename, LENDER, operation, kind, {
        ...row,
        duplicates: duplicateEffects(sandbox(), LENDER, MONEY),
        lost: row.lost ?? 0,
      })

    async function exemptOrder(quantity = 1) {
      const cart = await cartReadyForPayment(api, seeded.store, "uk", { sku: "LAMP-BRASS", quantity })
      await checkoutWithNewDay(api, seeded.store, cart.id, "approve@newpay.test")
      const completed = await completeCart(api, seeded.store, cart.id)
      expect(completed.type).toBe("order")
      return { cart, order: completed.order, payment: await orderPayment(getContainer(), completed.order.id) }
    }

    for (const step of [
      { operation: "initiate", path: "/\\/initiate$/" },
      { operation: "authorize", path: "/\\/authorisation$/" },
    ]) {
      it(`${step.operation} (cart completion): a clear error and no order; one hold and one order once it clears, also when only the answer was lost`, async () => {
        for (const kind of FAULT_KINDS) {
          sandbox().reset() // a clean ledger per case
          const cart = await cartReadyForPayment(api, seeded.store, "uk", { sku: "LAMP-BRASS", quantity: 1 })
          const { session } = await checkoutWithNewDay(api, seeded.store, cart.id, "approve@newpay.test")
          const fault = inject(sandbox(), LENDER, kind, { method: "POST", path: step.path }, COUNT)
          const res = await failed(
            api.post(
              `/store/carts/${cart.id}/complete`,
              {},
              { headers: { "x-publishable-api-key": seeded.store.publishableKey } },
            ),
          )
          // README: an outage at complete is { type: "cart", error } in plain words, never a 500
          // (Initiate's outage is raised by the same authorise call).
          expect({ status: res.status, type: res.data?.type }).toEqual({ status: 200, type: "cart" })
          const error = clearErrorOf(res.data.error, NAME, secrets())
          expect(error).toMatch(/^NewDay NewPay isn't answering right now/)
          expect(error).not.toMatch(/Sandbox|HTTP \d/)
          expect(applied(sandbox(), LENDER, fault)).toBe(expectedApplied(kind))
          expect(await ordersForCart(cart.id)).toEqual([])
          // An authorise NewDay performed is stored under its idempotency key: the client's retries replayed it.
          expect(ledger("authorise")).toHaveLength(step.operation === "authorize" && kind.lenderActed ? 1 : 0)
          sandbox().faults.clear(LENDER)

          if (step.operation === "authorize" && kind.lenderActed) {
            // The shopper gave up; the reconcile job finds a hold whose answer was lost and completes the cart.
            const run = await runFinancingReconcile(getContainer(), { lenders: [LENDER], minSessionAgeMs: 0 })
            expect(run.sessions).toEqual([
              expect.objectContaining({ payment_session_id: session.id, result: "completed" }),
            ])
          } else {
            expect((await completeCart(api, seeded.store, cart.id)).type).toBe("order")
          }
          const orders = await ordersForCart(cart.id)
          expect(orders).toHaveLength(1)
          const payment = await orderPayment(getContainer(), orders[0])
          expect(ledger("authorise").map((e) => e.ref)).toEqual([payment.data.authorisation_id])
          record(step.operation, kind, { injected: applied(sandbox(), LENDER, fault), error })
        }
      })
    }

    it("capture (settle): the admin gets the error; the retried capture settles once", async () => {
      for (const kind of FAULT_KINDS) {
        sandbox().reset() // a clean ledger per case
        const { order, payment } = await exemptOrder(2)
        const fault = inject(sandbox(), LENDER, kind, { method: "POST", path: "/\\/settle$/" }, COUNT)
        const res = await failed(api.post(`/admin/payments/${payment.id}/capture`, {}, seeded.admin))
        expect(res.status).toBeGreaterThanOrEqual(400)
        const error = clearErrorOf(res.data, NAME, secrets())
        expect(applied(sandbox(), LENDER, fault)).toBe(expectedApplied(kind))
        expect(ledger("settle")).toHaveLength(kind.lenderActed ? 1 : 0)
        expect((await orderPayment(getContainer(), order.id)).captures).toHaveLength(0) // Medusa dropped the capture row
        sandbox().faults.clear(LENDER)

        expect((await api.post(`/admin/payments/${payment.id}/capture`, {}, seeded.admin)).status).toBe(200)
        const after = await orderPayment(getContainer(), order.id)
        expect(ledger("settle").map((e) => e.amount)).toEqual(["79.95"])
        expect(sumPence(after.captures)).toBe(7995)
        record("capture", kind, { injected: applied(sandbox(), LENDER, fault), error })
      }
    })

    it("refund: the admin gets the error; the retried refund moves the money once", async () => {
      for (const kind of FAULT_KINDS) {
        sandbox().reset() // a clean ledger per case
        const { order, payment } = await exemptOrder(2)
        await api.post(`/admin/payments/${payment.id}/capture`, {}, seeded.admin)
        const fault = inject(sandbox(), LENDER, kind, { method: "POST", path: "/\\/refund$/" }, COUNT)
        const res = await failed(api.post(`/admin/payments/${payment.id}/refund`, { amount: 30 }, seeded.admin))
        expect(res.status).toBeGreaterThanOrEqual(400)
        const error = clearErrorOf(res.data, NAME, secrets())
        expect(applied(sandbox(), LENDER, fault)).toBe(expectedApplied(kind))
        expect(ledger("refund")).toHaveLength(kind.lenderActed ? 1 : 0)
        sandbox().faults.clear(LENDER)

        expect((await api.post(`/admin/payments/${payment.id}/refund`, { amount: 30 }, seeded.admin)).status).toBe(200)
        expect(ledger("refund").map((e) => e.amount)).toEqual(["30.00"])
        expect(sumPence((await orderPayment(getContainer(), order.id)).refunds)).toBe(3000)
        record("refund", kind, { injected: applied(sandbox(), LENDER, fault), error })
      }
    })

    it("cancel (reverse the hold): Medusa cancels the order anyway; the reconcile job reverses the hold once", async () => {
      for (const kind of FAULT_KINDS) {
        sandbox().reset() // a clean ledger per case
        const { order, payment } = await exemptOrder(1)
        const fault = inject(sandbox(), LENDER, kind, { method: "POST", path: "/\\/reverse$/" }, COUNT)
        // Medusa's cancel-payment step logs a provider error and carries on.
        expect((await api.post(`/admin/orders/${order.id}/cancel`, {}, seeded.admin)).status).toBe(200)
        expect(applied(sandbox(), LENDER, fault)).toBe(expectedApplied(kind))
        expect(ledger("reverse")).toHaveLength(kind.lenderActed ? 1 : 0)
        const [logged] = await financing().listFinancingOperations({
          lender: LENDER,
          operation: "reverse",
          outcome: "failed",
          payment_session_id: payment.data.session_id,
        } as never)
        const error = clearErrorOf({ message: logged.error_message }, NAME, secrets())
        sandbox().faults.clear(LENDER)

        const run = await runFinancingReconcile(getContainer(), { lenders: [LENDER] })
        expect(run.canceledOrders).toEqual([expect.objectContaining({ order_id: order.id, result: "canceled" })])
        expect(ledger("reverse").map((e) => [e.ref, e.amount])).toEqual([[payment.data.authorisation_id, "44.95"]])
        expect((await runFinancingReconcile(getContainer(), { lenders: [LENDER] })).canceledOrders).toEqual([])
        expect(ledger("reverse")).toHaveLength(1)
        record("cancel", kind, { injected: applied(sandbox(), LENDER, fault), error })
      }
    })

    it("settle on shipment: a failed settlement is logged for retry and settles once when NewDay is back", async () => {
      for (const kind of FAULT_KINDS) {
        sandbox().reset() // a clean ledger per case
        const { order } = await exemptOrder(2)
        const fault = inject(sandbox(), LENDER, kind, { method: "POST", path: "/\\/settle$/" }, COUNT)
        const fulfillmentId = await shipItems(
          api,
          seeded.admin,
          order.id,
          [{ id: order.items[0].id, quantity: 2 }],
          seeded.store.stockLocationId,
        )
        const logged = await waitFor("the failed settlement to be logged", async () => {
          const [op] = await financing().listFinancingOperations({
            lender: LENDER,
            operation: "settle-shipment",
            fulfillment_id: fulfillmentId,
          } as never)
          return op
        })
        expect(logged).toMatchObject({ outcome: "failed", attempts: 1 })
        expect(logged.next_attempt_at).toBeTruthy()
        const error = clearErrorOf({ message: logged.error_message }, NAME, secrets())
        expect(applied(sandbox(), LENDER, fault)).toBe(expectedApplied(kind))
        expect(ledger("settle")).toHaveLength(kind.lenderActed ? 1 : 0)
        sandbox().faults.clear(LENDER)

        const outcomes = await retryNewDayConfirmations(getContainer(), LATER())
        expect(outcomes).toEqual([
          expect.objectContaining({
            operation: "settle-shipment",
            outcome: "succeeded",
            fulfillment_id: fulfillmentId,
          }),
        ])
        expect(ledger("settle").map((e) => e.amount)).toEqual(["79.95"])
        expect(sumPence((await orderPayment(getContainer(), order.id)).captures)).toBe(7995)
        expect(await retryNewDayConfirmations(getContainer(), LATER())).toEqual([])
        record("settle-on-shipment", kind, { injected: applied(sandbox(), LENDER, fault), error })
      }
    })

    it("reverse on cancel after a partial settlement: logged for retry, the rest of the float reversed once", async () => {
      for (const kind of FAULT_KINDS) {
        sandbox().reset() // a clean ledger per case
        const { order, payment } = await exemptOrder(2) // £79.95
        await api.post(`/admin/payments/${payment.id}/capture`, { amount: 30 }, seeded.admin)
        const fault = inject(sandbox(), LENDER, kind, { method: "POST", path: "/\\/reverse$/" }, COUNT)
        expect((await api.post(`/admin/orders/${order.id}/cancel`, {}, seeded.admin)).status).toBe(200)
        const logged = await waitFor("the failed reversal to be logged", async () => {
          const [op] = await financing().listFinancingOperations({
            lender: LENDER,
            operation: "reverse-on-cancel",
            order_id: order.id,
          } as never)
          return op
        })
        expect(logged.outcome).toBe("failed")
        const error = clearErrorOf({ message: logged.error_message }, NAME, secrets())
        expect(applied(sandbox(), LENDER, fault)).toBe(expectedApplied(kind))
        expect(ledger("reverse")).toHaveLength(kind.lenderActed ? 1 : 0)
        sandbox().faults.clear(LENDER)

        const outcomes = await retryNewDayConfirmations(getContainer(), LATER())
        expect(outcomes).toEqual([
          expect.objectContaining({ operation: "reverse-on-cancel", outcome: "succeeded", order_id: order.id }),
        ])
        expect(ledger("reverse").map((e) => e.amount)).toEqual(["49.95"])
        expect(ledger("refund").map((e) => e.amount)).toEqual(["30.00"])
        expect((await orderPayment(getContainer(), order.id)).data.remaining_float).toBe("0.00")
        expect(await retryNewDayConfirmations(getContainer(), LATER())).toEqual([])
        record("reverse-on-cancel", kind, { injected: applied(sandbox(), LENDER, fault), error })
      }
    })
  },
})
