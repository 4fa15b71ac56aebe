// Concurrency through a real Medusa and the sandbox: checkouts for all four lenders at once, the
// same cart completed several times at the same moment, a lender's callback racing the shopper's
// return, and an admin capture racing a refund. Whatever the interleaving: one order per cart,
// one lender operation per intent in the sandbox's ledger, and Medusa's totals equal the lender's.
// Payment Assist runs with auto-capture here, so an approval produces both a webhook and a return.
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { seedStore, type SeededStore } from "../../demo/seed-store"
import { FINANCING_MODULE } from "../../src/modules/financing"
import type FinancingModuleService from "../../src/modules/financing/service"
import { phpEventTime } from "../../packages/sandbox/src/payment-assist/applications"
import { PAYMENT_ASSIST_SANDBOX_SECRET } from "../../packages/sandbox/src/payment-assist/credentials"
import { webhookSignature } from "../../packages/sandbox/src/payment-assist/signature"
import { VAULT_SANDBOX_PASSWORD, VAULT_SANDBOX_USERS } from "../../packages/sandbox/src/vault/credentials"
import { flexStore, newShopperReady, signModal } from "../flexshopper/helpers"
import { orderPayment as newDayPayment, pence, sumPence } from "../newday/orders"
import { checkoutWithNewDay } from "../newday/shopper"
import { noRedirect, sessionRow, shopperOnHostedPage, startPaymentAssist } from "../payment-assist/checkout"
import { recordFigure } from "../utils/figures"
import { useSandboxAndBackend } from "../utils/sandbox"
import { adminHeaders, cartReadyForPayment, startPaymentSession, storeHeaders } from "../utils/store-api"
import { browser, sessionState } from "../vault/helpers"
import { webhooksSettled } from "../utils/webhook-deliveries"

jest.setTimeout(300_000)

const env = useSandboxAndBackend({
  PAYMENT_ASSIST_AUTO_CAPTURE: "true",
  PAYMENT_ASSIST_SANDBOX_WEBHOOK_BACKOFF_MS: "20",
  VAULT_SANDBOX_NOTIFY_BACKOFF_MS: "20",
})

const [RICH] = VAULT_SANDBOX_USERS
type Lender = "payment-assist" | "vault" | "newday" | "flexshopper"
type Reply = { status: number; data: any; headers?: Record<string, any> }

/** What one lender does once per checkout, as its sandbox ledger records it. */
const INTENT_LEDGER_TYPE: Record<Lender, string> = {
  "payment-assist": "capture",
  vault: "platform.debit",
  newday: "authorise",
  flexshopper: "transaction.finalized",
}

function figure(scenario: string, attempts: number, orders: number, operations: number, duplicates: number) {
  recordFigure(__filename, {
    table: "concurrency",
    scenario,
    attempts,
    orders,
    "lender operations": operations,
    duplicates,
  })
}

