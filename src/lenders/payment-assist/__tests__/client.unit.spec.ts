// The client against the real sandbox (no HTTP stubs): signing, envelopes and errors end to end.
import { startSandbox, type SandboxHandle } from "../../../../packages/sandbox/src"
import { createPaymentAssistSimulator } from "../../../../packages/sandbox/src/payment-assist"
import {
  PAYMENT_ASSIST_SANDBOX_API_KEY,
  PAYMENT_ASSIST_SANDBOX_SECRET,
} from "../../../../packages/sandbox/src/payment-assist/credentials"
import { actOnHostedPage } from "../../../../packages/sandbox/src/payment-assist/shopper"
import { PAYMENT_ASSIST_DEMO_URL, PAYMENT_ASSIST_LIVE_URL } from "../base-url"
import { PaymentAssistClient, normalizeStatus } from "../client"
import { readEnvelope } from "../envelope"
import type { BeginParams } from "../types"
import { lenderFailure as caught } from "../../__tests__/helpers/lender-failure"

let sandbox: SandboxHandle
let client: PaymentAssistClient

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, env: {}, simulators: [createPaymentAssistSimulator()] })
  client = new PaymentAssistClient({
    apiKey: PAYMENT_ASSIST_SANDBOX_API_KEY,
    secret: PAYMENT_ASSIST_SANDBOX_SECRET,
    baseUrl: sandbox.lenderUrl("payment-assist"),
    retry: { retries: 0 },
  })
})
afterEach(() => sandbox.reset())
afterAll(async () => {
  client.close()
  await sandbox.close()
})

const applicant = { f_name: "Jane", s_name: "Doe", addr1: "1 High Street", postcode: "SW1A 1AA", town: "London" }
let orderSeq = 0
const begin = (extra: Partial<BeginParams> = {}) =>
  client.begin({
    order_id: `order-${++orderSeq}`,
    amount: 45000,
    plan_id: 1,
    email: "jane@example.com",
    ...applicant,
    ...extra,
  })

