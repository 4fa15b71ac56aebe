// The provider against the Vault sandbox, with an in-memory financing log: what each Medusa call
// does at Vault, the session data it returns, and the refusals (refund, PLATFORM without the
// store route, forged webhooks).
import axios from "axios"
import { MedusaError, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import { startSandbox, type SandboxHandle } from "../../../../packages/sandbox/src/server"
import { createVaultSimulator } from "../../../../packages/sandbox/src/vault"
import { setFinancingLog } from "../../../modules/financing/registry"
import type { FinancingLog } from "../../../modules/financing/types"
import { readVaultOptions } from "../lender"
import { signVaultWebhook } from "../../../lenders/vault/webhook"
import { VAULT_SANDBOX_WEBHOOK_SECRET } from "../../../../packages/sandbox/src/vault/credentials"
import { VaultProviderService } from "../service"
import type { VaultProviderOptions } from "../options"
import { decideCheckoutReturn } from "../checkout-return"
import { checkoutLookupFor, vaultClientFor } from "../client-factory"
import { vaultRefsOf } from "../session-data"
import { rejectionOf } from "../../../__tests__/helpers/rejections"

const browser = axios.create({ validateStatus: () => true, maxRedirects: 0, proxy: false })

function memoryLog(): FinancingLog & { operations: Array<Record<string, unknown>> } {
  const secrets = new Map<string, unknown>()
  const key = (s: { lender: string; purpose: string; cart_id?: string | null; payment_session_id?: string | null }) =>
    `${s.lender}/${s.purpose}/${s.payment_session_id ?? ""}/${s.cart_id ?? ""}`
  const operations: Array<Record<string, unknown>> = []
  return {
    operations,
    recordOperation: async (input) => {
      operations.push(input as unknown as Record<string, unknown>)
      return { id: `finop_${operations.length}`, ...input } as never
    },
    updateOperation: async (id, patch) => ({ id, ...patch }) as never,
    findOperationByIdempotencyKey: async () => null,
    findOperation: async () => null,
    putSecret: async (input) => {
      secrets.set(key(input), input.value)
      return {
        id: "s",
        lender: input.lender,
        purpose: input.purpose,
        payment_session_id: null,
        cart_id: input.cart_id ?? null,
        key_id: "k",
        expires_at: null,
      }
    },
    getSecret: async (scope) => (secrets.get(key(scope)) as never) ?? null,
    deleteSecrets: async (filter) => {
      let removed = 0
      for (const k of [...secrets.keys()])
        if (k.startsWith(`${filter.lender}/${filter.purpose ?? ""}`) && k.endsWith(`/${filter.cart_id}`))
          removed += Number(secrets.delete(k))
      return removed
    },
  }
}

let sandbox: SandboxHandle
let options: VaultProviderOptions
let provider: VaultProviderService
let log: ReturnType<typeof memoryLog>

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, simulators: [createVaultSimulator()], env: {} })
})
afterAll(async () => {
  setFinancingLog(undefined)
  await sandbox.close()
})
beforeEach(() => {
  sandbox.reset()
  log = memoryLog()
  setFinancingLog(log)
  options = readVaultOptions(
    { FINANCING_SANDBOX_URL: sandbox.url },
    "http://shop.test",
  ) as unknown as VaultProviderOptions
  provider = new VaultProviderService({}, options)
})

async function initiate(data: Record<string, unknown> = {}, amount: unknown = 450, currency = "gbp") {
  return provider.initiatePayment({
    amount: amount as number,
    currency_code: currency,
    data: { session_id: "payses_test1", ...data },
    context: { idempotency_key: "payses_test1" },
  })
}

