// Abuse of every lender callback through a real Medusa and the sandbox: Payment Assist's webhook
// and signed return, Vault's signed notification and hosted-checkout return, NewDay's sign-in and
// SCA widget hand-backs (FlexShopper has no callback: its modal's onSign calls a store route, see
// concurrency.spec.ts). Each is delivered duplicated, reordered, delayed, replayed and forged.
// Genuine deliveries are taken from the sandbox (its webhook log, its hosted pages) or signed
// with the sandbox's own secret and helpers; forged ones are tampered from there. A genuine one
// must have exactly one effect (one order, one payment, one effect entry in the financing log),
// everything else none: no state change, a clear 4xx (or an acknowledged no-op), no echo.
import { createHmac } from "node:crypto"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { seedStore, type SeededStore } from "../../demo/seed-store"
import { FINANCING_MODULE } from "../../src/modules/financing"
import type FinancingModuleService from "../../src/modules/financing/service"
import { PAYMENT_ASSIST_SANDBOX_SECRET } from "../../packages/sandbox/src/payment-assist/credentials"
import { phpEventTime } from "../../packages/sandbox/src/payment-assist/applications"
import { signatureFor, webhookSignature } from "../../packages/sandbox/src/payment-assist/signature"
import { VAULT_SANDBOX_WEBHOOK_SECRET } from "../../packages/sandbox/src/vault/credentials"
import { followReturn, sessionRow, shopperOnHostedPage, startPaymentAssist } from "../payment-assist/checkout"
import { checkoutWithNewDay, formAction, hiddenValue } from "../newday/shopper"
import { recordFigure } from "../utils/figures"
import { useSandboxAndBackend } from "../utils/sandbox"
import { cartReadyForPayment, completeCart, startPaymentSession, storeHeaders } from "../utils/store-api"
import { browser, orderForCart, payOnHostedPage, reportExternal, sessionState } from "../vault/helpers"
import { webhooksProcessed, webhooksSettled } from "../utils/webhook-deliveries"
import { webhookDeliveryKey } from "../../src/lenders/vault/webhook"
import { deliveryKey } from "../../src/provider-kit/delivery-key"
import { PAYMENT_ASSIST_PROVIDER_ID } from "../../src/workflows/payment-assist/context"
import { runFinancingReconcile } from "../../src/workflows/reconcile/run"
import { processWebhookDelivery } from "../../src/workflows/webhooks/process"

jest.setTimeout(240_000)

const env = useSandboxAndBackend({
  // Payment Assist with manual capture (its default is auto-capture): approved orders stay authorized.
  PAYMENT_ASSIST_AUTO_CAPTURE: "false",
  PAYMENT_ASSIST_SANDBOX_WEBHOOK_BACKOFF_MS: "20",
  VAULT_SANDBOX_NOTIFY_BACKOFF_MS: "20",
  VAULT_SANDBOX_NOTIFY_ATTEMPTS: "2",
})

const VAULT_PROVIDER = "pp_vault_vault"
/** Log entries that record a change of state (as opposed to "nothing to do" / "ignored"). */
const PA_EFFECTS = ["completed_cart", "marked_failed", "canceled_order"]

type Reply = { status: number; data: any; headers: Record<string, any> }

/** Callbacks this test delivered itself (webhook posts, followed returns, widget hand-backs). */
let sentByTest = 0
function sent<T>(call: Promise<T>): Promise<T> {
  sentByTest++
  return call
}

/** A reply must not carry back what was posted (tokens, signatures, widget payloads). */
function expectNoEcho(reply: Reply, ...secrets: string[]) {
  const text = typeof reply.data === "string" ? reply.data : JSON.stringify(reply.data ?? "")
  for (const secret of secrets) expect(text).not.toContain(secret)
}

