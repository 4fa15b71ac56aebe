// Vault under lender faults, through a real Medusa and the sandbox's fault injection: each fault
// kind (5xx, 429, no answer, connection reset, truncated body) on each Vault call of a payment's
// life — issuing the invoice (initiate), verifying the hosted-checkout return and confirming a
// PLATFORM debit (authorize), the notification's fetch-back (webhook) and the read before a
// session is dropped (cancel). For every case the shopper or admin gets a clear answer naming
// Vault, only idempotent calls are repeated by the plugin (the sandbox's fault history counts
// the attempts), no order exists before Vault says SUCCESS, and once the fault clears the retry
// pays exactly once (the sandbox's ledger). Vault has no capture (SUCCESS is settled money) and
// no refund API (refunds are refused or recorded by hand), so no Vault call exists to fault there.
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { seedStore, type SeededStore } from "../../demo/seed-store"
import { FINANCING_MODULE } from "../../src/modules/financing"
import type FinancingModuleService from "../../src/modules/financing/service"
import {
  VAULT_SANDBOX_CLIENT_SECRET,
  VAULT_SANDBOX_PASSWORD,
  VAULT_SANDBOX_USERS,
} from "../../packages/sandbox/src/vault/credentials"
import { useSandboxAndBackend } from "../utils/sandbox"
import { cartReadyForPayment, storeHeaders, type ApiClient } from "../utils/store-api"
import { browser, reportExternal, sessionState } from "../vault/helpers"
import {
  applied,
  failed as settle,
  QUEUED,
  QUEUED_KINDS,
  recordQueuedFault,
  seedOnce,
  type QueuedKind,
} from "./helpers/faults"
import { webhooksSettled } from "../utils/webhook-deliveries"
import { runFinancingReconcile } from "../../src/workflows/reconcile/run"

jest.setTimeout(300_000)

const env = useSandboxAndBackend({
  VAULT_TIMEOUT_MS: "1500",
  VAULT_SANDBOX_NOTIFY_BACKOFF_MS: "250",
  FINANCING_STOREFRONT_URL: "http://storefront.test",
})
const SLUG = "vault"
const PROVIDER = "pp_vault_vault"
const [RICH] = VAULT_SANDBOX_USERS

