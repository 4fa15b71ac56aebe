// FlexShopper under lender faults, through a real Medusa and the sandbox's fault injection: each
// fault kind (5xx, 429, no answer, connection reset, truncated body) on each lender call of an
// order's life — starting the lease (auth code), finalizing it (the complete route), capturing,
// canceling, crediting (admin refund) and confirming shipment and receipt. For every case:
// the shopper or admin gets a clear error naming FlexShopper (no stack, no secret), only
// idempotent calls are repeated by the plugin (the sandbox's fault history counts the attempts),
// no order exists without a finalized lease, and once the fault clears the retry succeeds with
// exactly one effect in the sandbox's ledger. 5xx, no answer, reset and the truncated body are
// injected AFTER the lender acted ("it happened, the answer was lost"), the case retries must
// survive; 429 before. One exception, by design: FlexShopper cannot read credits back, so a
// credit whose answer was lost is never sent again; it is flagged for a person instead.
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { seedStore, type SeededStore } from "../../demo/seed-store"
import { FLEXSHOPPER_SANDBOX_API_KEY } from "../../packages/sandbox/src/flexshopper/credentials"
import {
  eventually,
  flexStore,
  fulfillAndShip,
  lineItemId,
  newShopperReady,
  orderPayment,
  signModal,
  type Res,
} from "../flexshopper/helpers"
import { useSandboxAndBackend } from "../utils/sandbox"
import { adminHeaders, cartReadyForPayment, type ApiClient } from "../utils/store-api"
import {
  applied,
  failed as settle,
  QUEUED,
  QUEUED_KINDS,
  recordQueuedFault,
  seedOnce,
  type QueuedKind,
} from "./helpers/faults"

jest.setTimeout(300_000)

// Short lender deadline so "no answer" cases take seconds, not the default 20 s.
const { sandbox } = useSandboxAndBackend({ FLEXSHOPPER_TIMEOUT_MS: "1500" })
const SLUG = "flexshopper"
const TABLE_CENTS = 59900
const SHIPPING_CENTS = 1495