/** Signed the way the Vault sandbox signs its notifications (hex HMAC-SHA256 of the raw bytes). */
const vaultSignature = (body: string, secret = VAULT_SANDBOX_WEBHOOK_SECRET) =>
  createHmac("sha256", secret).update(body).digest("hex")

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: SeededStore
    const sandbox = () => env.sandbox()
    const backend = (path: string) => `${env.backendUrl()}${path}`
    const financing = () => getContainer().resolve<FinancingModuleService>(FINANCING_MODULE)
    const operations = async (filter: Record<string, unknown>) =>
      (await financing().listFinancingOperations(filter as never, { take: 500 })) as any[]
    const orderCount = async (cartId: string) =>
      (
        await getContainer()
          .resolve("query")
          .graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
      ).data.length
    const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      sent(
        browser.post(backend(path), typeof body === "string" ? body : JSON.stringify(body), {
          headers: { "content-type": "application/json", ...headers },
        }),
      ) as Promise<Reply>
    const postForm = (url: string, fields: Record<string, string>) =>
      sent(
        browser.post(url, new URLSearchParams(fields).toString(), {
          headers: { "content-type": "application/x-www-form-urlencoded" },
        }),
      ) as Promise<Reply>
    /** The browser following a return URL into the plugin. */
    const follow = (url: URL) => sent(followReturn(api, url))
    const visit = (url: string) => sent(browser.get(url)) as Promise<Reply>

    /** Sent = what the test delivered plus what the sandbox delivered to the plugin for this lender. */
    const figure = (
      lender: "payment-assist" | "vault" | "newday",
      scenario: string,
      effects: number,
      expected: number,
    ) =>
      recordFigure(__filename, {
        table: "webhooks",
        lender,
        scenario,
        sent: sentByTest + sandbox().webhooks.log(lender).length,
        effects,
        expected,
      })

    beforeEach(async () => {
      sentByTest = 0
      sandbox().reset()
      store = await seedStore(getContainer())
    })
    // A lender callback still in flight must not land in the next test's database.
    afterEach(() => webhooksSettled(sandbox(), getContainer()))

    describe("Payment Assist webhook", () => {
      const paOperations = (sessionId: string, operation: string) =>
        operations({ lender: "payment-assist", operation, payment_session_id: sessionId })
      const paEffects = async (sessionId: string) =>
        (await operations({ lender: "payment-assist", payment_session_id: sessionId })).filter((o) =>
          PA_EFFECTS.includes(o.detail?.action),
        ).length
      const hookPath = (sessionId: string) => `/hooks/financing/payment-assist?session_id=${sessionId}`
      /**
       * What processing made of each delivery of an application's events, oldest first (the route
       * answers before processing, so the verdict is on the delivery's log entry, not in the answer).
       */
      const webhookActions = async (token: string) => {
        await webhooksProcessed(getContainer(), "payment-assist")
        return (await operations({ lender: "payment-assist", operation: "webhook", lender_reference: token }))
          .sort((a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime())
          .map((o) => ({
            event: o.references?.event_name,
            session: o.references?.session_id,
            action: o.detail?.action,
          }))
      }
      /** A webhook signed with the dealer secret, as the sandbox signs them. */
      const signedEvent = (event: string, token: string, at = sandbox().clock.now()) => {
        const payload = { event_name: event, event_data: { token }, event_time: phpEventTime(at) }
        return { ...payload, signature: webhookSignature(payload, PAYMENT_ASSIST_SANDBOX_SECRET, "json") }
      }

      async function declinedByShopper() {
        const cart = await cartReadyForPayment(api, store, "uk")
        const started = await startPaymentAssist(api, store, cart.id)
        await shopperOnHostedPage(started.redirect_url, { decision: "decline" })
        await webhooksSettled(sandbox(), getContainer())
        const delivery = sandbox()
          .webhooks.log("payment-assist")
          .find((a) => a.event === "application.failed")!
        return {
          cart,
          sessionId: started.payment_session.id as string,
          token: started.payment_session.data.token as string,
          delivery,
        }
      }

      async function approvedOrder() {
        const cart = await cartReadyForPayment(api, store, "uk")
        const started = await startPaymentAssist(api, store, cart.id)
        const returnUrl = await shopperOnHostedPage(started.redirect_url)
        const storefront = await follow(returnUrl)
        return {
          cart,
          sessionId: started.payment_session.id as string,
          token: started.payment_session.data.token as string,
          returnUrl,
          orderId: storefront.searchParams.get("order_id")!,
        }
      }

      it("flooding: 60 unverified requests naming a real order's session (bad-signature returns and webhooks, fake Vault returns) add nothing to its history", async () => {
        const { cart, sessionId, token, returnUrl, orderId } = await approvedOrder()
        await webhooksSettled(sandbox(), getContainer())
        const history = async () =>
          [...(await operations({ payment_session_id: sessionId })), ...(await operations({ order_id: orderId }))]
            .map((o) => o.id)
            .sort()
        const before = await history()
        expect(before.length).toBeGreaterThan(0)

        const badReturn = new URL(returnUrl)
        badReturn.searchParams.set("signature", "0".repeat(64))
        const badHook = {
          event_name: "application.failed",
          event_data: { token },
          event_time: phpEventTime(sandbox().clock.now()),
          signature: "0".repeat(64),
        }
        const replies: Array<{ kind: string; status: number; reason: string | null }> = []
        for (let i = 0; i < 20; i++) {
          const r = await visit(badReturn.toString())
          replies.push({
            kind: "pa-return",
            status: r.status,
            reason: new URL(r.headers.location).searchParams.get("reason"),
          })
          const h = await postJson(hookPath(sessionId), badHook)
          replies.push({ kind: "pa-webhook", status: h.status, reason: null })
          const v = await visit(
            backend(`/financing/vault/return?payment_session_id=${sessionId}&cko-payment-id=pay_forged${i}`),
          )
          replies.push({
            kind: "vault-return",
            status: v.status,
            reason: new URL(v.headers.location).searchParams.get("reason"),
          })
        }
        // Answered as before: failure redirects and 401s…
        expect(
          replies
            .filter((r) => r.kind === "pa-return")
            .every((r) => r.status === 302 && r.reason === "invalid_signature"),
        ).toBe(true)
        expect(replies.filter((r) => r.kind === "pa-webhook").every((r) => r.status === 401)).toBe(true)
        expect(
          replies
            .filter((r) => r.kind === "vault-return")
            .every((r) => r.status === 302 && r.reason === "unknown_payment"),
        ).toBe(true)
        // …and the order's financing history is exactly what it was.
        expect(await history()).toEqual(before)
        expect(await orderCount(cart.id)).toBe(1)
      })

      it("duplicated: the genuine 'failed' webhook delivered five times (two at once) marks the collection failed once", async () => {
        const { cart, sessionId, delivery } = await declinedByShopper()
        expect(delivery.status).toBe(200)
        const replies = [
          await postJson(hookPath(sessionId), delivery.requestBody),
          ...(await Promise.all([
            postJson(hookPath(sessionId), delivery.requestBody),
            postJson(hookPath(sessionId), delivery.requestBody),
          ])),
          await postJson(hookPath(sessionId), delivery.requestBody),
        ]
        expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200])
        expect(replies.every((r) => r.data.duplicate === true)).toBe(true)

        const session = await sessionRow(getContainer(), sessionId)
        expect(session.status).toBe("error")
        expect(session.payment_collection!.status).toBe("failed")
        expect(await orderCount(cart.id)).toBe(0)
        expect(await paOperations(sessionId, "webhook")).toHaveLength(1)
        expect(await paEffects(sessionId)).toBe(1)
        figure(
          "payment-assist",
          "duplicated webhook (application.failed ×5, 2 concurrent)",
          await paEffects(sessionId),
          1,
        )
      })

      it("reordered: a genuinely signed 'failed' or 'expired' after the approval changes nothing (the lender's /status decides)", async () => {
        const { cart, sessionId, token, orderId } = await approvedOrder()
        const ledgerBefore = sandbox().ledger("payment-assist").list().length
        const actionsBefore = (await webhookActions(token)).length
        for (const event of ["application.failed", "application.expired"]) {
          const reply = await postJson(hookPath(sessionId), signedEvent(event, token))
          expect(reply.status).toBe(200)
          expect(reply.data).toEqual({ received: true })
        }
        expect((await webhookActions(token)).slice(actionsBefore)).toEqual([
          { event: "application.failed", session: sessionId, action: "none" },
          { event: "application.expired", session: sessionId, action: "none" },
        ])
        const session = await sessionRow(getContainer(), sessionId)
        expect(session.status).toBe("authorized")
        expect(session.payment_collection!.status).toBe("authorized")
        expect(session.payment?.canceled_at ?? null).toBeNull()
        expect(await orderForCart(getContainer(), cart.id)).toBe(orderId)
        expect(sandbox().ledger("payment-assist").list()).toHaveLength(ledgerBefore)
        expect(await paEffects(sessionId)).toBe(1) // the approval's completed_cart
        figure("payment-assist", "reordered (failed/expired after approval)", (await paEffects(sessionId)) - 1, 0)
      })

      it("delayed: the 'expired' of an application replaced after a cart change is acknowledged and touches neither session", async () => {
        const cart = await cartReadyForPayment(api, store, "uk")
        const first = await startPaymentAssist(api, store, cart.id)
        await api.post(`/store/carts/${cart.id}/line-items/${cart.items[0].id}`, { quantity: 2 }, storeHeaders(store))
        await webhooksSettled(sandbox(), getContainer())
        const expired = sandbox()
          .webhooks.log("payment-assist")
          .find((a) => a.event === "application.expired")!
        expect(expired.status).toBe(200)
        expect(JSON.parse(expired.responseBody!)).toEqual({ received: true })
        expect(await webhookActions(first.payment_session.data.token)).toContainEqual({
          event: "application.expired",
          session: first.payment_session.id,
          action: "ignored",
        })

        const second = await startPaymentAssist(api, store, cart.id)
        const storefront = await follow(await shopperOnHostedPage(second.redirect_url))
        const orderId = storefront.searchParams.get("order_id")
        expect(orderId).toMatch(/^order_/)
        // Late copies: the old URL byte for byte, then re-aimed at the new session.
        const late = await postJson(new URL(expired.url).pathname + new URL(expired.url).search, expired.requestBody)
        const aimed = await postJson(
          hookPath(second.payment_session.id),
          signedEvent("application.expired", first.payment_session.data.token),
        )
        expect([late.status, aimed.status]).toEqual([200, 200])
        expect(aimed.data).toEqual({ received: true })
        expect(await webhookActions(first.payment_session.data.token)).toContainEqual({
          event: "application.expired",
          session: second.payment_session.id,
          action: "ignored",
        })
        const session = await sessionRow(getContainer(), second.payment_session.id)
        expect(session.status).toBe("authorized")
        expect(await orderCount(cart.id)).toBe(1)
        expect(await paEffects(second.payment_session.id)).toBe(1)
        figure(
          "payment-assist",
          "delayed (expired after the session was replaced)",
          (await paEffects(second.payment_session.id)) - 1,
          0,
        )
      })

      it("replayed-old: a correctly signed event from three days ago is refused; an already-used one is a no-op", async () => {
        const { sessionId, token, delivery } = await declinedByShopper()
        const stale = signedEvent("application.failed", token, new Date(Date.now() - 3 * 24 * 3600_000))
        const reply = await postJson(hookPath(sessionId), stale)
        expect(reply.status).toBe(401)
        expect(reply.data.message).toMatch(/Payment Assist webhook rejected: event_time .* outside/)
        expectNoEcho(reply, token, stale.signature)
        const replay = await postJson(hookPath(sessionId), delivery.requestBody)
        expect(replay.data).toMatchObject({ received: true, duplicate: true })
        // The signature covers the body, not the session_id it is aimed at: nothing in that session's history.
        expect((await paOperations(sessionId, "webhook")).filter((o) => o.error_code === "stale_event")).toEqual([])
        expect(await paEffects(sessionId)).toBe(1)
        figure("payment-assist", "replayed-old (3-day-old event, used delivery)", (await paEffects(sessionId)) - 1, 0)
      })

      it("recorded but never processed: the lender's retry is a duplicate, and the reconcile run marks the collection failed once", async () => {
        const cart = await cartReadyForPayment(api, store, "uk")
        const started = await startPaymentAssist(api, store, cart.id)
        const sessionId = started.payment_session.id as string
        const token = started.payment_session.data.token as string
        sandbox().faults.dropWebhooks("payment-assist", { count: 1 })
        await shopperOnHostedPage(started.redirect_url, { decision: "decline" })
        await webhooksSettled(sandbox(), getContainer())
        const dropped = sandbox()
          .webhooks.log("payment-assist")
          .find((a) => a.event === "application.failed" && a.attempt === 0)!
        const body = JSON.parse(dropped.requestBody)
        // What the route writes before answering, without the event: the process died right after.
        const entry = await financing().recordOperation({
          provider_id: PAYMENT_ASSIST_PROVIDER_ID,
          lender: "payment-assist",
          operation: "webhook",
          outcome: "pending",
          idempotency_key: `payment-assist:webhook:${deliveryKey(body.event_name, token, body.event_time, body.signature, sessionId)}`,
          lender_reference: token,
          references: { token, event_name: body.event_name, event_time: body.event_time, session_id: sessionId },
          attempts: 0,
        })
        const retry = await postJson(hookPath(sessionId), dropped.requestBody)
        expect(retry.data).toEqual({ received: true, duplicate: true })
        expect((await sessionRow(getContainer(), sessionId)).payment_collection!.status).not.toBe("failed")

        const later = new Date(Date.now() + 2 * 60_000)
        const run = await runFinancingReconcile(getContainer(), { lenders: ["payment-assist"], now: later })
        expect(run.webhooks).toEqual([{ id: entry.id, lender: "payment-assist", was: "pending", outcome: "succeeded" }])
        const session = await sessionRow(getContainer(), sessionId)
        expect(session.payment_collection!.status).toBe("failed")
        expect(await orderCount(cart.id)).toBe(0)
        expect(await paOperations(sessionId, "webhook")).toHaveLength(1)
        expect(await paEffects(sessionId)).toBe(1)
        figure("payment-assist", "recorded, never processed (reconcile)", await paEffects(sessionId), 1)
      })

      it("forged: bad signature, token swapped, another session's genuine event, malformed — 4xx or ignored, no echo, no change", async () => {
        const victimCart = await cartReadyForPayment(api, store, "uk")
        const victim = await startPaymentAssist(api, store, victimCart.id)
        const victimToken = victim.payment_session.data.token as string
        const other = await declinedByShopper()
        const genuine = JSON.parse(other.delivery.requestBody)

        const badSignature = await postJson(hookPath(victim.payment_session.id), {
          ...signedEvent("application.completed", victimToken),
          signature: "0".repeat(64),
        })
        // Signed over the token (json reading): swapping the token breaks the signature.
        const swapped = await postJson(hookPath(victim.payment_session.id), {
          ...signedEvent("application.completed", other.token),
          event_data: { token: victimToken },
        })
        // The genuine delivery is signed as Payment Assist's PHP reference does (EVENT_DATA=Array),
        // which does not cover the token: the default scheme (any) lets it through, and /status of
        // the victim's application (still pending) decides — no change (asserted below).
        const swappedGenuine = await postJson(hookPath(victim.payment_session.id), {
          ...genuine,
          event_data: { token: victimToken },
        })
        const wrongKey = {
          event_name: "application.failed",
          event_data: { token: victimToken },
          event_time: phpEventTime(new Date()),
        }
        const wrongSecret = await postJson(hookPath(victim.payment_session.id), {
          ...wrongKey,
          signature: webhookSignature(wrongKey, "demo_not_the_secret", "json"),
        })
        const wrongSecretPhp = await postJson(hookPath(victim.payment_session.id), {
          ...wrongKey,
          signature: webhookSignature(wrongKey, "demo_not_the_secret", "php-array"),
        })
        const replayedAtVictim = await postJson(hookPath(victim.payment_session.id), other.delivery.requestBody)
        const malformed = await postJson(hookPath(victim.payment_session.id), {
          event_name: "application.failed",
          event_data: "x",
        })
        expect([
          badSignature.status,
          swapped.status,
          wrongSecret.status,
          wrongSecretPhp.status,
          malformed.status,
        ]).toEqual([401, 401, 401, 401, 400])
        expect(malformed.data.message).toMatch(/event_time|event_data/)
        expect(swappedGenuine.status).toBe(200)
        expect(replayedAtVictim.status).toBe(200)
        for (const reply of [
          badSignature,
          swapped,
          swappedGenuine,
          wrongSecret,
          wrongSecretPhp,
          replayedAtVictim,
          malformed,
        ])
          expectNoEcho(reply, victimToken, genuine.signature)

        await webhooksProcessed(getContainer(), "payment-assist")
        const session = await sessionRow(getContainer(), victim.payment_session.id)
        expect(session.status).toBe("pending")
        expect(session.payment_collection!.status).not.toBe("failed")
        expect(await orderCount(victimCart.id)).toBe(0)
        expect(
          sandbox()
            .ledger("payment-assist")
            .list({ ref: victimToken })
            .map((e) => e.type),
        ).toEqual(["application.begin"])
        expect(await paEffects(victim.payment_session.id)).toBe(0)
        figure(
          "payment-assist",
          "forged (bad/other signature, swapped token, other session, malformed)",
          await paEffects(victim.payment_session.id),
          0,
        )
      })
    })

    describe("Payment Assist return", () => {
      const paEffects = async (sessionId: string) =>
        (await operations({ lender: "payment-assist", payment_session_id: sessionId })).filter((o) =>
          PA_EFFECTS.includes(o.detail?.action),
        ).length

      it("duplicated and replayed: the genuine return followed four times (three at once) places one order", async () => {
        const cart = await cartReadyForPayment(api, store, "uk")
        const started = await startPaymentAssist(api, store, cart.id)
        const returnUrl = await shopperOnHostedPage(started.redirect_url)
        const first = await follow(returnUrl)
        const again = await Promise.all([follow(returnUrl), follow(returnUrl), follow(returnUrl)])
        const orderIds = new Set([first, ...again].map((u) => u.searchParams.get("order_id")))
        expect(orderIds.size).toBe(1)
        expect([...orderIds][0]).toMatch(/^order_/)
        expect(await orderCount(cart.id)).toBe(1)
        const session = await sessionRow(getContainer(), started.payment_session.id)
        expect(session.payment?.id).toBeTruthy()
        expect(await paEffects(started.payment_session.id)).toBe(1)
        figure("payment-assist", "duplicated return (×4, 3 concurrent)", await paEffects(started.payment_session.id), 1)
      })

      it("forged: flipped status, re-signed with another key, another session's genuine return — failure page, no change", async () => {
        const cart = await cartReadyForPayment(api, store, "uk")
        const victim = await startPaymentAssist(api, store, cart.id)
        const otherCart = await cartReadyForPayment(api, store, "uk", { sku: "LAMP-BRASS" })
        const other = await startPaymentAssist(api, store, otherCart.id)
        const otherReturn = await shopperOnHostedPage(other.redirect_url) // approved, for the cheaper cart

        const genuine = await shopperOnHostedPage(victim.redirect_url, { decision: "decline" })
        const flipped = new URL(genuine)
        flipped.searchParams.set("status", "success")
        const resigned = new URL(flipped)
        resigned.searchParams.set(
          "signature",
          signatureFor({ token: flipped.searchParams.get("token"), status: "success" }, "demo_not_the_secret"),
        )
        const stolen = new URL(otherReturn)
        stolen.searchParams.set("session_id", victim.payment_session.id)
        const reasons = []
        for (const forged of [flipped, resigned, stolen])
          reasons.push((await follow(forged)).searchParams.get("reason"))
        expect(reasons).toEqual(["invalid_signature", "invalid_signature", "unknown_application"])

        // The victim's one genuine effect is the decline (Payment Assist's webhook); the forgeries add none.
        await webhooksSettled(sandbox(), getContainer())
        const session = await sessionRow(getContainer(), victim.payment_session.id)
        expect(session.status).toBe("error")
        expect(session.payment).toBeFalsy()
        expect(await orderCount(cart.id)).toBe(0)
        expect(await orderCount(otherCart.id)).toBe(0)
        expect(await paEffects(victim.payment_session.id)).toBe(1)
        figure(
          "payment-assist",
          "forged return (flipped status, wrong key, other session)",
          (await paEffects(victim.payment_session.id)) - 1,
          0,
        )
      })
    })

    describe("Vault notification", () => {
      const hook = "/hooks/financing/vault"
      const webhookEntries = async (sessionId: string) =>
        operations({ lender: "vault", operation: "webhook", outcome: "succeeded", payment_session_id: sessionId })
      const captures = async (sessionId: string) =>
        (await sessionState(getContainer(), sessionId)).payment?.captures.length ?? 0

      async function externalSession(sku = "SOFA-3-CHAR") {
        const cart = await cartReadyForPayment(api, store, "us", { sku })
        const collection = await startPaymentSession(api, store, cart.id, VAULT_PROVIDER, { type: "EXTERNAL" })
        return { cart, session: collection.payment_sessions[0] }
      }

      it("duplicated: the genuine SUCCESS delivered twice by Vault, then three copies at once, completes one order", async () => {
        const { cart, session } = await externalSession()
        await browser.post(`${sandbox().lenderUrl("vault")}/sim/notify/duplicates`, { enabled: true })
        expect((await reportExternal(sandbox(), session.data, "SUCCESS")).data).toEqual({ result: "ok" })
        await webhooksSettled(sandbox(), getContainer())
        const delivered = sandbox()
          .webhooks.log("vault")
          .filter((a) => a.ok)
        expect(delivered).toHaveLength(2)
        const { requestBody, requestHeaders } = delivered[0]
        const copies = await Promise.all(
          [1, 2, 3].map(() => postJson(hook, requestBody, { "x-signature": requestHeaders["x-signature"] })),
        )
        expect(copies.map((c) => c.status)).toEqual([200, 200, 200])
        expect(copies.every((c) => c.data.duplicate === true)).toBe(true)

        expect(await orderCount(cart.id)).toBe(1)
        expect(await captures(session.id)).toBe(1)
        expect(sandbox().ledger("vault").list({ type: "external.settled" })).toHaveLength(1)
        expect(await webhookEntries(session.id)).toHaveLength(1)
        figure("vault", "duplicated notification (×5, 3 concurrent)", await orderCount(cart.id), 1)
      })

      it("concurrent first deliveries: the same genuine notification arriving three times at once is processed once", async () => {
        const { cart, session } = await externalSession()
        // Vault's own delivery is dropped; the test then delivers its exact bytes three times at once.
        sandbox().faults.dropWebhooks("vault", { count: 1 })
        await reportExternal(sandbox(), session.data, "SUCCESS")
        await webhooksSettled(sandbox(), getContainer())
        const dropped = sandbox().webhooks.log("vault")[0]
        expect(dropped.attempt).toBe(0)
        const copies = await Promise.all(
          [1, 2, 3].map(() =>
            postJson(hook, dropped.requestBody, { "x-signature": dropped.requestHeaders["x-signature"] }),
          ),
        )
        expect(copies.map((c) => c.status)).toEqual([200, 200, 200])
        expect(copies.filter((c) => c.data.duplicate === true)).toHaveLength(2)
        await webhooksProcessed(getContainer(), "vault")
        expect(await orderCount(cart.id)).toBe(1)
        expect(await captures(session.id)).toBe(1)
        expect(await webhookEntries(session.id)).toHaveLength(1)
        figure("vault", "same notification ×3 at once (first delivery)", await orderCount(cart.id), 1)
      })

      it("reordered: a signed FAILED after the SUCCESS is verified with Vault and changes nothing", async () => {
        const { cart, session } = await externalSession()
        await reportExternal(sandbox(), session.data, "SUCCESS")
        await webhooksSettled(sandbox(), getContainer())
        const orderId = await orderForCart(getContainer(), cart.id)
        expect(orderId).toBeDefined()
        for (const status of ["FAILED", "CANCELLED", "EXPIRED"]) {
          const body = JSON.stringify({
            payload: {
              paymentId: session.data.payment_id,
              invoiceId: session.data.invoice_id,
              status,
              amount: session.data.amount,
              currency: "USD",
              paymentDate: Date.now(),
            },
          })
          const reply = await postJson(hook, body, { "x-signature": vaultSignature(body) })
          expect(reply.status).toBe(200)
        }
        await webhooksProcessed(getContainer(), "vault")
        const state = await sessionState(getContainer(), session.id)
        expect(state.payment_collection.status).toBe("completed")
        expect(state.payment?.captures).toHaveLength(1)
        expect(await orderForCart(getContainer(), cart.id)).toBe(orderId)
        expect(await orderCount(cart.id)).toBe(1)
        figure("vault", "reordered (FAILED/CANCELLED/EXPIRED after SUCCESS)", (await orderCount(cart.id)) - 1, 0)
      })

      it("delayed: the EXPIRED of a payment whose session was replaced is acknowledged and changes nothing", async () => {
        const cart = await cartReadyForPayment(api, store, "uk")
        const firstCollection = await startPaymentSession(api, store, cart.id, VAULT_PROVIDER, { type: "EXTERNAL" })
        const oldSession = firstCollection.payment_sessions[0]
        await api.post(`/store/carts/${cart.id}/line-items/${cart.items[0].id}`, { quantity: 2 }, storeHeaders(store))
        const collection = await startPaymentSession(api, store, cart.id, VAULT_PROVIDER)
        const current = collection.payment_sessions.find((s: { id: string }) => s.id !== oldSession.id)
        const paid = await sent(payOnHostedPage(current.data.checkout_url, "approve"))
        expect(paid.storefront.pathname).toBe("/checkout/financing/success")
        await webhooksSettled(sandbox(), getContainer())
        const before = sandbox().webhooks.log("vault").length

        sandbox().clock.advance(31 * 60 * 1000) // the abandoned payment expires at Vault, which notifies
        await webhooksSettled(sandbox(), getContainer())
        const late = sandbox().webhooks.log("vault").slice(before)
        expect(late.length).toBeGreaterThan(0)
        expect(late.every((a) => JSON.parse(a.requestBody).payload.paymentId === oldSession.data.payment_id)).toBe(true)
        expect(late[0].status).toBe(200)
        expect(await orderCount(cart.id)).toBe(1)
        const state = await sessionState(getContainer(), current.id)
        expect(state.payment_collection.status).toBe("completed")
        expect(state.payment?.captures).toHaveLength(1)
        figure("vault", "delayed (EXPIRED of a replaced session after the order)", (await orderCount(cart.id)) - 1, 0)
      })

      it("replayed and forged: an old delivery replayed, bad or missing signatures, ids swapped, amount changed — no change", async () => {
        const paidOne = await externalSession("LAMP-BRASS")
        await reportExternal(sandbox(), paidOne.session.data, "SUCCESS")
        await webhooksSettled(sandbox(), getContainer())
        const genuine = sandbox()
          .webhooks.log("vault")
          .find((a) => a.ok)!
        sandbox().clock.advance(24 * 3600_000) // a day later, a new shopper's payment is the target
        const { cart, session } = await externalSession()
        const victim = session.data

        const replay = await postJson(hook, genuine.requestBody, {
          "x-signature": genuine.requestHeaders["x-signature"],
        })
        expect(replay.data).toMatchObject({ result: "ok", duplicate: true })

        const claim = (fields: Record<string, unknown>) =>
          JSON.stringify({
            payload: {
              paymentId: victim.payment_id,
              invoiceId: victim.invoice_id,
              status: "SUCCESS",
              amount: victim.amount,
              currency: "USD",
              paymentDate: Date.now(),
              ...fields,
            },
          })
        const body = claim({})
        const unsigned = await postJson(hook, body)
        const wrongKey = await postJson(hook, body, { "x-signature": vaultSignature(body, "not-the-secret") })
        const tampered = await postJson(hook, claim({ amount: "1.00" }), { "x-signature": vaultSignature(body) })
        // Signed, but naming the paid payment with the victim's invoice (and the reverse): only
        // Vault holds the key, so these are acknowledged, and the fetch-back finds nothing to apply.
        const mixedA = claim({ paymentId: paidOne.session.data.payment_id })
        const mixedB = claim({ invoiceId: paidOne.session.data.invoice_id })
        const mixed = [
          await postJson(hook, mixedA, { "x-signature": vaultSignature(mixedA) }),
          await postJson(hook, mixedB, { "x-signature": vaultSignature(mixedB) }),
        ]
        // Signed and well-formed, but Vault says the victim's payment is still PENDING.
        const pending = await postJson(hook, body, { "x-signature": vaultSignature(body) })
        const cheap = claim({ amount: "1.00" })
        const cheaper = await postJson(hook, cheap, { "x-signature": vaultSignature(cheap) })

        expect([unsigned.status, wrongKey.status, tampered.status]).toEqual([401, 401, 401])
        expect(mixed.map((r) => [r.status, r.data.result])).toEqual([
          [200, "ok"],
          [200, "ok"],
        ])
        expect([pending.status, cheaper.status]).toEqual([200, 200])
        for (const reply of [unsigned, wrongKey, tampered, ...mixed, pending, cheaper])
          expectNoEcho(reply, vaultSignature(body), String(victim.invoice_id) + '","status')
        await webhooksProcessed(getContainer(), "vault")
        expect(await orderCount(cart.id)).toBe(0)
        const state = await sessionState(getContainer(), session.id)
        expect(state.payment).toBeFalsy()
        expect(state.payment_collection.status).not.toBe("failed")
        expect(await orderCount(paidOne.cart.id)).toBe(1)
        expect(await captures(paidOne.session.id)).toBe(1)
        figure("vault", "replayed-old and forged (signature, ids, amount)", await orderCount(cart.id), 0)
      })

      describe("acknowledged first, processed after (issue #20)", () => {
        const FETCH_BACK = { method: "GET", path: "/^\\/invoice\\/[^/]+$/" }
        const webhookEntry = async (id: string) => (await operations({ id }))[0]

        /** Vault's SUCCESS notification for a new EXTERNAL payment, dropped on its way: the test delivers it. */
        async function droppedSuccess() {
          const { cart, session } = await externalSession()
          sandbox().faults.dropWebhooks("vault", { count: 1 })
          await reportExternal(sandbox(), session.data, "SUCCESS")
          await webhooksSettled(sandbox(), getContainer())
          const dropped = sandbox().webhooks.log("vault")[0]
          expect(dropped.attempt).toBe(0)
          const deliver = () =>
            postJson(hook, dropped.requestBody, { "x-signature": dropped.requestHeaders["x-signature"] })
          return { cart, session, deliver, key: `vault:webhook:${webhookDeliveryKey(dropped.requestBody)}` }
        }

        /** What the route writes before answering, written here without the event: the process died right after. */
        const recordedOnly = (key: string, data: { payment_id: string; invoice_id: string }) =>
          financing().recordOperation({
            provider_id: VAULT_PROVIDER,
            lender: "vault",
            operation: "webhook",
            outcome: "pending",
            idempotency_key: key,
            lender_reference: data.payment_id,
            references: { invoice_id: data.invoice_id, payment_id: data.payment_id },
            attempts: 0,
          })

        it("answers before the fetch-back: with Vault slow to answer it, the 200 comes first and the order follows", async () => {
          const { cart, session, deliver, key } = await droppedSuccess()
          sandbox().faults.delayNext("vault", 4000, { match: FETCH_BACK })
          const reply = await deliver()
          expect(reply.status).toBe(200)
          expect(reply.data).toEqual({ result: "ok" })
          // At the answer the delivery is recorded (ids only) and not yet processed: no order.
          const entry = await financing().findOperationByIdempotencyKey(key)
          expect(entry).toMatchObject({
            outcome: "pending",
            references: { invoice_id: session.data.invoice_id, payment_id: session.data.payment_id },
          })
          expect(await orderCount(cart.id)).toBe(0)
          await webhooksProcessed(getContainer(), "vault")
          expect(await webhookEntry(entry!.id)).toMatchObject({
            outcome: "succeeded",
            attempts: 1,
            payment_session_id: session.id,
          })
          expect(await orderCount(cart.id)).toBe(1)
          expect(await captures(session.id)).toBe(1)
          figure("vault", "slow fetch-back (acknowledged first)", await orderCount(cart.id), 1)
        })

        it("recorded but never processed (the process died after the answer): Vault's retry is a duplicate, the reconcile run processes it", async () => {
          const { cart, session, deliver, key } = await droppedSuccess()
          const entry = await recordedOnly(key, session.data)
          // Vault retries: already recorded, so acknowledged as a duplicate and nothing more.
          expect((await deliver()).data).toEqual({ result: "ok", duplicate: true })
          expect(await orderCount(cart.id)).toBe(0)
          // A pass right away leaves it alone (it may still be on its way through the event bus)…
          const early = await runFinancingReconcile(getContainer(), { lenders: ["vault"] })
          expect(early.webhooks).toEqual([])
          expect((await webhookEntry(entry.id)).outcome).toBe("pending")
          // …one after it went stale processes it, once.
          const later = new Date(Date.now() + 2 * 60_000)
          const run = await runFinancingReconcile(getContainer(), { lenders: ["vault"], now: later })
          expect(run.webhooks).toEqual([{ id: entry.id, lender: "vault", was: "pending", outcome: "succeeded" }])
          expect(await webhookEntry(entry.id)).toMatchObject({ outcome: "succeeded", next_attempt_at: null })
          expect(await orderCount(cart.id)).toBe(1)
          expect(await captures(session.id)).toBe(1)
          const again = await runFinancingReconcile(getContainer(), { lenders: ["vault"], now: later })
          expect(again.webhooks).toEqual([])
          expect(await orderCount(cart.id)).toBe(1)
          figure("vault", "recorded, never processed (reconcile)", await orderCount(cart.id), 1)
        })

        it("one delivery processed twice at once (its event and two overlapping reconcile passes) places one order", async () => {
          const { cart, session, key } = await droppedSuccess()
          const entry = await recordedOnly(key, session.data)
          const later = new Date(Date.now() + 2 * 60_000)
          const outcomes = await Promise.all([
            processWebhookDelivery(getContainer(), entry.id),
            runFinancingReconcile(getContainer(), { lenders: ["vault"], now: later }),
            runFinancingReconcile(getContainer(), { lenders: ["vault"], now: later }),
          ])
          const reconciled = [...outcomes[1].webhooks, ...outcomes[2].webhooks].map((w) => w.outcome)
          expect([outcomes[0], ...reconciled].filter((o) => o === "succeeded")).toHaveLength(1)
          expect(await webhookEntry(entry.id)).toMatchObject({ outcome: "succeeded", attempts: 1 })
          expect(await orderCount(cart.id)).toBe(1)
          expect(await captures(session.id)).toBe(1)
          expect(sandbox().ledger("vault").list({ type: "external.settled" })).toHaveLength(1)
          figure("vault", "one delivery processed twice at once", await orderCount(cart.id), 1)
        })
      })
    })

    describe("Vault return", () => {
      it("duplicated: the genuine return followed three times at once and once more later places one order and one capture", async () => {
        const cart = await cartReadyForPayment(api, store, "uk")
        const collection = await startPaymentSession(api, store, cart.id, VAULT_PROVIDER)
        const session = collection.payment_sessions[0]
        const { pluginReturn, storefront } = await sent(payOnHostedPage(session.data.checkout_url, "approve"))
        expect(storefront.pathname).toBe("/checkout/financing/success")
        const again = await Promise.all([1, 2, 3].map(() => visit(pluginReturn.toString())))
        sandbox().clock.advance(3600_000)
        const later = await visit(pluginReturn.toString())
        const landed = [...again, later].map((r) => new URL(r.headers.location))
        expect(landed.every((u) => u.pathname === "/checkout/financing/success")).toBe(true)
        expect(new Set(landed.map((u) => u.searchParams.get("order_id"))).size).toBe(1)
        await webhooksSettled(sandbox(), getContainer())
        expect(await orderCount(cart.id)).toBe(1)
        expect((await sessionState(getContainer(), session.id)).payment?.captures).toHaveLength(1)
        expect(sandbox().ledger("vault").list({ type: "checkout.captured" })).toHaveLength(1)
        figure("vault", "duplicated return (×5, 3 concurrent)", await orderCount(cart.id), 1)
      })

      it("forged: invented ids, another cart's approved payment (a cheaper amount), unknown session — no order", async () => {
        const cart = await cartReadyForPayment(api, store, "uk")
        const session = (await startPaymentSession(api, store, cart.id, VAULT_PROVIDER)).payment_sessions[0]
        const cheapCart = await cartReadyForPayment(api, store, "uk", { sku: "LAMP-BRASS" })
        const cheap = (await startPaymentSession(api, store, cheapCart.id, VAULT_PROVIDER)).payment_sessions[0]
        const paid = await sent(payOnHostedPage(cheap.data.checkout_url, "approve"))
        const stolen = paid.pluginReturn.searchParams
        const returnUrl = backend(`/financing/vault/return?payment_session_id=${session.id}`)
        const replies = [
          await visit(`${returnUrl}&cko-payment-id=pay_forged123456`),
          await visit(
            `${returnUrl}&cko-payment-id=${stolen.get("cko-payment-id")}&cko-payment-session-id=${stolen.get("cko-payment-session-id")}`,
          ),
          await visit(
            backend(
              `/financing/vault/return?payment_session_id=payses_doesnotexist&cko-payment-id=${stolen.get("cko-payment-id")}`,
            ),
          ),
        ]
        expect(replies.map((r) => new URL(r.headers.location).searchParams.get("reason"))).toEqual([
          "verification_failed",
          "verification_failed",
          "unknown_payment",
        ])
        expect(await orderCount(cart.id)).toBe(0)
        expect((await sessionState(getContainer(), session.id)).payment).toBeFalsy()
        expect(await orderCount(cheapCart.id)).toBe(1)
        figure(
          "vault",
          "forged return (invented ids, other cart's payment, unknown session)",
          await orderCount(cart.id),
          0,
        )
      })
    })

    describe("NewDay widget returns", () => {
      /** Opens the sign-in widget, submits it and returns the hand-back form (not yet posted to the store). */
      async function signInHandBack(cartId: string, email = "approve@newpay.test") {
        const { data } = await api.post(`/store/financing/newday/carts/${cartId}/sign-in`, {}, storeHeaders(store))
        const page = await browser.get(data.sign_in_url)
        const handBack = await postForm(formAction(page.data), {
          redirect_uri: hiddenValue(page.data, "redirect_uri"),
          email,
          password: "x",
        })
        return { action: formAction(handBack.data), payload: hiddenValue(handBack.data, "payload") }
      }
      const customerSecret = (cartId: string) =>
        financing().getSecret<{ customerRef: string }>({
          lender: "newday",
          purpose: "customer",
          cart_id: cartId,
        } as never)

      it("sign-in: the genuine hand-back posted twice at once and again later signs in once; forged states are refused", async () => {
        const cart = await cartReadyForPayment(api, store, "uk", { sku: "LAMP-BRASS" })
        const otherCart = await cartReadyForPayment(api, store, "uk", { sku: "LAMP-BRASS" })
        const genuine = await signInHandBack(cart.id)
        const replies = await Promise.all([
          postForm(genuine.action, { payload: genuine.payload }),
          postForm(genuine.action, { payload: genuine.payload }),
        ])
        const signedIn = replies.filter(
          (r) => r.status === 302 && new URL(r.headers.location).searchParams.get("newday") === "signed_in",
        )
        expect(signedIn).toHaveLength(1)
        expect(replies.map((r) => r.status).sort()).toEqual([302, 400])
        const ref = (await customerSecret(cart.id))?.customerRef
        expect(ref).toBeTruthy()

        // Replayed later with another shopper's identity, or aimed at another cart, or with a guessed state.
        const payload = JSON.parse(genuine.payload)
        const swapped = JSON.stringify({ ...payload, customerRef: "00000000-0000-4000-8000-000000000000" })
        const action = new URL(genuine.action)
        const otherCartAction = new URL(action)
        otherCartAction.searchParams.set("cart_id", otherCart.id)
        const guessed = new URL(action)
        guessed.searchParams.set("state", "guess")
        const refused = [
          await postForm(genuine.action, { payload: swapped }),
          await postForm(otherCartAction.toString(), { payload: genuine.payload }),
          await postForm(guessed.toString(), { payload: genuine.payload }),
        ]
        expect(refused.map((r) => r.status)).toEqual([400, 400, 400])
        for (const reply of [...replies, ...refused]) expectNoEcho(reply, payload.identityToken, payload.customerRef)
        expect((await customerSecret(cart.id))?.customerRef).toBe(ref)
        expect(await customerSecret(otherCart.id)).toBeNull()
        figure(
          "newday",
          "sign-in hand-back (duplicate ×2 concurrent, replay, other cart, guessed state)",
          signedIn.length,
          1,
        )
      })

      it("SCA: the genuine hand-back posted twice at once and again later authorises once; a forged state or session is refused", async () => {
        const cart = await cartReadyForPayment(api, store, "uk", { sku: "TABLE-OAK-NAT" })
        await checkoutWithNewDay(api, store, cart.id, "approve@newpay.test")
        await completeCart(api, store, cart.id).catch(() => undefined) // → requires SCA
        const { data } = await api.get(
          `/store/carts/${cart.id}?fields=*payment_collection.payment_sessions`,
          storeHeaders(store),
        )
        const session = data.cart.payment_collection.payment_sessions[0]
        const page = await browser.get(session.data.sca_widget_url)
        const handBack = await postForm(formAction(page.data), {
          redirect_uri: hiddenValue(page.data, "redirect_uri"),
          scaToken: hiddenValue(page.data, "scaToken"),
          code: "123456",
        })
        const action = new URL(formAction(handBack.data))
        const payload = hiddenValue(handBack.data, "payload")

        const forgedState = new URL(action)
        forgedState.searchParams.set("state", "guess")
        const otherSession = new URL(action)
        otherSession.searchParams.set("payment_session_id", "payses_01NOTTHISONE")
        const forged = [
          await postForm(forgedState.toString(), { payload }),
          await postForm(otherSession.toString(), { payload }),
        ]
        expect(forged.map((r) => r.status)).toEqual([400, 400])
        expect(sandbox().ledger("newday").list({ type: "authorise" })).toHaveLength(0)

        const replies = await Promise.all([
          postForm(action.toString(), { payload }),
          postForm(action.toString(), { payload }),
        ])
        const later = await postForm(action.toString(), { payload })
        // One authorises; the others are told the authentication was used (or, once the order
        // exists and the challenge is cleared, that it is unknown).
        const outcomes = [...replies, later].map((r) =>
          r.status === 302 ? new URL(r.headers.location).searchParams.get("newday") : `HTTP ${r.status}`,
        )
        expect(outcomes.filter((o) => o === "authorised")).toHaveLength(1)
        expect(outcomes.filter((o) => o === "sca_failed" || o === "HTTP 400")).toHaveLength(2)
        for (const reply of [...forged, ...replies, later]) expectNoEcho(reply, JSON.parse(payload).scaToken)
        expect(await orderCount(cart.id)).toBe(1)
        expect(sandbox().ledger("newday").list({ type: "authorise" })).toHaveLength(1)
        figure(
          "newday",
          "SCA hand-back (duplicate ×2 concurrent, replay, forged state/session)",
          sandbox().ledger("newday").list({ type: "authorise" }).length,
          1,
        )
      })
    })
  },
})
