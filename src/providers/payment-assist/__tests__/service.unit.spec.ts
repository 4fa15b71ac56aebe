// The provider against the real sandbox (no Medusa running): what each method sends, returns and
// logs. The financing log is a recording fake.
import { MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"
import { setFinancingLog } from "../../../modules/financing/registry"
import { operationMatches } from "../../../modules/financing/operation-sql"
import type { FindOperationFilter, FinancingLog, RecordFinancingOperationInput } from "../../../modules/financing/types"
import { startSandbox, type SandboxHandle } from "../../../../packages/sandbox/src"
import { createPaymentAssistSimulator } from "../../../../packages/sandbox/src/payment-assist"
import {
  PAYMENT_ASSIST_SANDBOX_API_KEY,
  PAYMENT_ASSIST_SANDBOX_SECRET,
} from "../../../../packages/sandbox/src/payment-assist/credentials"
import { actOnHostedPage } from "../../../../packages/sandbox/src/payment-assist/shopper"
import type { PaymentAssistOptions } from "../options"
import { PaymentAssistProviderService } from "../service"
import { issueRouteTicket } from "../../../provider-kit/route-ticket"
import { rememberDecline } from "../decline-guard"
import { rejectionOf } from "../../../__tests__/helpers/rejections"

let sandbox: SandboxHandle
const records: RecordFinancingOperationInput[] = []
const fakeLog = {
  recordOperation: async (input: RecordFinancingOperationInput) => {
    records.push(input)
    return { id: `op_${records.length}`, ...input } as never
  },
  updateOperation: async (id: string, patch: Partial<RecordFinancingOperationInput>) => {
    Object.assign(records[Number(id.slice(3)) - 1], patch)
    return {} as never
  },
  findOperationByIdempotencyKey: async (key: string) =>
    (records.find((r) => r.idempotency_key === key) ?? null) as never,
  findOperation: async (where: FindOperationFilter) =>
    ([...records].reverse().find((r) => operationMatches(r as never, where)) ?? null) as never,
  // Secrets keyed by lender/purpose/cart, enough for route tickets.
  putSecret: async (input: { lender: string; purpose: string; cart_id?: string; value: unknown }) => {
    secrets.set(`${input.lender}/${input.purpose}/${input.cart_id}`, JSON.parse(JSON.stringify(input.value)))
    return {} as never
  },
  getSecret: async (scope: { lender: string; purpose: string; cart_id?: string }) =>
    secrets.get(`${scope.lender}/${scope.purpose}/${scope.cart_id}`) ?? null,
  deleteSecrets: async (filter: { lender: string; purpose: string; cart_id?: string }) =>
    Number(secrets.delete(`${filter.lender}/${filter.purpose}/${filter.cart_id}`)),
} as unknown as FinancingLog
const secrets = new Map<string, unknown>()

/** Session data as the plugin's /sessions route sends it: the cart id and a route ticket. */
async function fromRoute(
  sessionId: string | undefined,
  who: Record<string, unknown> = applicant,
  cartId = `cart_${sessionId ?? ++seq}`,
) {
  const ticket = await issueRouteTicket("payment-assist", cartId, { cart_id: cartId, applicant: who }, fakeLog)
  return { ...(sessionId ? { session_id: sessionId } : {}), cart_id: cartId, route_ticket: ticket }
}

const applicant = {
  f_name: "Jane",
  s_name: "Doe",
  addr1: "1 High Street",
  postcode: "SW1A 1AA",
  email: "jane@example.com",
}
let options: PaymentAssistOptions
let seq = 0

function provider(extra: Partial<PaymentAssistOptions> = {}) {
  return new PaymentAssistProviderService({}, { ...options, ...extra })
}

async function initiate(p: PaymentAssistProviderService, amount: number | string = 450) {
  const sessionId = `payses_test${++seq}`
  return p.initiatePayment({
    amount,
    currency_code: "gbp",
    data: await fromRoute(sessionId),
    context: { idempotency_key: sessionId },
  })
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, env: {}, simulators: [createPaymentAssistSimulator()] })
  options = {
    apiKey: PAYMENT_ASSIST_SANDBOX_API_KEY,
    apiSecret: PAYMENT_ASSIST_SANDBOX_SECRET,
    baseUrl: sandbox.lenderUrl("payment-assist"),
    backendUrl: "http://shop.test:9000",
    storefrontSuccessUrl: "http://shop.test/ok",
    storefrontFailureUrl: "http://shop.test/ko",
    // Most tests here are about the manual-capture path (/capture); the default (auto-capture,
    // Payment Assist's own) is tested with provider({ autoCapture: undefined }).
    autoCapture: false,
  }
  setFinancingLog(fakeLog)
})
afterEach(() => {
  sandbox.reset()
  records.length = 0
  secrets.clear()
})
afterAll(async () => {
  setFinancingLog(undefined)
  await sandbox.close()
})