describe("VaultProviderService", () => {
  it("initiates a CHECKOUT invoice payment for the amount in Vault's decimal, with the return URL", async () => {
    const result = await initiate({}, "1.25", "kwd")
    expect(result.status).toBe(PaymentSessionStatus.PENDING)
    expect(result.data).toMatchObject({
      type: "CHECKOUT",
      invoice_amount: "1.250",
      amount: "1.250",
      currency: "KWD",
      vault_status: "PENDING",
      session_id: "payses_test1",
    })
    expect(result.data!.checkout_url).toMatch(/\/sim\/cko\/pay\/ps_/)
    const payment = sandbox.state.namespace("vault").collection<{ redirectUrl: string }>("payments").get(result.id)!
    expect(payment.redirectUrl).toBe("http://shop.test/financing/vault/return?payment_session_id=payses_test1")
    expect(log.operations[0]).toMatchObject({
      operation: "initiate",
      outcome: "succeeded",
      lender_reference: result.id,
    })
  })

  it("authorize waits (requires_more) until the hosted checkout is paid, then reports captured", async () => {
    const { data } = await initiate()
    expect((await provider.authorizePayment({ data })).status).toBe(PaymentSessionStatus.REQUIRES_MORE)
    const clicked = await browser.post(String(data!.checkout_url), "outcome=approve", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
    })
    await browser.get(clicked.headers.location)
    const authorized = await provider.authorizePayment({ data })
    expect(authorized.status).toBe(PaymentSessionStatus.CAPTURED)
    expect(authorized.data).toMatchObject({
      vault_status: "SUCCESS",
      checkout_payment_id: expect.stringMatching(/^pay_/),
    })
    expect(authorized.data!.checkout_url).toBeUndefined()
  })

  it("refuses unknown types, bad amounts and PLATFORM without the store route, naming the field", async () => {
    expect((await failureOf(initiate({ type: "CARD" }))).message).toMatch(
      /Vault: field "type" must be one of PLATFORM, CHECKOUT, EXTERNAL/,
    )
    expect(await failureOf(initiate({}, "abc"))).toMatchObject({ type: MedusaError.Types.INVALID_DATA })
    const platform = await failureOf(
      initiate({ type: "PLATFORM", cart_id: "cart_1", account_id: "acc", platform_grant: "x" }),
    )
    expect(platform.type).toBe(MedusaError.Types.INVALID_DATA)
    expect(platform.message).toMatch(/POST \/store\/financing\/vault\/platform\/payment-session/)
    expect((await failureOf(initiate({ type: "EXTERNAL", some_data: 5 }))).message).toMatch(/some_data/)
  })

  it("drops shopper-entered discount codes and browser keys unless acceptDiscountCodes is on (issue #15 F4/F8)", async () => {
    const sent = {
      session_id: "payses_test1",
      discount_code: "VAULT10",
      platform_grant: "forged",
      invoice_revision: 7,
      vault_status: "SUCCESS",
    }
    const { id, data } = await initiate(sent)
    const stored = { ...sent, ...data }
    expect(stored).toMatchObject({
      discount_code: null,
      platform_grant: null,
      invoice_revision: null,
      vault_status: "PENDING",
      amount: "450.00",
    })
    const payment = sandbox.state.namespace("vault").collection<{ discountCode?: string | null }>("payments").get(id)!
    expect(payment.discountCode ?? null).toBeNull()
  })

  it("with acceptDiscountCodes, a discounted payment is authorized for what Vault collected, logged, and captured only for that (issue #15 F4)", async () => {
    const captures = new Map<string, string>([
      ["capt_full", "450"],
      ["capt_collected", "405"],
    ])
    const stored: Record<string, Record<string, unknown>> = {}
    const discounting = new VaultProviderService(
      {
        captureService: {
          retrieve: async (id: string) => ({ id, raw_amount: { value: captures.get(id), precision: 20 } }),
        },
        paymentSessionService: { retrieve: async (id: string) => ({ id, data: stored[id] }) },
      },
      { ...options, acceptDiscountCodes: true },
    )
    const { data } = await discounting.initiatePayment({
      amount: 450,
      currency_code: "gbp",
      data: { session_id: "payses_d", discount_code: "VAULT10" },
      context: { idempotency_key: "payses_d" },
    })
    expect(data).toMatchObject({ discount_code: "VAULT10", amount: "405.00", invoice_amount: "450.00" })
    stored.payses_d = data!
    const clicked = await browser.post(String(data!.checkout_url), "outcome=approve", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
    })
    await browser.get(clicked.headers.location)
    const authorized = await discounting.authorizePayment({ data, context: { idempotency_key: "payses_d" } })
    expect(authorized.status).toBe(PaymentSessionStatus.AUTHORIZED)
    expect(log.operations.find((o) => o.operation === "discount")).toMatchObject({
      outcome: "action_required",
      amount: "405.00",
      error_message: expect.stringContaining("Vault collected 405.00 of 450.00 GBP"),
    })
    const full = await failureOf(
      discounting.capturePayment({ data: authorized.data, context: { idempotency_key: "capt_full" } }),
    )
    expect(full).toMatchObject({
      type: MedusaError.Types.INVALID_DATA,
      message: "Vault collected 405.00 GBP after the shopper's discount code; capture 405.00, not 450.00.",
    })
    expect(
      (await discounting.capturePayment({ data: authorized.data, context: { idempotency_key: "capt_collected" } }))
        .data,
    ).toMatchObject({ vault_status: "SUCCESS" })
    // Medusa's generic webhook route must not record it as captured at the invoice amount.
    const body = JSON.stringify({
      payload: {
        paymentId: data!.payment_id,
        invoiceId: data!.invoice_id,
        status: "SUCCESS",
        amount: "405.00",
        currency: "GBP",
      },
    })
    const notice = await discounting.getWebhookActionAndData({
      data: JSON.parse(body),
      rawData: body,
      headers: { "x-signature": signVaultWebhook(body, VAULT_SANDBOX_WEBHOOK_SECRET) },
    })
    expect(notice.action).toBe(PaymentActions.AUTHORIZED)
  })

  it('a Vault outage while authorizing is a payment error in plain words (complete answers { type: "cart" }), the detail in the log (issue #15 F6)', async () => {
    const { data } = await initiate()
    sandbox.faults.failNext("vault", 503, { match: { method: "POST", path: "/^\\/invoice\\/payment$/" } })
    sandbox.faults.failNext("vault", 503, { match: { method: "POST", path: "/^\\/invoice\\/payment$/" } })
    sandbox.faults.failNext("vault", 503, { match: { method: "POST", path: "/^\\/invoice\\/payment$/" } })
    sandbox.faults.failNext("vault", 503, { match: { method: "POST", path: "/^\\/invoice\\/payment$/" } })
    const down = await failureOf(provider.authorizePayment({ data }))
    expect(down.type).toBe(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR)
    expect(down.message).toMatch(/^Vault isn't answering right now/)
    expect(down.message).not.toMatch(/503|Sandbox|HTTP/)
    expect(log.operations.at(-1)).toMatchObject({
      operation: "authorize",
      outcome: "failed",
      error_message: expect.stringMatching(/Vault get-payment failed/),
    })
  })

  it("a Vault outage while starting a payment is a plain 400 for the shopper, the detail in the log", async () => {
    for (let i = 0; i < 4; i++)
      sandbox.faults.failNext("vault", 503, { match: { method: "POST", path: "/^\\/invoice$/" } })
    const down = await failureOf(initiate())
    expect(down).toMatchObject({
      type: MedusaError.Types.NOT_ALLOWED,
      message: "Vault isn't available right now — nothing has been charged; try again or choose another way to pay.",
    })
    expect(log.operations.at(-1)).toMatchObject({
      operation: "initiate",
      outcome: "failed",
      error_message: expect.stringMatching(/Vault create-invoice failed/),
    })
  })

  it("an unknown discount code is Vault's clear 400, logged as a failed initiate", async () => {
    provider = new VaultProviderService({}, { ...options, acceptDiscountCodes: true })
    const error = await failureOf(initiate({ discount_code: "NOPE" }))
    expect(error).toMatchObject({ type: MedusaError.Types.INVALID_DATA })
    expect(error.message).toMatch(
      /Vault create-payment failed: Discount code is invalid or expired \(field: discountCode\) \[INVALID_DISCOUNT_CODE\] \(HTTP 400\)/,
    )
    expect(log.operations.at(-1)).toMatchObject({
      operation: "initiate",
      outcome: "failed",
      error_code: "INVALID_DISCOUNT_CODE",
    })
  })

  it("refunds are refused by default and only recorded with manualRefunds", async () => {
    const { data } = await initiate()
    const refused = await failureOf(provider.refundPayment({ data, amount: { value: "10", precision: 20 } as never }))
    expect(refused.type).toBe(MedusaError.Types.NOT_ALLOWED)
    expect(refused.message).toMatch(/no refund API.*VAULT_MANUAL_REFUNDS=true/)
    const manual = new VaultProviderService({}, { ...options, manualRefunds: true })
    const recorded = await manual.refundPayment({ data, amount: { value: "10", precision: 20 } as never })
    expect(recorded.data!.manual_refunds).toEqual([
      { amount: "10.00", currency: "GBP", recorded_at: expect.any(String) },
    ])
    expect(log.operations.at(-1)).toMatchObject({ operation: "refund", outcome: "action_required", amount: "10.00" })
  })

  it("cancel leaves an unconfirmed payment to expire (no Vault state change) and drops the session", async () => {
    const { data } = await initiate()
    const cancelled = await provider.cancelPayment({ data })
    expect(cancelled.data).toMatchObject({ dropped: true, payment_id: data!.payment_id })
    const payment = sandbox.state
      .namespace("vault")
      .collection<{ status: string }>("payments")
      .get(String(data!.payment_id))!
    expect(payment.status).toBe("PENDING")
    expect(log.operations.at(-1)).toMatchObject({
      operation: "cancel",
      outcome: "succeeded",
      detail: { left_to_expire: true },
    })
  })

  it("cancel flags a payment Vault did not answer for: it may be settled, so someone must check", async () => {
    const { data } = await initiate()
    // Every attempt of the read (the HTTP layer retries it) fails.
    sandbox.faults.failNext("vault", 503, { count: 3, match: { method: "POST", path: "/^\\/invoice\\/payment$/" } })
    const cancelled = await provider.cancelPayment({ data })
    expect(cancelled.data).toMatchObject({ dropped: true })
    expect(log.operations.at(-1)).toMatchObject({
      operation: "cancel",
      outcome: "action_required",
      error_message: expect.stringMatching(
        /^Vault could not say whether payment \S+ was settled \(Vault get-payment failed: .*\(HTTP 503\)\); check it in Vault/,
      ),
      detail: { left_to_expire: false, settled: "unknown" },
    })
  })

  it("updatePayment keeps the payment when nothing changed; a new total updates the same Vault payment onto a new invoice (seed 004 §1.2)", async () => {
    const { data } = await initiate()
    expect(await provider.updatePayment({ data, amount: 450, currency_code: "gbp" })).toEqual({ data })
    const updated = await provider.updatePayment({
      data,
      amount: "500.10",
      currency_code: "gbp",
      context: { idempotency_key: "payses_test1" },
    })
    expect(updated.data).toMatchObject({
      invoice_amount: "500.10",
      amount: "500.10",
      payment_id: data!.payment_id,
      invoice_revision: 2,
      vault_status: "PENDING",
    })
    expect(updated.data!.invoice_id).not.toBe(data!.invoice_id)
    expect(updated.data!.checkout_url).not.toBe(data!.checkout_url)
    const vault = sandbox.state.namespace("vault")
    expect(vault.collection("payments").size).toBe(1)
    expect(
      vault.collection<{ reference: string; amount: string }>("invoices").get(String(updated.data!.invoice_id)),
    ).toMatchObject({ reference: "payses_test1/r2", amount: "500.10" })
    const update = sandbox.faults.requests("vault").find((r) => r.method === "PUT")
    expect(update?.path).toBe(`/invoice/payment/${data!.payment_id}`)
    expect(log.operations.find((o) => o.operation === "update")).toMatchObject({
      outcome: "succeeded",
      amount: "500.10",
    })
  })

  it("updatePayment with a new discount code (acceptDiscountCodes) updates the same payment on the same invoice", async () => {
    const discounting = new VaultProviderService({}, { ...options, acceptDiscountCodes: true })
    const { data } = await discounting.initiatePayment({
      amount: 450,
      currency_code: "gbp",
      data: { session_id: "payses_c" },
      context: { idempotency_key: "payses_c" },
    })
    const updated = await discounting.updatePayment({
      data: { ...data, discount_code: "vault10" },
      amount: 450,
      currency_code: "gbp",
      context: { idempotency_key: "payses_c" },
    })
    expect(updated.data).toMatchObject({
      payment_id: data!.payment_id,
      invoice_id: data!.invoice_id,
      discount_code: "VAULT10",
      amount: "405.00",
      invoice_amount: "450.00",
    })
    const put = sandbox.faults
      .requests("vault")
      .filter((r) => r.method === "PUT" && r.path === `/invoice/payment/${data!.payment_id}`)
    expect(put).toHaveLength(1)
    // A Vault outage while updating is a plain-words refusal, never a raw lender error.
    sandbox.faults.failNext("vault", 503, { match: { method: "POST", path: "/^\\/invoice\\/payment$/" } })
    sandbox.faults.failNext("vault", 503, { match: { method: "POST", path: "/^\\/invoice\\/payment$/" } })
    sandbox.faults.failNext("vault", 503, { match: { method: "POST", path: "/^\\/invoice\\/payment$/" } })
    const outage = await failureOf(discounting.updatePayment({ data: updated.data, amount: 460, currency_code: "gbp" }))
    expect(outage).toMatchObject({ type: MedusaError.Types.NOT_ALLOWED })
    expect(outage.message).not.toMatch(/503|HTTP/)
  })

  it("updatePayment after the Vault payment ended opens a new one; after it was paid it refuses", async () => {
    const { data } = await initiate()
    sandbox.clock.advance(31 * 60 * 1000)
    const renewed = await provider.updatePayment({ data, amount: 460, currency_code: "gbp" })
    expect(renewed.data!.payment_id).not.toBe(data!.payment_id)
    expect(renewed.data).toMatchObject({ invoice_amount: "460.00", vault_status: "PENDING" })
    const clicked = await browser.post(String(renewed.data!.checkout_url), "outcome=approve", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
    })
    await browser.get(clicked.headers.location)
    const refused = await failureOf(provider.updatePayment({ data: renewed.data, amount: 470, currency_code: "gbp" }))
    expect(refused.message).toMatch(/already paid/)
  })

  it("core webhook route: forged bodies are not_supported; a signed one maps the VERIFIED status", async () => {
    const stored: Record<string, Record<string, unknown>> = {}
    provider = new VaultProviderService(
      { paymentSessionService: { retrieve: async (id: string) => ({ id, data: stored[id] }) } },
      options,
    )
    const { data } = await initiate({ type: "EXTERNAL" })
    stored.payses_test1 = data!
    const body = JSON.stringify({
      payload: {
        paymentId: data!.payment_id,
        invoiceId: data!.invoice_id,
        status: "SUCCESS",
        amount: "450.00",
        currency: "GBP",
      },
    })
    const forged = await provider.getWebhookActionAndData({
      data: JSON.parse(body),
      rawData: body,
      headers: { "x-signature": signVaultWebhook(body, "wrong") },
    })
    expect(forged.action).toBe(PaymentActions.NOT_SUPPORTED)
    // Signed, but Vault still says PENDING: the body's "SUCCESS" is not believed.
    const signed = await provider.getWebhookActionAndData({
      data: JSON.parse(body),
      rawData: body,
      headers: { "x-signature": signVaultWebhook(body, VAULT_SANDBOX_WEBHOOK_SECRET) },
    })
    expect(signed).toEqual({ action: PaymentActions.PENDING, data: { session_id: "payses_test1", amount: "450.00" } })
    // The payment's type comes from the session we wrote (no header hint): an EXTERNAL read.
    expect(
      sandbox.state.namespace("vault").collection<{ type: string }>("payments").get(String(data!.payment_id))!.type,
    ).toBe("EXTERNAL")
    // A notice about a payment that is not the session's current one changes nothing.
    stored.payses_test1 = { ...data, payment_id: "superseded-payment" }
    const superseded = await provider.getWebhookActionAndData({
      data: JSON.parse(body),
      rawData: body,
      headers: { "x-signature": signVaultWebhook(body, VAULT_SANDBOX_WEBHOOK_SECRET) },
    })
    expect(superseded.action).toBe(PaymentActions.NOT_SUPPORTED)
  })

  it('core webhook route with webhookSignatureScheme "none": an unsigned notification is only a prompt to read Vault again', async () => {
    const stored: Record<string, Record<string, unknown>> = {}
    const unsigned = new VaultProviderService(
      { paymentSessionService: { retrieve: async (id: string) => ({ id, data: stored[id] }) } },
      { ...options, webhookSignatureScheme: "none" },
    )
    const { data } = await unsigned.initiatePayment({
      amount: 450,
      currency_code: "gbp",
      data: { session_id: "payses_u", type: "EXTERNAL" },
      context: { idempotency_key: "payses_u" },
    })
    stored.payses_u = data!
    const body = JSON.stringify({
      payload: {
        paymentId: data!.payment_id,
        invoiceId: data!.invoice_id,
        status: "SUCCESS",
        amount: 450,
        currency: "GBP",
        paymentDate: Date.now(),
      },
    })
    // Vault still says PENDING: the body's SUCCESS is not believed.
    expect(await unsigned.getWebhookActionAndData({ data: JSON.parse(body), rawData: body, headers: {} })).toEqual({
      action: PaymentActions.PENDING,
      data: { session_id: "payses_u", amount: "450.00" },
    })
  })
})