describe("PaymentAssistClient against the sandbox", () => {
  it("reads the account's plans, apr as text", async () => {
    const account = await client.account()
    expect(account.display_name).toBe("Sandbox Furniture")
    expect(account.plans.map((p) => p.plan_id)).toEqual([1, 6, 11])
    expect(account.plans[0]).toMatchObject({
      name: "4-Payment",
      instalments: 4,
      apr: "0",
      max_amount: 300000,
      min_amount: null,
    })
  })

  it("begins an application and follows it through the hosted page to completed (auto-capture)", async () => {
    const started = await begin({ success_url: "https://shop.test/ok?ref=1", failure_url: "https://shop.test/ko" })
    expect(started.token).toMatch(/^[0-9a-f-]{36}$/)
    expect(await client.status(started.token)).toMatchObject({
      status: "pending",
      amount: 45000,
      pa_ref: null,
      has_invoice: false,
    })

    const outcome = await actOnHostedPage(started.url, { cardholderName: "jane  DOE" })
    expect(outcome.status).toBe(303)
    const back = new URL(outcome.location!)
    expect(back.origin + back.pathname).toBe("https://shop.test/ok")
    expect(back.searchParams.get("ref")).toBe("1")
    expect(back.searchParams.get("status")).toBe("success")

    const status = await client.status(started.token)
    expect(status).toMatchObject({ status: "completed", requires_invoice: true })
    expect(status.pa_ref).toBeTruthy()
    expect(sandbox.ledger("payment-assist").list({ type: "capture", ref: started.token })).toHaveLength(1)
  })

  it("captures a pending_capture application once; a second capture is refused with the lender's message", async () => {
    const { token, url } = await begin({ auto_capture: false })
    await actOnHostedPage(url, { cardholderName: "Jane Doe" })
    expect((await client.status(token)).status).toBe("pending_capture")
    expect(await client.capture(token)).toMatchObject({ token, status: "completed", deposit_captured: true })
    const again = await caught(client.capture(token))
    expect(again).toMatchObject({ kind: "http", httpStatus: 400, lenderMessage: "Application is not awaiting capture" })
    expect(again.message).toBe("Payment Assist capture failed: Application is not awaiting capture (HTTP 400)")
    expect(sandbox.ledger("payment-assist").list({ type: "capture", ref: token })).toHaveLength(1)
  })

  it("returns deposit_captured:false with the reason when the deposit card fails at capture", async () => {
    const { token, url } = await begin({ auto_capture: false })
    await actOnHostedPage(url, { cardholderName: "Jane Doe", cardNumber: "4000 0000 0000 0002" })
    expect(await client.capture(token)).toMatchObject({
      status: "pending_capture",
      deposit_captured: false,
      deposit_reason: expect.stringMatching(/declined/),
    })
  })

  it("lowers the amount (echoed as sent), refuses a higher one, and expires with expiry=0", async () => {
    const { token } = await begin()
    expect(await client.update({ token, amount: 40000 })).toEqual({ token, amount: "40000" })
    expect((await client.status(token)).amount).toBe(40000)
    expect(await caught(client.update({ token, amount: 41000 }))).toMatchObject({
      httpStatus: 400,
      lenderMessage: expect.stringMatching(/lower than the current amount/),
    })
    await client.update({ token, expiry: 0 })
    expect((await client.status(token)).status).toBe("expired")
    expect(await caught(client.update({ token, amount: 100 }))).toMatchObject({
      httpStatus: 400,
      lenderMessage: expect.stringMatching(/expired/),
    })
  })

  it("uploads an invoice only once the application is completed (404 before)", async () => {
    const { token, url } = await begin()
    const pdf = Buffer.from("%PDF-1.4 fake")
    expect(await caught(client.invoice({ token, filetype: "pdf", file: pdf }))).toMatchObject({
      httpStatus: 404,
      lenderMessage: "Application is not yet completed",
    })
    await actOnHostedPage(url, { cardholderName: "Jane Doe" })
    expect(await client.invoice({ token, filetype: "pdf", file: pdf })).toEqual({ token, upload_status: "success" })
    expect((await client.status(token)).has_invoice).toBe(true)
    const stored = sandbox.state.namespace("payment-assist").collection<{ data: Buffer }>("invoices").get(token)
    expect(stored?.data.equals(pdf)).toBe(true)
  })

  it("quotes a plan whose instalments sum exactly to the amount", async () => {
    const quote = await client.plan({ amount: 10001, plan_id: 1 })
    expect(quote.plan).toBe("4-Payment")
    expect(quote.schedule.map((s) => s.amount)).toEqual([2501, 2500, 2500, 2500])
    expect(quote.repayable).toBe(10001)
    expect(await caught(client.plan({ amount: 300001, plan_id: 1 }))).toMatchObject({
      httpStatus: 400,
      lenderMessage: expect.stringMatching(/above the maximum of 300000/),
    })
  })

  it("answers pre-approval, a decline being an ok response", async () => {
    expect(await client.preapproval(applicant)).toEqual({ approved: true })
    expect(await client.preapproval({ ...applicant, s_name: "Declined" })).toEqual({ approved: false })
  })

  it("turns a 401 error envelope into a LenderError carrying the lender's message", async () => {
    const wrong = new PaymentAssistClient({
      apiKey: "wrongkey00000000",
      secret: PAYMENT_ASSIST_SANDBOX_SECRET,
      baseUrl: sandbox.lenderUrl("payment-assist"),
    })
    expect(await caught(wrong.account())).toMatchObject({
      httpStatus: 401,
      lenderMessage: "Unauthorized",
      operation: "account",
    })
    const badSecret = new PaymentAssistClient({
      apiKey: PAYMENT_ASSIST_SANDBOX_API_KEY,
      secret: "demo_not-the-secret",
      baseUrl: sandbox.lenderUrl("payment-assist"),
    })
    expect(await caught(badSecret.status("x"))).toMatchObject({ httpStatus: 401, lenderMessage: "Invalid signature" })
    wrong.close()
    badSecret.close()
  })

  it("refuses bad input before sending anything, naming the field", async () => {
    const noPostcode = await caught(
      client.begin({
        order_id: "o-x",
        amount: 100,
        f_name: "Jane",
        s_name: "Doe",
        addr1: "1 High St",
        postcode: "",
        email: "jane@example.com",
      }),
    )
    expect(noPostcode).toMatchObject({
      kind: "validation",
      message: "Payment Assist begin failed: postcode is required",
    })
    expect(await caught(begin({ amount: 12.5 }))).toMatchObject({
      kind: "validation",
      message: expect.stringMatching(/amount must be a whole number of pence/),
    })
    expect(await caught(begin({ description: "x".repeat(256) }))).toMatchObject({
      message: expect.stringMatching(/description must be at most 255/),
    })
    expect(await caught(begin({ send_sms: true }))).toMatchObject({
      message: expect.stringMatching(/telephone is required/),
    })
    // email is required on /begin (GitBook methods/begin.md), whether or not send_email is set.
    expect(await caught(begin({ email: "" }))).toMatchObject({
      kind: "validation",
      message: "Payment Assist begin failed: email is required",
    })
    expect(await caught(begin({ email: undefined as never }))).toMatchObject({
      kind: "validation",
      message: "Payment Assist begin failed: email is required",
    })
    expect(sandbox.ledger("payment-assist").list({ type: "application.begin" })).toHaveLength(0)
  })
})