const requestsToLender = () => sandbox.faults.stats()["payment-assist"].requests

const app = (token: string) =>
  sandbox.state.namespace("payment-assist").collection<Record<string, any>>("applications").get(token)!

describe("initiatePayment", () => {
  it("begins an application with the session as order_id, plugin return/webhook URLs and the amount in pence", async () => {
    const { id, status, data } = await initiate(provider(), "459.95")
    expect(status).toBe(PaymentSessionStatus.PENDING)
    expect(data).toMatchObject({
      token: id,
      amount_pence: 45995,
      application_status: "pending",
      auto_capture: false,
      redirect_url: expect.stringContaining(`/apply/${id}`),
    })
    expect(data!.expires_at).toMatch(/\+00:00$/)
    const sent = app(id)
    expect(sent).toMatchObject({ order_id: data!.session_id, amount: 45995, auto_capture: false, multi_plan: true })
    expect(sent.success_url).toBe(
      `http://shop.test:9000/financing/payment-assist/return?session_id=${data!.session_id}`,
    )
    expect(sent.webhook_url).toBe(`http://shop.test:9000/hooks/financing/payment-assist?session_id=${data!.session_id}`)
    expect(records[0]).toMatchObject({
      operation: "initiate",
      outcome: "succeeded",
      lender_reference: id,
      payment_session_id: data!.session_id,
    })
    expect(JSON.stringify(data)).not.toContain(PAYMENT_ASSIST_SANDBOX_SECRET)
  })

  it("sends a fixed plan and auto_capture when configured", async () => {
    const { id } = await initiate(provider({ planId: 6, autoCapture: true }))
    expect(app(id)).toMatchObject({ plan_id: 6, multi_plan: false, auto_capture: true })
  })

  it("defaults to Payment Assist's own auto_capture=true (seed 000, lender doc §4.1)", async () => {
    const { id, data } = await initiate(provider({ autoCapture: undefined }))
    expect(app(id)).toMatchObject({ auto_capture: true })
    expect(data).toMatchObject({ auto_capture: true })
  })

  it("refuses an applicant without an e-mail address (required on /begin) before calling the lender", async () => {
    const { email: _omitted, ...noEmail } = applicant
    const err = await rejection(
      provider().initiatePayment({ amount: 10, currency_code: "gbp", data: await fromRoute(undefined, noEmail) }),
    )
    expect(err).toMatchObject({
      type: MedusaError.Types.INVALID_DATA,
      message: "Payment Assist needs the applicant's e-mail address (data.applicant.email).",
    })
    expect(sandbox.ledger("payment-assist").list()).toHaveLength(0)
  })

  it("refuses non-GBP amounts and a missing postcode with errors naming the problem, before calling the lender", async () => {
    const usd = await rejection(
      provider().initiatePayment({ amount: 10, currency_code: "usd", data: await fromRoute(undefined) }),
    )
    expect(usd.message).toBe("Payment Assist only finances amounts in GBP; this payment is in USD.")
    const noPostcode = await rejection(
      provider().initiatePayment({
        amount: 10,
        currency_code: "gbp",
        data: await fromRoute(undefined, { ...applicant, postcode: " " }),
      }),
    )
    expect(noPostcode).toMatchObject({
      type: MedusaError.Types.INVALID_DATA,
      message: "Payment Assist needs the applicant's postcode (data.applicant.postcode).",
    })
    expect(sandbox.ledger("payment-assist").list()).toHaveLength(0)
  })

  it("opens no application from browser data: the stock route's applicant, forged keys and declined +aliases (issue #15 F3/F8)", async () => {
    const hostile = {
      session_id: "payses_hostile",
      applicant,
      pa_ref: "PA-FORGED",
      token: "tok",
      application_status: "completed",
    }
    const stock = await rejection(provider().initiatePayment({ amount: 100, currency_code: "gbp", data: hostile }))
    expect(stock).toMatchObject({
      type: MedusaError.Types.INVALID_DATA,
      message: expect.stringContaining("POST /store/financing/payment-assist/sessions"),
    })
    // A stolen or replayed ticket does not open either: tickets are single-use.
    const sent = await fromRoute("payses_once")
    await provider().initiatePayment({ amount: 100, currency_code: "gbp", data: sent })
    expect(
      await rejection(provider().initiatePayment({ amount: 100, currency_code: "gbp", data: sent })),
    ).toMatchObject({ type: MedusaError.Types.INVALID_DATA })
    // Route data wins; every other sent key is overwritten with null (Medusa merges sent data under ours).
    const routed = {
      ...(await fromRoute("payses_routed")),
      pa_ref: "PA-FORGED",
      applicant: { ...applicant, s_name: "Forged" },
    }
    const { data } = await provider().initiatePayment({ amount: 100, currency_code: "gbp", data: routed })
    const stored = { ...routed, ...data }
    expect(stored).toMatchObject({ pa_ref: null, route_ticket: null, applicant: { s_name: "Doe" } })
    expect(app(data!.token as string).applicant).toMatchObject({ s_name: "Doe" })
    // A declined applicant cannot come back with a +tag or in capitals on a new cart.
    await rememberDecline(fakeLog as never, { cartId: "cart_declined", email: "Jane@Example.com" }, options.apiSecret)
    const alias = await rejection(
      provider().initiatePayment({
        amount: 100,
        currency_code: "gbp",
        data: await fromRoute("payses_alias", { ...applicant, email: "jane+x@EXAMPLE.com" }, "cart_other"),
      }),
    )
    expect(alias).toMatchObject({
      type: MedusaError.Types.NOT_ALLOWED,
      message: expect.stringContaining("declined this shopper's pre-approval"),
    })
    expect(sandbox.ledger("payment-assist").list()).toHaveLength(2)
  })

  it("passes the lender's plan-limit refusal on as invalid data", async () => {
    const err = await rejection(initiate(provider({ planId: 1 }), "3000.01"))
    expect(err).toMatchObject({
      type: MedusaError.Types.INVALID_DATA,
      message: expect.stringMatching(
        /^Payment Assist begin failed: amount 300001 is above the maximum of 300000 for plan 4-Payment \(HTTP 400\)/,
      ),
    })
    expect(records[0]).toMatchObject({ operation: "initiate", outcome: "failed", http_status: 400 })
  })
})