let ssnSeq = 7000
const freshSsn = () => `66610${ssnSeq++}`

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer, dbUtils }) => {
    let store: SeededStore | undefined
    let admin: { headers: Record<string, string> }
    let flex: ReturnType<typeof flexStore>
    const container = () => getContainer() as MedusaContainer
    const ledger = (type: string, ref: string) => sandbox().ledger(SLUG).list({ type, ref })

    seedOnce(sandbox, dbUtils, async () => {
      store = await seedStore(container())
      admin = await adminHeaders(api as ApiClient, container())
      flex = flexStore(api as ApiClient, store)
    })
    afterEach(() => {
      sandbox().faults.clear()
    })

    /** A US cart for one oak table, a new approved shopper, and their session (the modal not signed yet). */
    async function shopperWithCart() {
      const cart = await cartReadyForPayment(api as ApiClient, store!, "us", {
        sku: "TABLE-OAK-NAT",
        quantity: 1,
        email: `faults.${Date.now()}@example.com`,
      })
      await newShopperReady(flex, cart.id, freshSsn())
      return cart.id as string
    }

    async function signedLease() {
      const cartId = await shopperWithCart()
      const session = await flex.post("/session", { cart_id: cartId })
      if (session.status !== 200) throw new Error(`session: ${session.status} ${JSON.stringify(session.data)}`)
      const signed = await signModal(sandbox(), session.data)
      return { cartId, transactionId: signed.transactionId as string }
    }

    async function placedOrder() {
      const lease = await signedLease()
      const completed = await flex.post("/complete", { cart_id: lease.cartId })
      if (completed.data.type !== "order") throw new Error(`no order: ${JSON.stringify(completed.data)}`)
      const { order, payment } = await orderPayment(container(), completed.data.order.id)
      return { ...lease, orderId: order.id as string, order, paymentId: payment.id as string }
    }

    const ordersForCart = async (cartId: string) =>
      (
        await container()
          .resolve("query")
          .graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
      ).data.length

    const operations = (orderId: string) =>
      api
        .get(`/admin/financing/orders/${orderId}/operations?limit=100`, admin)
        .then((r: Res) => r.data.operations as Array<Record<string, any>>)

    const failedOperation = (orderId: string, operation: string) =>
      eventually(
        async () =>
          (await operations(orderId)).find(
            (o: Record<string, any>) => o.operation === operation && o.outcome === "failed",
          ),
        `a failed ${operation} in the financing log`,
      )

    const captured = (orderId: string, cents: number) =>
      eventually(
        async () => (await orderPayment(container(), orderId)).capturedCents === cents,
        `${cents} cents captured`,
      )

    const retryFromAdmin = async (orderId: string) => {
      const { data } = await api.post(`/admin/financing/flexshopper/orders/${orderId}/retry`, {}, admin)
      return data.outcomes as Array<{ operation: string; outcome: string; error?: string }>
    }

    /** What the shopper or admin was told: FlexShopper by name, nothing internal or secret. */
    function expectClearError(message: unknown, what: RegExp) {
      expect(typeof message).toBe("string")
      expect(message).toMatch(/FlexShopper/)
      expect(message).toMatch(what)
      expect(message).not.toMatch(/\n\s+at |node_modules|AxiosError/)
      expect(message).not.toContain(FLEXSHOPPER_SANDBOX_API_KEY)
    }

    interface Case {
      operation: string
      match: { method: string; path: string }
      /** The plugin may repeat this call itself (a GET, or finalize, which FlexShopper makes idempotent). */
      idempotent: boolean
      /** Ledger entry that must appear exactly once after the retry (undefined: the call has no lender effect). */
      effect?: string
      run: (kind: QueuedKind, inject: () => string) => Promise<{ error: string; ref: string; lost: number }>
    }

    const CASES: Case[] = [
      {
        operation: "initiate (auth code)",
        match: { method: "POST", path: "/auth-code" },
        idempotent: false,
        effect: "transaction.finalized",
        run: async (_kind, inject) => {
          const cartId = await shopperWithCart()
          inject()
          const failed = await flex.post("/session", { cart_id: cartId })
          // The store is fine, FlexShopper is not: 503 in plain words; the transport detail is in the financing log.
          expect(failed.status).toBe(503)
          expect(failed.data.message).toBe(
            "FlexShopper isn't available right now — nothing has been charged; try again or choose another way to pay.",
          )
          expectClearError(failed.data.message, /isn't available right now/)
          sandbox().faults.clear(SLUG)
          // The shopper asks again: a new code, the modal, the order.
          const session = await flex.post("/session", { cart_id: cartId })
          expect(session.status).toBe(200)
          const signed = await signModal(sandbox(), session.data)
          const completed = await flex.post("/complete", { cart_id: cartId })
          expect(completed.data.type).toBe("order")
          return {
            error: failed.data.message,
            ref: signed.transactionId,
            lost: (await ordersForCart(cartId)) === 1 ? 0 : 1,
          }
        },
      },
      {
        operation: "authorize (finalize)",
        match: { method: "POST", path: "/finalize" },
        idempotent: true,
        effect: "transaction.finalized",
        run: async (_kind, inject) => {
          const { cartId, transactionId } = await signedLease()
          inject()
          const failed = await flex.post("/complete", { cart_id: cartId })
          expect(failed.data.type).not.toBe("order")
          const message = failed.data.message ?? failed.data.error?.message
          // Plain words once the store route answers (or the provider's own wording of the decline).
          expectClearError(message, /finalize failed|isn't available right now|didn't approve/)
          // No order without a finalized lease confirmed to Medusa, and the signed lease is not thrown away.
          expect(await ordersForCart(cartId)).toBe(0)
          expect(ledger("items.canceled", transactionId)).toHaveLength(0)
          sandbox().faults.clear(SLUG)
          const completed = await flex.post("/complete", { cart_id: cartId })
          expect(completed.data.type).toBe("order")
          const { payment } = await orderPayment(container(), completed.data.order.id)
          expect(payment.data).toMatchObject({ status: "finalized", lease_number: expect.any(String) })
          return { error: message, ref: transactionId, lost: (await ordersForCart(cartId)) === 1 ? 0 : 1 }
        },
      },
      {
        operation: "confirm shipment",
        match: { method: "POST", path: "/confirm-shipment" },
        idempotent: false,
        effect: "shipment.confirmed",
        run: async (_kind, inject) => {
          const { orderId, order, transactionId } = await placedOrder()
          inject()
          await fulfillAndShip(
            api as ApiClient,
            admin,
            orderId,
            [{ id: lineItemId(order, "TABLE-OAK-NAT"), quantity: 1 }],
            "1Z-FAULT",
          )
          const failed = await failedOperation(orderId, "ship-confirm")
          expectClearError(failed.error_message, /confirm-shipment failed/)
          expect((await orderPayment(container(), orderId)).capturedCents).toBe(0)
          sandbox().faults.clear(SLUG)
          const outcomes = await retryFromAdmin(orderId)
          expect(outcomes).toEqual([expect.objectContaining({ operation: "ship-confirm", outcome: "succeeded" })])
          await captured(orderId, TABLE_CENTS + SHIPPING_CENTS)
          return { error: failed.error_message, ref: transactionId, lost: 0 }
        },
      },
      {
        operation: "capture (transaction read)",
        match: { method: "GET", path: "/^\\/v3\\/transactions\\/[^/]+$/" },
        idempotent: true,
        effect: "shipment.confirmed",
        run: async (_kind, inject) => {
          const { orderId, order, transactionId } = await placedOrder()
          inject()
          await fulfillAndShip(
            api as ApiClient,
            admin,
            orderId,
            [{ id: lineItemId(order, "TABLE-OAK-NAT"), quantity: 1 }],
            "1Z-FAULT",
          )
          const failed = await failedOperation(orderId, "capture")
          expectClearError(failed.error_message, /get-transaction failed/)
          expect((await orderPayment(container(), orderId)).capturedCents).toBe(0)
          sandbox().faults.clear(SLUG)
          const outcomes = await retryFromAdmin(orderId)
          expect(outcomes).toEqual([expect.objectContaining({ operation: "capture", outcome: "succeeded" })])
          await captured(orderId, TABLE_CENTS + SHIPPING_CENTS)
          expect((await orderPayment(container(), orderId)).payment.data.captured_cents).toBe(
            TABLE_CENTS + SHIPPING_CENTS,
          )
          return { error: failed.error_message, ref: transactionId, lost: 0 }
        },
      },
      {
        operation: "confirm receipt",
        match: { method: "POST", path: "/confirm-receipt" },
        idempotent: false,
        effect: "receipt.confirmed",
        run: async (_kind, inject) => {
          const { orderId, order, transactionId } = await placedOrder()
          const fulfillmentId = await fulfillAndShip(api as ApiClient, admin, orderId, [
            { id: lineItemId(order, "TABLE-OAK-NAT"), quantity: 1 },
          ])
          await captured(orderId, TABLE_CENTS + SHIPPING_CENTS)
          inject()
          // A delivery of shipped goods confirms no receipt (seed 002 keeps Confirm Receipt for
          // in-store purchases); the admin's explicit "confirm receipt" action still sends one.
          const asked = await settle(
            api.post(
              `/admin/financing/flexshopper/orders/${orderId}/confirm-receipt`,
              { fulfillment_id: fulfillmentId },
              admin,
            ),
          )
          expect(asked.data.receipts).toEqual([
            expect.objectContaining({ fulfillment_id: fulfillmentId, outcome: "failed" }),
          ])
          const failed = await failedOperation(orderId, "receipt-confirm")
          expectClearError(failed.error_message, /confirm-receipt failed/)
          sandbox().faults.clear(SLUG)
          const outcomes = await retryFromAdmin(orderId)
          expect(outcomes).toEqual([expect.objectContaining({ operation: "receipt-confirm", outcome: "succeeded" })])
          const view = await api.get(`/admin/financing/flexshopper/orders/${orderId}`, admin)
          expect(view.data.lines).toEqual([expect.objectContaining({ sku: "TABLE-OAK-NAT", received: 1 })])
          expect((await orderPayment(container(), orderId)).capturedCents).toBe(TABLE_CENTS + SHIPPING_CENTS)
          return { error: failed.error_message, ref: transactionId, lost: 0 }
        },
      },
      {
        operation: "cancel",
        match: { method: "POST", path: "/^\\/v3\\/transactions\\/[^/]+\\/cancel$/" },
        idempotent: false,
        effect: "items.canceled",
        run: async (_kind, inject) => {
          const { orderId, transactionId } = await placedOrder()
          inject()
          // Medusa's cancel step logs a provider failure and cancels the order anyway: the admin
          // sees the failure in the order's financing history, with a next attempt for the job.
          const canceled = await settle(api.post(`/admin/orders/${orderId}/cancel`, {}, admin))
          expect(canceled.status).toBe(200)
          const failed = await failedOperation(orderId, "cancel")
          expectClearError(failed.error_message, /cancel-items failed/)
          expect(failed.next_attempt_at).toEqual(expect.any(String))
          expect((await orderPayment(container(), orderId)).payment.canceled_at).toBeFalsy()
          sandbox().faults.clear(SLUG)
          const outcomes = await retryFromAdmin(orderId)
          expect(outcomes).toEqual([expect.objectContaining({ operation: "cancel", outcome: "succeeded" })])
          const { payment } = await orderPayment(container(), orderId)
          expect(payment.canceled_at).toBeTruthy()
          const lease = sandbox()
            .state.namespace(SLUG)
            .collection<{ transactionId: string; lines: Array<{ sku: string; canceled: number }> }>("transactions")
            .list()
            .find((t) => t.transactionId === transactionId)
          expect(lease?.lines.map((l) => [l.sku, l.canceled])).toEqual([["TABLE-OAK-NAT", 1]])
          return { error: failed.error_message, ref: transactionId, lost: 0 }
        },
      },
      {
        operation: "refund (shipping credit)",
        match: { method: "POST", path: "/^\\/v3\\/transactions\\/[^/]+\\/refund$/" },
        idempotent: false,
        effect: "credit",
        run: async (kind, inject) => {
          const { orderId, order, transactionId, paymentId } = await placedOrder()
          const fulfillmentId = await fulfillAndShip(api as ApiClient, admin, orderId, [
            { id: lineItemId(order, "TABLE-OAK-NAT"), quantity: 1 },
          ])
          await captured(orderId, TABLE_CENTS + SHIPPING_CENTS)
          await api.post(`/admin/orders/${orderId}/fulfillments/${fulfillmentId}/mark-as-delivered`, {}, admin)
          inject()
          const failed = await settle(api.post(`/admin/payments/${paymentId}/refund`, { amount: 14.95 }, admin))
          expect(failed.status).toBeGreaterThanOrEqual(400)
          expectClearError(failed.data.message, /credit failed/)
          expect((await orderPayment(container(), orderId)).refundedCents).toBe(0)
          sandbox().faults.clear(SLUG)
          const again = await settle(api.post(`/admin/payments/${paymentId}/refund`, { amount: 14.95 }, admin))
          if (kind.lenderActed) {
            // FlexShopper cannot say whether the lost credit was applied: it is not sent twice, a person checks.
            expect(again.status).toBe(400)
            expectClearError(again.data.message, /earlier credit of \$14\.95 .* may already be applied/)
            const flagged = (await operations(orderId)).find((o: Record<string, any>) => o.operation === "credit")
            expect(flagged).toMatchObject({ outcome: "action_required", next_attempt_at: null })
            expect((await orderPayment(container(), orderId)).refundedCents).toBe(0)
          } else {
            // A 429 is refused before any effect: the retry credits once.
            expect(again.status).toBe(200)
            expect((await orderPayment(container(), orderId)).refundedCents).toBe(SHIPPING_CENTS)
          }
          return { error: failed.data.message, ref: transactionId, lost: 0 }
        },
      },
    ]

    describe.each(CASES)("$operation", (testCase) => {
      it.each(QUEUED_KINDS.map((k) => [k.name, k] as const))(
        "%s: a clear error, retried only if idempotent, one effect after the retry",
        async (_name, kind) => {
          let faultId = ""
          const inject = () => {
            faultId = (sandbox().faults.add(SLUG, kind.spec(testCase.match)) as { id: string }).id
            return faultId
          }
          const outcome = await testCase.run(kind, inject)

          const injected = applied(sandbox(), SLUG, faultId)
          const repeats = testCase.idempotent && kind.transient
          expect(injected).toBe(repeats ? QUEUED : 1)
          const effects = testCase.effect ? ledger(testCase.effect, outcome.ref).length : 0
          if (testCase.effect) expect(effects).toBe(1)
          expect(outcome.lost).toBe(0)
          recordQueuedFault(__filename, SLUG, testCase.operation, kind, {
            injected,
            retriedByPlugin: injected > 1,
            error: outcome.error,
            effects,
            lost: outcome.lost,
          })
        },
      )
    })
  },
})