describe("decideCheckoutReturn", () => {
  async function paid(outcome: string) {
    const { data } = await initiate()
    const clicked = await browser.post(String(data!.checkout_url), `outcome=${outcome}`, {
      headers: { "content-type": "application/x-www-form-urlencoded" },
    })
    const back = new URL((await browser.get(clicked.headers.location)).headers.location)
    return { data: data!, back }
  }
  const decide = (data: Record<string, unknown>, query: Record<string, string | undefined>, amount: unknown = 450) =>
    decideCheckoutReturn({
      refs: vaultRefsOf(data)!,
      amount,
      checkoutSessionId: String(data.checkout_session_id),
      query,
      client: vaultClientFor(options),
      lookup: checkoutLookupFor(options),
    })

  it("paid only when Vault and Checkout.com agree on this invoice", async () => {
    const { data, back } = await paid("approve")
    const ids = {
      ckoPaymentId: back.searchParams.get("cko-payment-id")!,
      ckoPaymentSessionId: back.searchParams.get("cko-payment-session-id")!,
    }
    expect((await decide(data, ids)).kind).toBe("paid")
    expect(await decide(data, { ...ids, ckoPaymentId: "pay_invented00001" })).toEqual({
      kind: "rejected",
      reason: "checkout_payment_not_found",
    })
    expect(await decide(data, { ...ids, ckoPaymentSessionId: "ps_other" })).toEqual({
      kind: "rejected",
      reason: "session_mismatch",
    })
    expect(await decide(data, ids, 449.99)).toEqual({ kind: "rejected", reason: "amount_mismatch" })
  })

  it("a 3-D Secure failure is a failed payment with its reason", async () => {
    const { data, back } = await paid("fail-3ds")
    const decision = await decide(data, {
      ckoPaymentId: back.searchParams.get("cko-payment-id")!,
      ckoSessionId: back.searchParams.get("cko-session-id")!,
    })
    expect(decision).toMatchObject({ kind: "failed", reason: "authentication_failed" })
  })
})

function failureOf(call: Promise<unknown>): Promise<MedusaError> {
  return rejectionOf<MedusaError>(call)
}