describe("authorize and capture", () => {
  it("waits for the shopper (requires_more), then authorizes pending_capture and captures once", async () => {
    const p = provider()
    const { id, data } = await initiate(p)
    expect((await p.authorizePayment({ data })).status).toBe(PaymentSessionStatus.REQUIRES_MORE)
    await actOnHostedPage(data!.redirect_url as string, { cardholderName: "Jane Doe" })
    const authorized = await p.authorizePayment({ data })
    expect(authorized.status).toBe(PaymentSessionStatus.AUTHORIZED)
    expect(authorized.data!.application_status).toBe("pending_capture")

    const captured = await p.capturePayment({ data: authorized.data })
    expect(captured.data!.application_status).toBe("completed")
    // Medusa may call capture again (a second partial capture): no second lender call.
    await p.capturePayment({ data: captured.data })
    expect(sandbox.ledger("payment-assist").list({ type: "capture", ref: id })).toHaveLength(1)
    expect(records.filter((r) => r.operation === "capture")).toHaveLength(1)
  })

  it("begins with one lender call, the application pending and expiring after the configured expiry", async () => {
    const before = requestsToLender()
    const started = Date.now()
    const { id, data } = await provider({ applicationExpirySeconds: 600 }).initiatePayment({
      amount: 450,
      currency_code: "gbp",
      data: await fromRoute("payses_exp"),
    })
    expect(requestsToLender() - before).toBe(1)
    expect(data!.application_status).toBe("pending")
    const expiresAt = Date.parse(data!.expires_at as string)
    // Whole seconds: the local expiry is never later than the lender's own.
    expect(expiresAt).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000 + 600_000)
    expect(expiresAt).toBeLessThanOrEqual(app(id).expires_at)
  })

  it("captures an approved application with the /capture call alone", async () => {
    const p = provider()
    const { id, data } = await initiate(p)
    await actOnHostedPage(data!.redirect_url as string, { cardholderName: "Jane Doe" })
    const authorized = await p.authorizePayment({ data })
    const before = requestsToLender()
    const captured = await p.capturePayment({ data: authorized.data, context: { idempotency_key: "capt_1" } })
    expect(captured.data!.application_status).toBe("completed")
    expect(requestsToLender() - before).toBe(1)
    expect(sandbox.ledger("payment-assist").list({ type: "capture", ref: id })).toHaveLength(1)
    expect(records.find((r) => r.operation === "capture")).toMatchObject({
      outcome: "succeeded",
      references: { capture_id: "capt_1" },
    })
  })

  it("after a lost capture answer, the retry reads the status first and does not capture again", async () => {
    const p = provider()
    const { id, data } = await initiate(p)
    await actOnHostedPage(data!.redirect_url as string, { cardholderName: "Jane Doe" })
    const authorized = await p.authorizePayment({ data })
    sandbox.faults.resetNext("payment-assist", { phase: "after", match: { method: "POST", path: "/capture" } })
    await rejection(p.capturePayment({ data: authorized.data }))
    expect(sandbox.ledger("payment-assist").list({ type: "capture", ref: id })).toHaveLength(1)

    const before = requestsToLender()
    const retried = await p.capturePayment({ data: authorized.data })
    expect(retried.data!.application_status).toBe("completed")
    expect(requestsToLender() - before).toBe(1) // /status only
    expect(sandbox.ledger("payment-assist").list({ type: "capture", ref: id })).toHaveLength(1)
  })

  it("refuses a capture of part of the agreement with a 400 saying why, and captures the whole amount (issue #15 F9)", async () => {
    const amounts = new Map<string, string>([
      ["capt_part", "10"],
      ["capt_whole", "450"],
    ])
    const p = new PaymentAssistProviderService(
      {
        captureService: {
          retrieve: async (id: string) => ({ id, raw_amount: { value: amounts.get(id), precision: 20 } }),
        },
      },
      options,
    )
    const { id, data } = await initiate(p)
    await actOnHostedPage(data!.redirect_url as string, { cardholderName: "Jane Doe" })
    const authorized = await p.authorizePayment({ data })
    const part = await rejection(p.capturePayment({ data: authorized.data, context: { idempotency_key: "capt_part" } }))
    expect(part).toMatchObject({
      type: MedusaError.Types.INVALID_DATA,
      message: "Payment Assist captures the whole agreement (£450.00) in one go; capture £450.00, not £10.00.",
    })
    expect(sandbox.ledger("payment-assist").list({ type: "capture", ref: id })).toHaveLength(0)
    const whole = await p.capturePayment({ data: authorized.data, context: { idempotency_key: "capt_whole" } })
    expect(whole.data!.application_status).toBe("completed")
  })

  it("answers a lender outage during capture with a plain 400, not an internal error; the retry captures once (issue #15 F6)", async () => {
    const p = provider()
    const { id, data } = await initiate(p)
    await actOnHostedPage(data!.redirect_url as string, { cardholderName: "Jane Doe" })
    const authorized = await p.authorizePayment({ data })
    sandbox.faults.failNext("payment-assist", 503, { match: { method: "POST", path: "/capture" } })
    const down = await rejection(p.capturePayment({ data: authorized.data }))
    expect(down.type).toBe(MedusaError.Types.NOT_ALLOWED)
    expect(down.message).toMatch(/^Payment Assist didn't answer the capture — Medusa recorded no capture/)
    expect(down.message).not.toMatch(/503|Sandbox|HTTP/)
    expect((await p.capturePayment({ data: authorized.data })).data!.application_status).toBe("completed")
    expect(sandbox.ledger("payment-assist").list({ type: "capture", ref: id })).toHaveLength(1)
  })

  it("treats a refused capture of an application completed meanwhile as captured", async () => {
    const p = provider()
    const { id, data } = await initiate(p)
    await actOnHostedPage(data!.redirect_url as string, { cardholderName: "Jane Doe" })
    const authorized = await p.authorizePayment({ data })
    await provider().capturePayment({ data: { ...authorized.data, session_id: "payses_other" } })
    records.length = 0 // a fresh log: this capture does not know about the other one
    const again = await p.capturePayment({ data: authorized.data })
    expect(again.data!.application_status).toBe("completed")
    expect(sandbox.ledger("payment-assist").list({ type: "capture", ref: id })).toHaveLength(1)
  })

  it("reports completed as captured with auto-capture", async () => {
    const p = provider({ autoCapture: true })
    const { data } = await initiate(p)
    await actOnHostedPage(data!.redirect_url as string, { cardholderName: "Jane Doe" })
    const result = await p.authorizePayment({ data })
    expect(result.status).toBe(PaymentSessionStatus.CAPTURED)
    expect(result.data!.pa_ref).toMatch(/^SBX-/)
  })

  it("by default (auto-capture) approval is the capture: Medusa's capture reads /status and never calls /capture", async () => {
    const p = provider({ autoCapture: undefined })
    const { id, data } = await initiate(p)
    await actOnHostedPage(data!.redirect_url as string, { cardholderName: "Jane Doe" })
    expect(
      sandbox
        .ledger("payment-assist")
        .list({ type: "capture", ref: id })
        .map((e) => e.data),
    ).toEqual([expect.objectContaining({ auto: true })])
    const authorized = await p.authorizePayment({ data })
    expect(authorized.status).toBe(PaymentSessionStatus.CAPTURED)
    // Medusa's capture of it (and a capture from session data last seen as pending) succeed without a second capture.
    expect((await p.capturePayment({ data: authorized.data })).data!.application_status).toBe("completed")
    expect((await p.capturePayment({ data })).data!.application_status).toBe("completed")
    // No capture call: one log entry noting the lender completed it, with its amount, for reconciliation.
    expect(records.filter((r) => r.operation === "capture")).toEqual([
      expect.objectContaining({
        outcome: "succeeded",
        amount: "450.00",
        lender_reference: id,
        detail: { status: "completed", found_completed: true },
      }),
    ])
    expect(sandbox.ledger("payment-assist").list({ type: "capture", ref: id })).toHaveLength(1)
  })

  it("refuses to authorize a declined application with a clear authorization error", async () => {
    const p = provider()
    const { data } = await initiate(p)
    await actOnHostedPage(data!.redirect_url as string, { cardholderName: "Someone Else" })
    const err = await rejection(p.authorizePayment({ data }))
    expect(err).toMatchObject({
      type: MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
      message: expect.stringMatching(/application is failed/),
    })
  })

  it("turns deposit_captured:false into an authorization error carrying the lender's reason", async () => {
    const p = provider()
    const { data } = await initiate(p)
    await actOnHostedPage(data!.redirect_url as string, { cardholderName: "Jane Doe", cardNumber: "4000000000000002" })
    const err = await rejection(p.capturePayment({ data }))
    expect(err).toMatchObject({
      type: MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
      message: "Payment Assist capture failed: The deposit card was declined by the issuer [deposit_not_captured]",
    })
    expect(records.find((r) => r.operation === "capture")).toMatchObject({
      outcome: "failed",
      error_code: "deposit_not_captured",
    })
  })

  it("refuses to capture an application that is not approved", async () => {
    const p = provider()
    const { data } = await initiate(p)
    expect((await rejection(p.capturePayment({ data }))).message).toBe(
      "Payment Assist capture refused: the application is pending, not awaiting capture.",
    )
  })
})