describe("configuration", () => {
  it("defaults the host from the secret prefix and refuses a mismatched one", () => {
    expect(new PaymentAssistClient({ apiKey: "k", secret: "demo_x" }).baseUrl).toBe(PAYMENT_ASSIST_DEMO_URL)
    expect(new PaymentAssistClient({ apiKey: "k", secret: "prod_x" }).baseUrl).toBe(PAYMENT_ASSIST_LIVE_URL)
    expect(() => new PaymentAssistClient({ apiKey: "k", secret: "dev_x" })).toThrow(/baseUrl is required/)
    expect(() => new PaymentAssistClient({ apiKey: "k", secret: "demo_x", baseUrl: PAYMENT_ASSIST_LIVE_URL })).toThrow(
      /demo_ secret cannot be used with the live/,
    )
    expect(() => new PaymentAssistClient({ apiKey: "", secret: "demo_x" })).toThrow(/apiKey is required/)
  })
})

describe("envelope", () => {
  const response = (status: number, data: unknown) => ({
    status,
    data,
    headers: {},
    correlationId: "c",
    attempts: 1,
    durationMs: 1,
  })

  it("accepts data as an object, [] or null", () => {
    expect(readEnvelope("x", response(200, { status: "ok", msg: null, data: { a: 1 } }))).toEqual({ a: 1 })
    expect(readEnvelope("x", response(200, { status: "ok", msg: null, data: [] }))).toEqual({})
    expect(readEnvelope("x", response(200, { status: "ok", msg: null, data: null }))).toEqual({})
  })

  it("treats status error as a refusal even with HTTP 200, and anything else as malformed", () => {
    expect(() => readEnvelope("capture", response(200, { status: "error", msg: "Nope", data: [] }))).toThrow(
      "Payment Assist capture failed: Nope (HTTP 200)",
    )
    expect(() => readEnvelope("x", response(200, { status: "​ok​" }))).toThrow(/unexpected envelope status/)
    expect(() => readEnvelope("x", response(200, "text"))).toThrow(/not a Payment Assist envelope/)
  })

  it("normalises the 2020 spelling 'in progress' and lets unknown statuses through", () => {
    expect(normalizeStatus("in progress")).toBe("in_progress")
    expect(normalizeStatus("on_hold")).toBe("on_hold")
  })
})