let ssnSeq = 0
const freshSsn = () => `66610${String(5000 + ssnSeq++).padStart(4, "0")}`
let emailSeq = 0
const freshEmail = () => `concurrent.${Date.now()}.${emailSeq++}@example.com`

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: SeededStore
    const sandbox = () => env.sandbox()
    const settle = (call: Promise<Reply>): Promise<Reply> =>
      call.catch((e: { response?: Reply }) => {
        if (!e.response) throw e
        return e.response
      })
    const ordersOf = async (cartId: string): Promise<string[]> =>
      (
        await getContainer()
          .resolve("query")
          .graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
      ).data.map((r: any) => r.order_id)
    const ledger = (lender: Lender, ref?: string) =>
      sandbox()
        .ledger(lender)
        .list({ type: INTENT_LEDGER_TYPE[lender], ...(ref ? { ref } : {}) })
    const complete = (cartId: string) => settle(api.post(`/store/carts/${cartId}/complete`, {}, storeHeaders(store)))
    /** Medusa's payments for the cart (however many completions ran, there must be one). */
    const paymentsOf = async (cartId: string): Promise<Array<{ id: string; captures: unknown[] }>> => {
      const { data } = await getContainer()
        .resolve("query")
        .graph({
          entity: "cart",
          fields: ["payment_collection.payments.id", "payment_collection.payments.captures.id"],
          filters: { id: cartId },
        })
      return (data[0] as any)?.payment_collection?.payments ?? []
    }

    beforeEach(async () => {
      sandbox().reset()
      store = await seedStore(getContainer())
    })
    afterEach(() => webhooksSettled(sandbox(), getContainer()))

    /** A cart of each lender brought to the point where only completing it is left. */
    const ready: Record<
      Lender,
      (
        quantity?: number,
      ) => Promise<{ cartId: string; finish: () => Promise<Reply>; ref: () => Promise<string | undefined> }>
    > = {
      "payment-assist": async () => {
        const cart = await cartReadyForPayment(api, store, "uk", { email: freshEmail() })
        const started = await startPaymentAssist(api, store, cart.id)
        const returnUrl = await shopperOnHostedPage(started.redirect_url)
        const token = started.payment_session.data.token as string
        return {
          cartId: cart.id,
          finish: () => settle(api.get(`${returnUrl.pathname}${returnUrl.search}`, noRedirect)),
          ref: async () => token,
        }
      },
      vault: async () => {
        const cart = await cartReadyForPayment(api, store, "uk", { email: freshEmail() })
        await api.post(
          "/store/financing/vault/platform/sign-in",
          { cart_id: cart.id, phone: RICH.phone, password: VAULT_SANDBOX_PASSWORD },
          storeHeaders(store),
        )
        const started = await api.post(
          "/store/financing/vault/platform/payment-session",
          { cart_id: cart.id, account_id: RICH.accounts[0].id },
          storeHeaders(store),
        )
        return {
          cartId: cart.id,
          finish: () => complete(cart.id),
          ref: async () => started.data.payment_session.data.payment_id,
        }
      },
      newday: async (quantity = 1) => {
        const cart = await cartReadyForPayment(api, store, "uk", { sku: "LAMP-BRASS", quantity, email: freshEmail() })
        await checkoutWithNewDay(api, store, cart.id, "approve@newpay.test")
        return {
          cartId: cart.id,
          finish: () => complete(cart.id),
          ref: async () => {
            const [orderId] = await ordersOf(cart.id)
            return orderId ? (await newDayPayment(getContainer(), orderId)).data.authorisation_id : undefined
          },
        }
      },
      flexshopper: async () => {
        const cart = await cartReadyForPayment(api, store, "us", { email: freshEmail() })
        const flex = flexStore(api, store)
        await newShopperReady(flex, cart.id, freshSsn())
        const session = await flex.post("/session", { cart_id: cart.id })
        if (session.status !== 200)
          throw new Error(`FlexShopper session: ${session.status} ${JSON.stringify(session.data)}`)
        await signModal(sandbox(), session.data)
        const transactionId = session.data.modal.transaction.transactionId as string
        return {
          cartId: cart.id,
          finish: () => flex.post("/complete", { cart_id: cart.id }),
          ref: async () => transactionId,
        }
      },
    }

    /** Order id a completion answered with (stock or plugin route, or a return's redirect). */
    const orderIdOf = (reply: Reply): string | undefined => {
      if (reply.status === 302)
        return new URL(String(reply.headers?.location)).searchParams.get("order_id") ?? undefined
      return reply.status === 200 && reply.data?.type === "order" ? reply.data.order.id : undefined
    }

    /**
     * The shopper's return from Payment Assist and a signed copy of its `eventName` webhook for the
     * same application, at the same moment, next to the sandbox's own delivery of that event. Once
     * every delivery is done: the copy was answered 200, and the return's reply is given back.
     */
    async function raceReturnAndWebhook(
      returnUrl: URL,
      sessionId: string,
      eventName: string,
      token: string,
    ): Promise<Reply> {
      const event = { event_name: eventName, event_data: { token }, event_time: phpEventTime(sandbox().clock.now()) }
      const copy = { ...event, signature: webhookSignature(event, PAYMENT_ASSIST_SANDBOX_SECRET, "json") }
      const [back, hook] = await Promise.all([
        settle(api.get(`${returnUrl.pathname}${returnUrl.search}`, noRedirect)),
        settle(api.post(`/hooks/financing/payment-assist?session_id=${sessionId}`, copy)),
      ])
      await webhooksSettled(sandbox(), getContainer())
      expect(hook.status).toBe(200)
      return back
    }

    it("many checkouts at once: eight carts across the four lenders, each one order and one lender operation", async () => {
      const plan: Lender[] = [
        "payment-assist",
        "vault",
        "newday",
        "flexshopper",
        "payment-assist",
        "vault",
        "newday",
        "flexshopper",
      ]
      const results = await Promise.all(
        plan.map(async (lender) => {
          const cart = await ready[lender]()
          const reply = await cart.finish()
          return { lender, cart, reply }
        }),
      )
      await webhooksSettled(sandbox(), getContainer())
      let orders = 0
      let operations = 0
      let duplicates = 0
      for (const { lender, cart, reply } of results) {
        const placed = await ordersOf(cart.cartId)
        expect({ lender, placed: placed.length }).toEqual({ lender, placed: 1 })
        expect({ lender, payments: (await paymentsOf(cart.cartId)).length }).toEqual({ lender, payments: 1 })
        expect(orderIdOf(reply)).toBe(placed[0])
        const ops = ledger(lender, await cart.ref()).length
        expect({ lender, ops }).toEqual({ lender, ops: 1 })
        orders += placed.length
        operations += ops
        duplicates += Math.max(0, ops - 1) + Math.max(0, placed.length - 1)
      }
      // Nothing else moved: one ledger operation per checkout in total, too.
      for (const lender of new Set(plan)) expect(ledger(lender)).toHaveLength(plan.filter((l) => l === lender).length)
      figure("checkouts at once across the four lenders", plan.length, orders, operations, duplicates)
    })

    it.each(["payment-assist", "vault", "newday", "flexshopper"] as Lender[])(
      "the same %s cart completed three times at the same moment: one order, one lender operation",
      async (lender) => {
        const cart = await ready[lender]()
        const replies = await Promise.all([
          cart.finish(),
          cart.finish(),
          lender === "payment-assist" ? complete(cart.cartId) : cart.finish(),
        ])
        await webhooksSettled(sandbox(), getContainer())
        const placed = await ordersOf(cart.cartId)
        expect(placed).toHaveLength(1)
        expect(await paymentsOf(cart.cartId)).toHaveLength(1)
        // Every answer is that order, or a clear "being completed / already completed" refusal.
        for (const reply of replies) {
          const orderId = orderIdOf(reply)
          if (orderId) expect(orderId).toBe(placed[0])
          else expect([400, 409]).toContain(reply.status)
        }
        expect(replies.filter((r) => orderIdOf(r) === placed[0]).length).toBeGreaterThanOrEqual(1)
        const ops = ledger(lender, await cart.ref()).length
        expect(ops).toBe(1)
        figure(
          `same ${lender} cart completed 3× at once`,
          replies.length,
          placed.length,
          ops,
          Math.max(0, ops - 1) + Math.max(0, placed.length - 1),
        )
      },
    )

    it("Payment Assist: the approval webhook races the shopper's return (and a copy of it), three times: one order, one capture each", async () => {
      const financing = getContainer().resolve<FinancingModuleService>(FINANCING_MODULE)
      let orders = 0
      let duplicates = 0
      const rounds = 3
      for (let round = 0; round < rounds; round++) {
        const cart = await cartReadyForPayment(api, store, "uk", { email: freshEmail() })
        const started = await startPaymentAssist(api, store, cart.id)
        const sessionId = started.payment_session.id as string
        const token = started.payment_session.data.token as string
        // The sandbox delivers its own application.completed as soon as the shopper signs; the
        // browser's return and a second copy of the event race it.
        const returnUrl = await shopperOnHostedPage(started.redirect_url)
        const back = await raceReturnAndWebhook(returnUrl, sessionId, "application.completed", token)
        // Answered 200 at the first attempt: no transient failure while the other one was busy.
        const deliveries = sandbox()
          .webhooks.log("payment-assist")
          .filter((a) => a.event === "application.completed" && JSON.parse(a.requestBody).event_data.token === token)
        expect(deliveries.map((a) => [a.attempt, a.status])).toEqual([[1, 200]])
        const placed = await ordersOf(cart.id)
        expect(placed).toHaveLength(1)
        expect(orderIdOf(back)).toBe(placed[0])
        const payments = await getContainer()
          .resolve("payment")
          .listPayments({ payment_session_id: sessionId } as never, { relations: ["captures"] })
        expect(payments).toHaveLength(1)
        expect(payments[0].captures).toHaveLength(1)
        expect(ledger("payment-assist", token)).toHaveLength(1)
        const entries = (await financing.listFinancingOperations(
          { lender: "payment-assist", payment_session_id: sessionId } as never,
          { take: 100 },
        )) as any[]
        expect(entries.filter((e) => e.detail?.action === "completed_cart")).toHaveLength(1)
        orders += placed.length
        duplicates += payments[0].captures!.length - 1 + ledger("payment-assist", token).length - 1
      }
      const attempts =
        rounds * 2 +
        sandbox()
          .webhooks.log("payment-assist")
          .filter((a) => a.event === "application.completed").length
      figure(
        `Payment Assist approval webhook racing the return (${rounds} rounds)`,
        attempts,
        orders,
        sandbox().ledger("payment-assist").list({ type: "capture" }).length,
        duplicates,
      )
    })

    it("Payment Assist: the decline webhook races the failure return: collection failed once, no order", async () => {
      const cart = await cartReadyForPayment(api, store, "uk", { email: freshEmail() })
      const started = await startPaymentAssist(api, store, cart.id)
      const sessionId = started.payment_session.id as string
      const token = started.payment_session.data.token as string
      const returnUrl = await shopperOnHostedPage(started.redirect_url, { decision: "decline" })
      const back = await raceReturnAndWebhook(returnUrl, sessionId, "application.failed", token)
      expect(new URL(String(back.headers?.location)).searchParams.get("reason")).toBe("declined")
      const session = await sessionRow(getContainer(), sessionId)
      expect(session.status).toBe("error")
      expect(session.payment_collection!.status).toBe("failed")
      expect(await ordersOf(cart.id)).toHaveLength(0)
      const financing = getContainer().resolve<FinancingModuleService>(FINANCING_MODULE)
      const entries = (await financing.listFinancingOperations(
        { lender: "payment-assist", payment_session_id: sessionId } as never,
        { take: 100 },
      )) as any[]
      const marked = entries.filter((e) => e.detail?.action === "marked_failed")
      expect(marked).toHaveLength(1)
      figure(
        "Payment Assist decline webhook racing the return",
        2 + sandbox().webhooks.log("payment-assist").length,
        await ordersOf(cart.id).then((o) => o.length),
        sandbox().ledger("payment-assist").list({ type: "application.failed", ref: token }).length,
        marked.length - 1,
      )
    })

    it("Vault: the payment notification races the shopper's return (and a replay of it): one order, one capture", async () => {
      const cart = await cartReadyForPayment(api, store, "uk", { email: freshEmail() })
      const session = (await startPaymentSession(api, store, cart.id, "pp_vault_vault")).payment_sessions[0]
      const checkoutUrl = session.data.checkout_url as string
      await browser.get(checkoutUrl)
      const clicked = await browser.post(checkoutUrl, "outcome=approve", {
        headers: { "content-type": "application/x-www-form-urlencoded" },
      })
      // Vault settles the payment and notifies the store as the browser passes through it …
      const vaultHandler = await browser.get(clicked.headers.location)
      const pluginReturn = String(vaultHandler.headers.location)
      // … and the browser's return arrives together with that notification and a replay of it.
      const [back] = await Promise.all([
        browser.get(pluginReturn),
        browser.post(`${sandbox().lenderUrl("vault")}/sim/notify/${session.data.payment_id}/resend`),
      ])
      await webhooksSettled(sandbox(), getContainer())
      const placed = await ordersOf(cart.id)
      expect(placed).toHaveLength(1)
      const landed = new URL(String(back.headers.location))
      expect(landed.searchParams.get("order_id")).toBe(placed[0])
      const deliveries = sandbox().webhooks.log("vault")
      expect(deliveries.length).toBeGreaterThanOrEqual(2)
      expect(deliveries.every((a) => a.status === 200)).toBe(true)
      const state = await sessionState(getContainer(), session.id)
      expect(state.payment?.captures).toHaveLength(1)
      const paid = sandbox().ledger("vault").list({ type: "invoice.paid" })
      expect(paid).toHaveLength(1)
      expect(sandbox().ledger("vault").list({ type: "checkout.captured" })).toHaveLength(1)
      figure(
        "Vault notification racing the return",
        1 + deliveries.length,
        placed.length,
        paid.length,
        state.payment!.captures.length - 1,
      )
    })

    it("NewDay: an admin capture races a refund, twice: Medusa's captures and refunds equal NewDay's settlements and refunds", async () => {
      const admin = await adminHeaders(api, getContainer())
      const newDayOrder = async (quantity: number) => {
        const cart = await ready.newday(quantity)
        const reply = await cart.finish()
        expect(reply.data.type).toBe("order")
        return {
          orderId: reply.data.order.id as string,
          payment: await newDayPayment(getContainer(), reply.data.order.id),
        }
      }
      const consistent = async (orderId: string) => {
        const payment = await newDayPayment(getContainer(), orderId)
        const authorisation = payment.data.authorisation_id as string
        const settles = sandbox().ledger("newday").list({ type: "settle", ref: authorisation })
        const settlementIds = new Set(settles.map((e) => (e.data as { transactionId: string }).transactionId))
        const refunds = sandbox()
          .ledger("newday")
          .list({ type: "refund" })
          .filter((e) => settlementIds.has(e.ref))
        expect(sumPence(payment.captures)).toBe(settles.reduce((s, e) => s + pence(String(e.amount)), 0))
        expect(sumPence(payment.refunds)).toBe(refunds.reduce((s, e) => s + pence(String(e.amount)), 0))
        expect(sumPence(payment.refunds)).toBeLessThanOrEqual(sumPence(payment.captures))
        expect(sumPence(payment.captures)).toBeLessThanOrEqual(pence(payment.amount))
        return {
          settles: settles.length,
          refunds: refunds.length,
          captures: payment.captures.length,
          medusaRefunds: payment.refunds.length,
        }
      }

      // Round 1: the whole amount captured and refunded at the same moment (£79.95).
      const { orderId: orderOne, payment: first } = await newDayOrder(2)
      const round1 = await Promise.all([
        settle(api.post(`/admin/payments/${first.id}/capture`, {}, admin)),
        settle(api.post(`/admin/payments/${first.id}/refund`, { amount: 79.95 }, admin)),
      ])
      expect(round1[0].status).toBe(200)
      expect([200, 400]).toContain(round1[1].status)
      const one = await consistent(orderOne)
      expect(one.settles).toBe(1)
      expect(one.captures).toBe(1)
      expect(one.refunds).toBe(round1[1].status === 200 ? 1 : 0)

      // Round 2: part captured first; then the rest captured twice while £30 is refunded twice.
      const { orderId: orderTwo, payment: second } = await newDayOrder(2)
      expect((await api.post(`/admin/payments/${second.id}/capture`, { amount: 30 }, admin)).status).toBe(200)
      const round2 = await Promise.all([
        settle(api.post(`/admin/payments/${second.id}/capture`, { amount: 49.95 }, admin)),
        settle(api.post(`/admin/payments/${second.id}/refund`, { amount: 30 }, admin)),
        settle(api.post(`/admin/payments/${second.id}/capture`, { amount: 49.95 }, admin)),
        settle(api.post(`/admin/payments/${second.id}/refund`, { amount: 30 }, admin)),
      ])
      for (const reply of round2) expect([200, 400]).toContain(reply.status)
      expect([round2[0], round2[2]].filter((r) => r.status === 200)).toHaveLength(1) // the rest is captured once
      const two = await consistent(orderTwo)
      expect(two.settles).toBe(2)
      expect(two.refunds).toBe(two.medusaRefunds)
      const duplicates =
        Math.max(0, one.settles - one.captures) +
        Math.max(0, two.settles - two.captures) +
        Math.abs(two.refunds - two.medusaRefunds)
      figure(
        "NewDay admin capture racing refund (2 rounds)",
        round1.length + round2.length + 1,
        new Set([orderOne, orderTwo]).size,
        one.settles + one.refunds + two.settles + two.refunds,
        duplicates,
      )
    })
  },
})