describe("cancel, delete, refund, update", () => {
  it("expires an open application on cancel and delete", async () => {
    const p = provider()
    const first = await initiate(p)
    expect((await p.cancelPayment({ data: first.data })).data!.application_status).toBe("expired")
    expect(app(first.id).status).toBe("expired")
    const second = await initiate(p)
    const before = requestsToLender()
    await p.deletePayment({ data: second.data })
    expect(requestsToLender() - before).toBe(1) // /update expiry=0, no /status read
    expect(app(second.id).status).toBe("expired")
    // Cancelling again: the lender refuses to expire an expired application; /status confirms it.
    expect((await p.cancelPayment({ data: first.data })).data!.application_status).toBe("expired")
  })

  it("refuses to cancel a completed application and flags it for the dealer dashboard", async () => {
    const p = provider({ autoCapture: true })
    const { data } = await initiate(p)
    await actOnHostedPage(data!.redirect_url as string, { cardholderName: "Jane Doe" })
    const err = await rejection(p.cancelPayment({ data, context: { idempotency_key: "pay_1" } }))
    expect(err).toMatchObject({
      type: MedusaError.Types.NOT_ALLOWED,
      message: expect.stringMatching(
        /no cancellation API .* already completed: cancel the agreement in the Payment Assist dealer dashboard/,
      ),
    })
    expect(records.find((r) => r.outcome === "action_required")).toMatchObject({
      operation: "cancel",
      idempotency_key: "pay_1",
    })
  })

  it("refuses refunds by default, and records them for manual handling when manualRefunds is on", async () => {
    const data = { token: "t", session_id: "payses_x" }
    const refused = await rejection(
      provider().refundPayment({ data, amount: { value: "12.5", precision: 20 } as never }),
    )
    expect(refused.message).toMatch(
      /^Payment Assist has no refund API: refund £12.50 in the Payment Assist dealer dashboard/,
    )
    const manual = await provider({ manualRefunds: true }).refundPayment({
      data,
      amount: 12.5,
      context: { idempotency_key: "ref_1" },
    })
    expect(manual.data!.manual_refunds).toEqual([
      { amount: "12.50", recorded_at: expect.any(String), refund_id: "ref_1" },
    ])
    // Medusa's refund ref_1 bracketed (medusa-movement.ts), the manual work inside it.
    expect(records.map((r) => [r.operation, r.outcome])).toEqual([
      ["medusa-refund", "succeeded"],
      ["refund", "action_required"],
    ])
    expect(records[1]).toMatchObject({ idempotency_key: "ref_1", currency_code: "gbp" })
  })

  it("lowers the amount with /update, and replaces the application (old one expired) for a higher amount", async () => {
    const p = provider()
    const { id, data } = await initiate(p, 450)
    const lowered = await p.updatePayment({ data, amount: 400, currency_code: "gbp" })
    expect(lowered.data).toMatchObject({ token: id, amount_pence: 40000 })
    expect(app(id).amount).toBe(40000)

    const raised = await p.updatePayment({ data: lowered.data, amount: 500, currency_code: "gbp" })
    expect(raised.status).toBe(PaymentSessionStatus.PENDING)
    expect(raised.data!.token).not.toBe(id)
    expect(app(id).status).toBe("expired")
    expect(app(raised.data!.token as string)).toMatchObject({
      amount: 50000,
      order_id: `${data!.session_id}-2`,
      status: "pending",
    })
  })

  it("does not send /update amount to an application that is no longer open (audit §1.2 row 20)", async () => {
    const p = provider({ autoCapture: undefined })
    const done = await initiate(p, 450)
    await actOnHostedPage(done.data!.redirect_url as string, { cardholderName: "Jane Doe" })
    // Session data still says pending; /status says completed: a clear refusal, no /update amount.
    const err = await rejection(p.updatePayment({ data: done.data, amount: 400, currency_code: "gbp" }))
    expect(err).toMatchObject({
      type: MedusaError.Types.NOT_ALLOWED,
      message: expect.stringMatching(/already completed/),
    })
    expect(sandbox.ledger("payment-assist").list({ type: "update.amount" })).toHaveLength(0)

    // A declined one is replaced by a new application for the lower amount.
    const declined = await initiate(p, 450)
    await actOnHostedPage(declined.data!.redirect_url as string, { cardholderName: "Someone Else" })
    const replaced = await p.updatePayment({ data: declined.data, amount: 400, currency_code: "gbp" })
    expect(replaced.status).toBe(PaymentSessionStatus.PENDING)
    expect(replaced.data!.token).not.toBe(declined.id)
    expect(app(replaced.data!.token as string)).toMatchObject({ amount: 40000, status: "pending" })
    expect(sandbox.ledger("payment-assist").list({ type: "update.amount" })).toHaveLength(0)
  })

  it("refuses to authorize more than the lender approved", async () => {
    const p = provider()
    const { data } = await initiate(p, 450)
    await actOnHostedPage(data!.redirect_url as string, { cardholderName: "Jane Doe" })
    const err = await rejection(p.authorizePayment({ data: { ...data, amount_pence: 46000 } }))
    expect(err.message).toMatch(/approved 45000 pence but this payment is for 46000 pence/)
  })
})

function rejection(call: Promise<unknown>): Promise<MedusaError> {
  return rejectionOf<MedusaError>(call)
}
