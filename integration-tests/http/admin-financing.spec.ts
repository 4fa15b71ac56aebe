// The admin financing API through a real Medusa and the lender sandbox: the lenders' configuration
// for the settings page, the order summary per lender (orders placed by real checkouts), a sync
// that picks up a change at the lender, a failed confirmation retried from its log entry with one
// effect at the lender, FlexShopper receipts, test-connection (ok and failing), validation errors,
// and no configured credential in any response.
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { seedStore, type SeededStore } from "../../demo/seed-store"
import { LENDER_SLUGS } from "../../src/lenders/slugs"
import { secretOptionValues } from "../../src/workflows/admin/lender-config"
import { findLenderProviderOptions } from "../../src/provider-kit/provider-options"
import { PAYMENT_ASSIST_SANDBOX_API_KEY } from "../../packages/sandbox/src/payment-assist/credentials"
import { placeFlexShopperOrder, placeNewDayOrder, placePaymentAssistOrder, placeVaultOrder } from "../admin/orders"
import { fulfillOrder, shipFulfillment } from "../payment-assist/checkout"
import { useSandboxAndBackend } from "../utils/sandbox"
import { adminHeaders, cartReadyForPayment, completeCart, startPaymentSession } from "../utils/store-api"
import { waitFor } from "../utils/wait"
import { webhooksSettled } from "../utils/webhook-deliveries"

jest.setTimeout(240_000)

const env = useSandboxAndBackend({
  // Payment Assist with manual capture (its default is auto-capture): these tests capture in the admin.
  PAYMENT_ASSIST_AUTO_CAPTURE: "false",
  PAYMENT_ASSIST_SANDBOX_WEBHOOK_BACKOFF_MS: "20",
  VAULT_SANDBOX_NOTIFY_BACKOFF_MS: "50",
  FINANCING_STOREFRONT_URL: "http://storefront.test",
})