type Res = { status: number; data: any; headers?: any }

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer, dbUtils }) => {
    let store: SeededStore | undefined
    const container = () => getContainer() as MedusaContainer
    const sandbox = () => env.sandbox()
    const ledger = (type: string, ref: string) => sandbox().ledger(SLUG).list({ type, ref })
    const headers = () => storeHeaders(store!)

    seedOnce(sandbox, dbUtils, async () => {
      store = await seedStore(container())
    })
    // Vault's notifications must not outlive their test (the next one restores the database).
    afterEach(async () => {
      sandbox().faults.clear()
      await webhooksSettled(sandbox(), getContainer())
    })

    async function collectionFor(region: "uk" | "us", sku = "TABLE-OAK-NAT") {
      const cart = await cartReadyForPayment(api as ApiClient, store!, region, { sku })
      const { data } = await api.post("/store/payment-collections", { cart_id: cart.id }, headers())
      return { cart, collectionId: data.payment_collection.id as string }
    }
    const startSession = (collectionId: string, providerId: string, data?: Record<string, unknown>) =>
      settle(
        api.post(
          `/store/payment-collections/${collectionId}/payment-sessions`,
          { provider_id: providerId, ...(data ? { data } : {}) },
          headers(),
        ),
      )
    const sessionOf = (res: Res) =>
      res.data.payment_collection.payment_sessions.find((s: { provider_id: string }) => s.provider_id === PROVIDER)

    /** The shopper pays on the hosted page; Vault settles and redirects to the plugin's return URL (not followed). */
    async function hostedReturnUrl(checkoutUrl: string): Promise<string> {
      expect((await browser.get(checkoutUrl)).status).toBe(200)
      const clicked = await browser.post(checkoutUrl, "outcome=approve", {
        headers: { "content-type": "application/x-www-form-urlencoded" },
      })
      const vaultHandler = await browser.get(clicked.headers.location)
      return vaultHandler.headers.location as string
    }

    const ordersFor = async (cartId: string) =>
      (
        await container()
          .resolve("query")
          .graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
      ).data.length

    async function platformSession() {
      const cart = await cartReadyForPayment(api as ApiClient, store!, "uk")
      await api.post(
        "/store/financing/vault/platform/sign-in",
        { cart_id: cart.id, phone: RICH.phone, password: VAULT_SANDBOX_PASSWORD },
        headers(),
      )
      const started = await api.post(
        "/store/financing/vault/platform/payment-session",
        { cart_id: cart.id, account_id: RICH.accounts[0].id },
        headers(),
      )
      return { cart, session: started.data.payment_session }
    }

    async function financingOps(filter: Record<string, unknown>) {
      const financing = container().resolve<FinancingModuleService>(FINANCING_MODULE)
      return (await financing.listFinancingOperations({ lender: SLUG, ...filter } as never, { take: 100 })) as Array<
        Record<string, any>
      >
    }

    function expectClearError(message: unknown, what: RegExp) {
      expect(typeof message).toBe("string")
      expect(message).toMatch(/Vault/)
      expect(message).toMatch(what)
      expect(message).not.toMatch(/\n\s+at |node_modules|AxiosError|Bearer /)
      expect(message).not.toContain(VAULT_SANDBOX_CLIENT_SECRET)
    }

    interface Outcome {
      error: string
      /** Vault's payment id: the ledger's reference. */
      ref: string
      lost: number
    }
    interface Case {
      operation: string
      match: { method: string; path: string }
      /** How many faults a kind ends up applying: the plugin's own retries, or Vault's redeliveries. */
      injected: (kind: QueuedKind) => number
      /** The plugin itself repeated the call (as opposed to Vault redelivering). */
      pluginRetried: (kind: QueuedKind) => boolean
      /** Ledger entry that must appear exactly once afterwards. */
      effect: string
      run: (kind: QueuedKind, inject: () => void) => Promise<Outcome>
    }

    const pluginRetries = (kind: QueuedKind) => (kind.transient ? QUEUED : 1)

    const CASES: Case[] = [
      {
        operation: "initiate (create invoice)",
        match: { method: "POST", path: "/^\\/invoice$/" },
        injected: pluginRetries,
        pluginRetried: (kind) => kind.transient,
        effect: "invoice.paid",
        run: async (_kind, inject) => {
          const { cart, collectionId } = await collectionFor("uk")
          inject()
          const failed = await startSession(collectionId, PROVIDER)
          expect(failed.status).toBe(400)
          // Plain words for the shopper; the transport detail goes to the financing log.
          expectClearError(failed.data.message, /^Vault isn't available right now — nothing has been charged/)
          const [logged] = await financingOps({ operation: "initiate", outcome: "failed" })
          expect(logged?.error_message).toMatch(/create-invoice failed/)
          sandbox().faults.clear(SLUG)
          const started = await startSession(collectionId, PROVIDER)
          expect(started.status).toBe(200)
          const session = sessionOf(started)
          const back = await browser.get(await hostedReturnUrl(session.data.checkout_url))
          expect(new URL(back.headers.location).pathname).toBe("/checkout/financing/success")
          return {
            error: failed.data.message,
            ref: session.data.payment_id,
            lost: (await ordersFor(cart.id)) === 1 ? 0 : 1,
          }
        },
      },
      {
        operation: "authorize (checkout return: payment read)",
        match: { method: "POST", path: "/^\\/invoice\\/payment$/" },
        injected: pluginRetries,
        pluginRetried: (kind) => kind.transient,
        effect: "invoice.paid",
        run: async (_kind, inject) => {
          const { cart, collectionId } = await collectionFor("uk")
          const session = sessionOf(await startSession(collectionId, PROVIDER))
          // Only the shopper's return verifies this payment: Vault's notification is lost.
          sandbox().faults.dropWebhooks(SLUG)
          const returnUrl = await hostedReturnUrl(session.data.checkout_url)
          inject()
          const failed = await browser.get(returnUrl)
          const landed = new URL(failed.headers.location)
          expect(Object.fromEntries(landed.searchParams)).toEqual({
            lender: "vault",
            cart_id: cart.id,
            reason: "verification_unavailable",
          })
          expect(await ordersFor(cart.id)).toBe(0)
          const [logged] = await financingOps({
            operation: "return",
            payment_session_id: session.id,
            outcome: "failed",
          })
          expectClearError(logged?.detail?.error, /get-payment failed/)
          sandbox().faults.clear(SLUG)
          const again = await browser.get(returnUrl)
          expect(new URL(again.headers.location).pathname).toBe("/checkout/financing/success")
          expect((await sessionState(container(), session.id)).payment?.captures).toHaveLength(1)
          return {
            error: `${landed.searchParams.get("reason")}: ${logged.detail.error}`,
            ref: session.data.payment_id,
            lost: (await ordersFor(cart.id)) === 1 ? 0 : 1,
          }
        },
      },
      {
        operation: "authorize (PLATFORM confirm)",
        match: { method: "POST", path: "/\\/confirm$/" },
        injected: () => 1,
        pluginRetried: () => false,
        effect: "platform.debit",
        run: async (kind, inject) => {
          const { cart, session } = await platformSession()
          inject()
          const failed = await settle(api.post(`/store/carts/${cart.id}/complete`, {}, headers()))
          // README: a failed PLATFORM complete is { type: "cart", error } in plain words, never a 500.
          expect(failed.status).toBe(200)
          expect(failed.data.type).toBe("cart")
          const message = failed.data.error?.message
          expectClearError(message, /^Vault isn't answering right now/)
          expect(message).not.toMatch(/Sandbox|HTTP \d|confirm-payment/)
          // The transport detail is for the admin: in the financing log.
          const logged = await financingOps({ operation: "authorize", payment_session_id: session.id })
          expect(logged.map((o: { error_message?: string | null }) => o.error_message ?? "").join("\n")).toMatch(
            /confirm-payment failed/,
          )
          sandbox().faults.clear(SLUG)
          // When Vault debited before the answer was lost, its SUCCESS notification completes the cart.
          await webhooksSettled(sandbox(), getContainer())
          expect(await ordersFor(cart.id)).toBe(kind.lenderActed ? 1 : 0)
          const again = await settle(api.post(`/store/carts/${cart.id}/complete`, {}, headers()))
          expect(again.data.type).toBe("order")
          expect((await sessionState(container(), session.id)).payment?.captures).toHaveLength(1)
          return { error: message, ref: session.data.payment_id, lost: (await ordersFor(cart.id)) === 1 ? 0 : 1 }
        },
      },
      {
        operation: "webhook (notification fetch-back)",
        match: { method: "GET", path: "/^\\/invoice\\/[^/]+$/" },
        // Vault is answered before the fetch-back (src/workflows/webhooks), so it delivers once; the
        // failed processing is retried by the reconcile job. Transient faults are all used by the
        // plugin's retries within one attempt; each truncated body fails one attempt.
        injected: () => QUEUED,
        pluginRetried: (kind) => kind.transient,
        effect: "external.settled",
        run: async (kind, inject) => {
          const { cart, collectionId } = await collectionFor("us", "SOFA-3-CHAR")
          const session = sessionOf(await startSession(collectionId, PROVIDER, { type: "EXTERNAL" }))
          inject()
          expect((await reportExternal(sandbox(), session.data, "SUCCESS")).data).toEqual({ result: "ok" })
          await webhooksSettled(sandbox(), getContainer())
          const deliveries = sandbox()
            .webhooks.log(SLUG)
            .filter((d) => d.requestBody?.includes(session.data.payment_id))
          // Acknowledged at once: the failure is the delivery's log entry, not Vault's problem.
          expect(deliveries.map((d) => d.ok)).toEqual([true])
          const [logged] = await financingOps({
            operation: "webhook",
            outcome: "failed",
            lender_reference: session.data.payment_id,
          })
          expectClearError(logged?.error_message, /get-invoice failed/)
          expect(logged.next_attempt_at).toBeTruthy()
          expect(await ordersFor(cart.id)).toBe(0)
          // The reconcile job runs it again when due (an hour later each time: past any backoff),
          // until Vault answers: once for a transient kind, once per remaining fault otherwise.
          const attempts = kind.transient ? 1 : QUEUED
          let now = Date.now()
          for (let run = 0; run < attempts; run++) {
            now += 3600_000
            const summary = await runFinancingReconcile(getContainer(), { lenders: [SLUG], now: new Date(now) })
            expect(summary.webhooks.map((w) => w.id)).toEqual([logged.id])
          }
          const [done] = await financingOps({ id: logged.id })
          expect(done).toMatchObject({ outcome: "succeeded", attempts: attempts + 1 })
          expect((await sessionState(container(), session.id)).payment?.captures).toHaveLength(1)
          return {
            error: `answered 200 to Vault; processing failed: ${logged.error_message}`,
            ref: session.data.payment_id,
            lost: (await ordersFor(cart.id)) === 1 ? 0 : 1,
          }
        },
      },
      {
        operation: "cancel (paid session dropped: payment read)",
        match: { method: "POST", path: "/^\\/invoice\\/payment$/" },
        injected: pluginRetries,
        pluginRetried: (kind) => kind.transient,
        effect: "invoice.paid",
        run: async (_kind, inject) => {
          const { collectionId } = await collectionFor("uk")
          const session = sessionOf(await startSession(collectionId, PROVIDER))
          // The shopper pays, never comes back, Vault's notification is lost, and they switch to another method.
          sandbox().faults.dropWebhooks(SLUG)
          await hostedReturnUrl(session.data.checkout_url)
          inject()
          const switched = await startSession(collectionId, "pp_system_default")
          expect(switched.status).toBe(200)
          const [flagged] = await financingOps({ operation: "delete", payment_session_id: session.id })
          expect(flagged).toMatchObject({ outcome: "action_required", lender_reference: session.data.payment_id })
          expectClearError(
            flagged.error_message,
            /could not say whether payment .* was settled .*refund the shopper there/,
          )
          // Without the fault the same drop is flagged as settled: the unknown is treated as paid.
          return { error: flagged.error_message, ref: session.data.payment_id, lost: 0 }
        },
      },
    ]

    describe.each(CASES)("$operation", (testCase) => {
      it.each(QUEUED_KINDS.map((k) => [k.name, k] as const))(
        "%s: a clear answer, retried only if idempotent, one effect after the retry",
        async (_name, kind) => {
          let faultId = ""
          const inject = () => {
            faultId = (sandbox().faults.add(SLUG, kind.spec(testCase.match)) as { id: string }).id
          }
          const outcome = await testCase.run(kind, inject)

          const injected = applied(sandbox(), SLUG, faultId)
          expect(injected).toBe(testCase.injected(kind))
          const effects = ledger(testCase.effect, outcome.ref).length
          expect(effects).toBe(1)
          expect(outcome.lost).toBe(0)
          recordQueuedFault(__filename, SLUG, testCase.operation, kind, {
            injected,
            retriedByPlugin: testCase.pluginRetried(kind),
            error: outcome.error,
            effects,
            lost: outcome.lost,
          })
        },
      )
    })
  },
})