const DAY_MS = 24 * 60 * 60 * 1000

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: SeededStore
    let admin: { headers: Record<string, string> }
    const container = () => getContainer() as MedusaContainer
    const sandbox = () => env.sandbox()

    /** Every credential the running config holds (what src/config read from the environment). */
    const secrets = () =>
      LENDER_SLUGS.flatMap((slug) =>
        secretOptionValues(slug, findLenderProviderOptions<Record<string, unknown>>(container(), slug)),
      )

    /** An admin call that returns the response whatever its status, after checking it leaks no credential. */
    async function call(method: "get" | "post", url: string, body?: unknown): Promise<{ status: number; data: any }> {
      const response = await (method === "get" ? api.get(url, admin) : api.post(url, body ?? {}, admin)).catch(
        (e: { response?: { status: number; data: any } }) => {
          if (!e.response) throw e
          return e.response
        },
      )
      // The credentials view lists option names ("apiSecret", "clientSecret"), which the sandbox's
      // Vault client secret ("secret") would match; values there are covered by lender-credentials.spec.
      const text = JSON.stringify(response.data, (key, value) => (key === "credentials" ? undefined : value))
      for (const secret of secrets()) expect(text).not.toContain(secret)
      return response
    }
    const summary = async (orderId: string) => {
      const res = await call("get", `/admin/financing/orders/${orderId}`)
      expect(res.status).toBe(200)
      return res.data.financing
    }

    beforeEach(async () => {
      sandbox().reset()
      store = await seedStore(container())
      admin = await adminHeaders(api, container())
    })
    // Lender callbacks still in flight must not land in the next test's database.
    afterEach(() => webhooksSettled(sandbox(), getContainer()))

    it("lists every lender as configured against the sandbox, with the URLs to paste and no credential", async () => {
      const { data } = await call("get", "/admin/financing/lenders")
      const bySlug = Object.fromEntries(data.lenders.map((l: any) => [l.slug, l]))
      expect(Object.keys(bySlug)).toEqual(["payment-assist", "flexshopper", "newday", "vault"])
      for (const lender of data.lenders) {
        expect(lender).toMatchObject({ registered: true, configured: true, missing_options: [], mode: "sandbox" })
        expect(lender.base_url).toBe(`${sandbox().url}/${lender.slug}`)
      }
      const backend = env.backendUrl()
      expect(bySlug["payment-assist"].urls).toEqual({
        webhook: `${backend}/hooks/financing/payment-assist`,
        return: `${backend}/financing/payment-assist/return`,
        other: [],
      })
      expect(bySlug.vault.urls).toMatchObject({
        webhook: `${backend}/hooks/financing/vault`,
        return: `${backend}/financing/vault/return`,
      })
      expect(bySlug.newday.urls).toEqual({
        webhook: null,
        return: `${backend}/financing/newday/sign-in/return`,
        other: [{ label: "SCA widget return", url: `${backend}/financing/newday/sca/return` }],
      })
      expect(bySlug.flexshopper.urls).toEqual({ webhook: null, return: null, other: [] })
      expect(bySlug.flexshopper.regions.map((r: any) => r.currency_code)).toEqual(["usd"])
      expect(secrets().length).toBeGreaterThanOrEqual(6)
    })

    it("answers { financing: null } for an order paid another way, 404 for an unknown order, and 400 naming bad input", async () => {
      const cart = await cartReadyForPayment(api, store, "uk")
      await startPaymentSession(api, store, cart.id, "pp_system_default")
      const order = (await completeCart(api, store, cart.id)).order
      expect(await summary(order.id)).toBeNull()

      const sync = await call("post", `/admin/financing/orders/${order.id}/sync`)
      expect(sync.status).toBe(400)
      expect(sync.data.message).toBe(`Order ${order.id} has no payment through a financing lender to sync.`)

      const unknown = await call("get", "/admin/financing/orders/order_01UNKNOWN")
      expect(unknown.status).toBe(404)
      expect(unknown.data.message).toContain("order_01UNKNOWN")

      const badLimit = await call("get", `/admin/financing/orders/${order.id}/operations?limit=abc`)
      expect(badLimit.status).toBe(400)
      expect(badLimit.data.message).toMatch(/limit/)
      const badHistory = await call("get", `/admin/financing/orders/${order.id}?history_limit=0`)
      expect(badHistory.status).toBe(400)
      expect(badHistory.data.message).toMatch(/history_limit/)

      const badSlug = await call("post", "/admin/financing/lenders/acme-credit/test-connection")
      expect(badSlug.status).toBe(400)
      expect(badSlug.data.message).toBe(
        "Invalid request: slug must be one of payment-assist, flexshopper, newday, vault",
      )

      const badOperation = await call("post", `/admin/financing/orders/${order.id}/operations/not-an-id/retry`)
      expect(badOperation.status).toBe(400)
      expect(badOperation.data.message).toMatch(/operation_id must be a financing operation id/)

      const unknownField = await call("post", `/admin/financing/orders/${order.id}/sync`, { force: true })
      expect(unknownField.status).toBe(400)
      expect(unknownField.data.message).toMatch(/force/)
    })

    it("Payment Assist: token and status in the summary; a sync picks up the application expiring at the lender", async () => {
      const { orderId, reference: token } = await placePaymentAssistOrder(api, store, sandbox())
      const before = await summary(orderId)
      expect(before).toMatchObject({
        lender: "payment-assist",
        lender_name: "Payment Assist",
        provider_id: "pp_payment-assist_payment-assist",
        status: { value: "authorized", label: "Authorized", lender_status: "pending_capture" },
        references: { token },
        amounts: { currency_code: "gbp", authorized: "459.95", captured: "0.00", refunded: "0.00" },
        actions: { sync: true, upload_invoice: true, confirm_receipt: [], retry: [] },
      })
      expect(before.history.map((h: any) => h.operation)).toEqual(expect.arrayContaining(["initiate", "authorize"]))

      // The shopper never pays the deposit: the application expires at Payment Assist, and its
      // notification is lost. Only a sync can tell Medusa, which still holds an authorization.
      sandbox().faults.dropWebhooks("payment-assist")
      sandbox().clock.advance(3 * DAY_MS)
      expect(sandbox().ledger("payment-assist").list({ type: "application.expired", ref: token })).toHaveLength(1)
      expect((await summary(orderId)).status.value).toBe("authorized")

      const synced = await call("post", `/admin/financing/orders/${orderId}/sync`)
      expect(synced.status).toBe(200)
      expect(synced.data.sync).toEqual({
        lender: "payment-assist",
        status: "action_required",
        changed: true,
        lender_status: "expired",
      })
      expect(synced.data.financing.status).toEqual({
        value: "action_required",
        label: "Action required",
        lender_status: "expired",
      })
      expect(synced.data.financing.references.application_status).toBe("expired")
      expect(synced.data.financing.history[0]).toMatchObject({
        operation: "sync",
        outcome: "action_required",
        action_required: true,
        retryable: false,
      })
      expect(synced.data.financing.history[0].error_message).toMatch(/expired/)

      const again = await call("post", `/admin/financing/orders/${orderId}/sync`)
      expect(again.data.sync).toMatchObject({ changed: false, lender_status: "expired" })
    })

    it("FlexShopper: a failed shipment confirmation is retried from its log entry with one effect at the lender; receipt confirmed from the admin", async () => {
      const { orderId, reference: transactionId } = await placeFlexShopperOrder(api, store, sandbox())
      const placed = await summary(orderId)
      expect(placed).toMatchObject({
        lender: "flexshopper",
        status: { value: "authorized", lender_status: "finalized" },
        references: { transaction_id: transactionId },
        amounts: { currency_code: "usd", authorized: "613.95", captured: "0.00", refunded: "0.00" },
      })
      expect(placed.references.lease_number).toEqual(expect.any(String))

      sandbox().faults.failNext("flexshopper", 503, { match: { method: "POST", path: "confirm-shipment" } })
      const { fulfillmentId, items } = await fulfillOrder(api, admin, orderId, store.stockLocationId)
      await shipFulfillment(api, admin, orderId, fulfillmentId, items)
      const failed = await waitFor("the failed confirmation in the summary", async () => {
        const s = await summary(orderId)
        return s.actions.retry.length ? s : undefined
      })
      const failedRow = failed.history.find((h: any) => h.operation === "ship-confirm")
      expect(failedRow).toMatchObject({ outcome: "failed", retryable: true, fulfillment_id: fulfillmentId })
      expect(failed.actions.retry).toEqual([failedRow.id])
      expect(failed.fulfillments).toEqual([
        expect.objectContaining({
          fulfillment_id: fulfillmentId,
          confirmations: [expect.objectContaining({ kind: "shipment_confirmed", outcome: "failed" })],
        }),
      ])
      expect(sandbox().ledger("flexshopper").list({ type: "shipment.confirmed", ref: transactionId })).toHaveLength(0)

      const retried = await call("post", `/admin/financing/orders/${orderId}/operations/${failedRow.id}/retry`)
      expect(retried.status).toBe(200)
      expect(retried.data.retry).toEqual({
        operation_id: failedRow.id,
        operation: "ship-confirm",
        outcome: "succeeded",
      })
      expect(retried.data.financing).toMatchObject({
        status: { value: "captured" },
        amounts: { captured: "613.95" },
        actions: { retry: [], confirm_receipt: [fulfillmentId] },
      })
      expect(retried.data.financing.fulfillments[0].confirmations).toEqual([
        expect.objectContaining({ kind: "shipment_confirmed", outcome: "succeeded" }),
      ])
      expect(sandbox().ledger("flexshopper").list({ type: "shipment.confirmed", ref: transactionId })).toHaveLength(1)

      const twice = await call("post", `/admin/financing/orders/${orderId}/operations/${failedRow.id}/retry`)
      expect(twice.status).toBe(400)
      expect(twice.data.message).toBe(
        `Operation ${failedRow.id} (flexshopper ship-confirm) cannot be retried: it did not fail (outcome succeeded).`,
      )
      expect(sandbox().ledger("flexshopper").list({ type: "shipment.confirmed", ref: transactionId })).toHaveLength(1)

      const receipt = await call("post", `/admin/financing/flexshopper/orders/${orderId}/confirm-receipt`)
      expect(receipt.status).toBe(200)
      expect(receipt.data.receipts).toEqual([{ fulfillment_id: fulfillmentId, outcome: "succeeded" }])
      expect(receipt.data.financing.fulfillments[0].confirmations.map((c: any) => [c.kind, c.outcome])).toEqual([
        ["shipment_confirmed", "succeeded"],
        ["receipt_confirmed", "succeeded"],
      ])
      expect(receipt.data.financing.actions.confirm_receipt).toEqual([])
      expect(sandbox().ledger("flexshopper").list({ type: "receipt.confirmed", ref: transactionId })).toHaveLength(1)

      const synced = await call("post", `/admin/financing/orders/${orderId}/sync`)
      expect(synced.data.sync).toMatchObject({ lender: "flexshopper", status: "captured" })
      expect(synced.data.financing.references.lease_status).toBe(synced.data.sync.lender_status)
    })

    it("NewDay: the authorisation, each shipment's settlement and the remaining float", async () => {
      const { orderId } = await placeNewDayOrder(api, store)
      const placed = await summary(orderId)
      expect(placed).toMatchObject({
        lender: "newday",
        lender_name: "NewDay NewPay",
        status: { value: "authorized", lender_status: "authorized" },
        references: { remaining_float: "44.95", settlements: [] },
        amounts: { currency_code: "gbp", authorized: "44.95", captured: "0.00" },
      })
      expect(placed.references.authorisation_id).toEqual(expect.any(String))
      const authorise = sandbox().ledger("newday").list({ type: "authorise" })
      expect(authorise.map((e) => e.ref)).toEqual([placed.references.authorisation_id])

      const { fulfillmentId, items } = await fulfillOrder(api, admin, orderId, store.stockLocationId)
      await shipFulfillment(api, admin, orderId, fulfillmentId, items)
      const settled = await waitFor("the settlement in the summary", async () => {
        const s = await summary(orderId)
        return s.status.value === "captured" && s.fulfillments[0]?.confirmations.length ? s : undefined
      })
      expect(settled.fulfillments[0].confirmations).toEqual([
        expect.objectContaining({ kind: "settled", outcome: "succeeded" }),
      ])
      expect(settled.references.remaining_float).toBe("0.00")
      expect(settled.references.settlements).toEqual([
        { transaction_id: expect.any(String), amount: "44.95", refunded: "0.00" },
      ])

      const synced = await call("post", `/admin/financing/orders/${orderId}/sync`)
      expect(synced.data.sync).toEqual({
        lender: "newday",
        status: "captured",
        changed: false,
        lender_status: "captured",
      })
    })

    it("Vault: payment id and type in the summary; a sync reads the payment back from Vault without a second capture", async () => {
      const { orderId, reference: paymentId } = await placeVaultOrder(api, store, sandbox())
      const placed = await summary(orderId)
      expect(placed).toMatchObject({
        lender: "vault",
        status: { value: "captured", label: "Captured" },
        references: { payment_id: paymentId, type: "CHECKOUT" },
        amounts: { currency_code: "gbp", authorized: "459.95", captured: "459.95" },
        actions: { sync: true, upload_invoice: false, confirm_receipt: [], retry: [] },
      })
      const synced = await call("post", `/admin/financing/orders/${orderId}/sync`)
      expect(synced.data.sync).toMatchObject({ lender: "vault", status: "captured", lender_status: "SUCCESS" })
      expect(synced.data.financing.references.vault_status).toBe("SUCCESS")
      expect(synced.data.financing.amounts.captured).toBe("459.95")
      expect((await call("post", `/admin/financing/orders/${orderId}/sync`)).data.sync.changed).toBe(false)
    })

    it("test connection: every lender answers through its sandbox; a refused credential is reported without echoing it", async () => {
      for (const slug of LENDER_SLUGS) {
        const { status, data } = await call("post", `/admin/financing/lenders/${slug}/test-connection`)
        expect(status).toBe(200)
        expect(data).toEqual({ ok: true, latency_ms: expect.any(Number), detail: expect.any(String) })
        expect(data.latency_ms).toBeGreaterThanOrEqual(0)
      }
      const pa = await call("post", "/admin/financing/lenders/payment-assist/test-connection")
      expect(pa.data.detail).toMatch(/^Signed in as .+; \d+ plans? available\.$/)

      // The lender refuses the key and, carelessly, repeats it in its error message.
      sandbox().faults.failNext("payment-assist", 401, {
        match: { path: "/account" },
        body: { status: "error", msg: `Invalid API key ${PAYMENT_ASSIST_SANDBOX_API_KEY}` },
      })
      const refused = await call("post", "/admin/financing/lenders/payment-assist/test-connection")
      expect(refused.status).toBe(200)
      expect(refused.data.ok).toBe(false)
      expect(refused.data.detail).toMatch(/^Payment Assist refused the credentials: /)
      expect(refused.data.detail).toContain("HTTP 401")
      expect(refused.data.detail).not.toContain(PAYMENT_ASSIST_SANDBOX_API_KEY)

      // FlexShopper down (every attempt the HTTP layer makes fails).
      sandbox().faults.failNext("flexshopper", 503, { match: { path: "/v3/settings/lease" }, count: 10 })
      const down = await call("post", "/admin/financing/lenders/flexshopper/test-connection")
      expect(down.data).toMatchObject({
        ok: false,
        detail: expect.stringMatching(/^FlexShopper lease-settings failed: .*\(HTTP 503\)/),
      })
    })
  },
})
