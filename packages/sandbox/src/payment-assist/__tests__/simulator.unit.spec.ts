// The Payment Assist simulator at the HTTP level: what it accepts and rejects as the real API
// would, its hosted page, redirects and webhooks. Requests are signed here by hand (not with the
// plugin's client) so the sandbox is checked against the spec, not against our own code.
import { createHmac } from "node:crypto"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import axios, { type AxiosInstance } from "axios"
import { startSandbox, type SandboxHandle } from "../../server"
import { createPaymentAssistSimulator } from ".."
import { PAYMENT_ASSIST_SANDBOX_API_KEY as KEY, PAYMENT_ASSIST_SANDBOX_SECRET as SECRET } from "../credentials"
import { actOnHostedPage } from "../shopper"
import { webhookScheme } from "../webhook"

const signOf = (params: Record<string, string>, secret = SECRET) =>
  createHmac("sha256", secret)
    .update(
      Object.keys(params)
        .sort()
        .map((k) => `${k.toUpperCase()}=${params[k]}&`)
        .join(""),
    )
    .digest("hex")

const signedForm = (params: Record<string, string>) =>
  new URLSearchParams({ ...params, api_key: KEY, signature: signOf(params) }).toString()

class Receiver {
  bodies: string[] = []
  statuses: number[] = []
  private server!: Server
  url = ""
  async start() {
    this.server = createServer((req, res) => {
      let body = ""
      req.on("data", (c) => (body += c))
      req.on("end", () => {
        this.bodies.push(body)
        res.statusCode = this.statuses.shift() ?? 200
        res.end()
      })
    })
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`
  }
  stop() {
    return new Promise<void>((r) => this.server.close(() => r()))
  }
}

let sandbox: SandboxHandle
let http: AxiosInstance
const receiver = new Receiver()

beforeAll(async () => {
  await receiver.start()
  sandbox = await startSandbox({
    port: 0,
    quiet: true,
    env: { PAYMENT_ASSIST_SANDBOX_WEBHOOK_BACKOFF_MS: "0" },
    simulators: [createPaymentAssistSimulator()],
  })
  http = axios.create({ baseURL: sandbox.lenderUrl("payment-assist"), validateStatus: () => true, proxy: false })
})
afterEach(() => {
  sandbox.reset()
  receiver.bodies = []
  receiver.statuses = []
})
afterAll(async () => {
  await sandbox.close()
  await receiver.stop()
})

const applicant = { f_name: "Jane", s_name: "Doe", addr1: "1 High Street", postcode: "SW1A 1AA" }
/** /begin also requires the e-mail address (GitBook methods/begin.md); /preapproval does not take it. */
const beginApplicant = { ...applicant, email: "jane@example.com" }
const post = (path: string, params: Record<string, string>) =>
  http.post(path, signedForm(params), { headers: { "content-type": "application/x-www-form-urlencoded" } })
const beginForm = (extra: Record<string, string> = {}) =>
  post("/begin", { order_id: `o-${Math.random()}`, amount: "45000", plan_id: "1", ...beginApplicant, ...extra })
const status = (token: string) => http.get("/status", { params: { token, api_key: KEY, signature: signOf({ token }) } })

describe("authentication and transports", () => {
  it("answers 401 Unauthorized for an unknown key and 401 for a bad signature, in the error envelope", async () => {
    const unknown = await http.get("/account", { params: { api_key: "nobody", signature: signOf({}) } })
    expect(unknown.status).toBe(401)
    expect(unknown.data).toEqual({ status: "error", msg: "Unauthorized", data: [] })
    const badSig = await http.get("/account", { params: { api_key: KEY, signature: signOf({}, "demo_wrong") } })
    expect(badSig.status).toBe(401)
    expect(badSig.data.msg).toBe("Invalid signature")
    const tampered = await http.post(
      "/begin",
      signedForm({ order_id: "o", amount: "45000", plan_id: "1", ...beginApplicant }).replace("45000", "1"),
      { headers: { "content-type": "application/x-www-form-urlencoded" } },
    )
    expect(tampered.status).toBe(401)
    expect(sandbox.ledger("payment-assist").list()).toHaveLength(0)
  })

  it("accepts a JSON body signed PHP-style (integers in decimal, true as 1)", async () => {
    const json = { order_id: "json-1", amount: 45000, plan_id: 1, auto_capture: true, ...beginApplicant }
    const signature = signOf({
      ...Object.fromEntries(Object.entries(json).map(([k, v]) => [k, v === true ? "1" : String(v)])),
    })
    const res = await http.post("/begin", { ...json, api_key: KEY, signature })
    expect(res.status).toBe(200)
    expect(res.data).toMatchObject({
      status: "ok",
      msg: null,
      data: { token: expect.any(String), url: expect.stringContaining("/apply/") },
    })
  })

  it("accepts a multipart body", async () => {
    const form = new FormData()
    const params = { order_id: "mp-1", amount: "45000", plan_id: "1", ...beginApplicant }
    for (const [k, v] of Object.entries({ ...params, api_key: KEY, signature: signOf(params) })) form.append(k, v)
    const res = await http.post("/begin", form)
    expect(res.status).toBe(200)
    expect(res.data.data.token).toBeTruthy()
  })

  it("answers 405 for the wrong verb and accepts /status by GET or POST", async () => {
    expect((await http.get("/begin")).status).toBe(405)
    const { data } = await beginForm()
    expect((await post("/status", { token: data.data.token })).data.data.status).toBe("pending")
  })
})

describe("validation (400, naming the field)", () => {
  it.each([
    ["postcode", { postcode: "" }, /postcode field is required/],
    ["amount", { amount: "0" }, /at least 1/],
    ["amount", { amount: "12.50" }, /must be an integer/],
    ["amount", { amount: "300001" }, /above the maximum of 300000 for plan 4-Payment/],
    ["plan_id", { plan_id: "99" }, /plan_id is invalid/],
    ["addr1", { addr1: "x".repeat(256) }, /255 characters/],
    ["email", { email: "" }, /email field is required/],
    ["success_url", { success_url: "javascript:alert(1)" }, /valid http\(s\) URL/],
  ])("rejects a bad %s (case %#)", async (field, extra, message) => {
    const res = await beginForm(extra as Record<string, string>)
    expect(res.status).toBe(400)
    expect(res.data).toMatchObject({ status: "error", msg: expect.stringMatching(message as RegExp), data: { field } })
  })

  it("needs plan_id when the account has several plans, unless multi_plan; multi_plan still checks the limits", async () => {
    const params = { order_id: "mp", amount: "45000", ...beginApplicant }
    expect((await post("/begin", params)).data.data.field).toBe("plan_id")
    expect((await post("/begin", { ...params, multi_plan: "true" })).status).toBe(200)
    const tooBig = await post("/begin", { ...params, order_id: "mp2", multi_plan: "true", amount: "600000" })
    expect(tooBig.status).toBe(400)
    expect(tooBig.data.msg).toMatch(/every plan/)
  })

  it("refuses a duplicate order_id and an order_id change before completion", async () => {
    const first = await beginForm({ order_id: "dup" })
    expect((await beginForm({ order_id: "dup" })).data.msg).toMatch(/already been taken/)
    const update = await post("/update", { token: first.data.data.token, order_id: "1001" })
    expect(update.status).toBe(400)
    expect(update.data.msg).toMatch(/once the application is completed/)
  })

  it("checks invoice filetype and base64 before anything else", async () => {
    const { data } = await beginForm()
    const token = data.data.token
    expect((await post("/invoice", { token, filetype: "exe", filedata: "QUJD" })).data.data.field).toBe("filetype")
    expect((await post("/invoice", { token, filetype: "pdf", filedata: "not base64!" })).data.data.field).toBe(
      "filedata",
    )
    expect((await post("/invoice", { token: "nope", filetype: "pdf", filedata: "QUJD" })).status).toBe(404)
  })
})

describe("hosted page, redirects and webhooks", () => {
  const urls = () => ({
    success_url: "https://shop.test/return?session_id=s1",
    failure_url: "https://shop.test/return?session_id=s1",
    webhook_url: receiver.url,
  })

  it("marks the application in_progress when opened, and fails it when the cardholder is not the applicant", async () => {
    const { data } = await beginForm(urls())
    const token = data.data.token
    const page = await axios.get(data.data.url, { proxy: false })
    expect(page.data).toContain('data-testid="pa-approve"')
    expect((await status(token)).data.data.status).toBe("in_progress")

    const outcome = await actOnHostedPage(data.data.url, { cardholderName: "John Smith" })
    const back = new URL(outcome.location!)
    expect(back.searchParams.get("session_id")).toBe("s1")
    expect(back.searchParams.get("status")).toBe("failed")
    expect(back.searchParams.get("signature")).toBe(signOf({ status: "failed", token }))
    expect((await status(token)).data.data.status).toBe("failed")

    await sandbox.webhooks.idle()
    const webhook = JSON.parse(receiver.bodies[0])
    expect(webhook).toMatchObject({
      event_name: "application.failed",
      event_data: { token },
      event_time: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/),
    })
    // Default scheme: Payment Assist's PHP reference function applied literally (EVENT_DATA=Array).
    expect(webhook.signature).toBe(
      signOf({ event_data: "Array", event_name: "application.failed", event_time: webhook.event_time }),
    )
  })

  it("stops at pending_capture without auto-capture (no webhook: not a terminal state), then completes on /capture", async () => {
    const { data } = await beginForm({ ...urls(), auto_capture: "false" })
    const token = data.data.token
    const outcome = await actOnHostedPage(data.data.url, { cardholderName: "Jane Doe" })
    expect(new URL(outcome.location!).searchParams.get("status")).toBe("success")
    expect((await status(token)).data.data.status).toBe("pending_capture")
    await sandbox.webhooks.idle()
    expect(receiver.bodies).toHaveLength(0)
    expect((await post("/capture", { token })).data.data).toMatchObject({ status: "completed", deposit_captured: true })
    await sandbox.webhooks.idle()
    expect(JSON.parse(receiver.bodies[0]).event_name).toBe("application.completed")
  })

  it("retries a webhook up to 3 times on non-200 answers", async () => {
    receiver.statuses = [500, 503, 404, 500]
    const { data } = await beginForm(urls())
    await actOnHostedPage(data.data.url, { decision: "decline" })
    await sandbox.webhooks.idle()
    expect(receiver.bodies).toHaveLength(4)
    expect(sandbox.webhooks.log("payment-assist").map((a) => a.status)).toEqual([500, 503, 404, 500])
  })

  it("expires an application when the sandbox clock passes expires_at, firing application.expired", async () => {
    const { data } = await beginForm({ ...urls(), expiry: "600" })
    sandbox.clock.advance(601_000)
    await sandbox.webhooks.idle()
    expect(JSON.parse(receiver.bodies[0]).event_name).toBe("application.expired")
    expect((await status(data.data.token)).data.data.status).toBe("expired")
    expect((await axios.get(data.data.url, { proxy: false, validateStatus: () => true })).status).toBe(410)
  })

  it("offers the qualifying plans when multi_plan is set and records the shopper's choice", async () => {
    const { data } = await post("/begin", {
      order_id: "mp-choice",
      amount: "150000",
      multi_plan: "true",
      ...beginApplicant,
    })
    const page = (await axios.get(data.data.url, { proxy: false })).data as string
    expect(page).toContain('data-testid="pa-plan-11"')
    await actOnHostedPage(data.data.url, { cardholderName: "Jane Doe", planId: 6 })
    const app = sandbox.state
      .namespace("payment-assist")
      .collection<{ plan_id: number; status: string }>("applications")
      .get(data.data.token)
    expect(app).toMatchObject({ plan_id: 6, status: "completed" })
  })
})

describe("webhook signature scheme", () => {
  it("signs as Payment Assist's PHP reference does unless PAYMENT_ASSIST_SANDBOX_WEBHOOK_SCHEME says otherwise", () => {
    expect(webhookScheme({})).toBe("php-array")
    expect(webhookScheme({ PAYMENT_ASSIST_SANDBOX_WEBHOOK_SCHEME: "json" })).toBe("json")
    expect(webhookScheme({ PAYMENT_ASSIST_SANDBOX_WEBHOOK_SCHEME: "scalars" })).toBe("scalars")
    expect(webhookScheme({ PAYMENT_ASSIST_SANDBOX_WEBHOOK_SCHEME: "md5" })).toBe("php-array")
  })
})

describe("pre-approval", () => {
  it("keeps declining an applicant who retries with changed details, and flags the retry", async () => {
    expect((await post("/preapproval", { ...applicant, s_name: "Declined" })).data.data).toEqual({ approved: false })
    expect((await post("/preapproval", { ...applicant, s_name: "Declined", postcode: "EC1A 1BB" })).data.data).toEqual({
      approved: false,
    })
    expect(sandbox.ledger("payment-assist").list({ type: "preapproval.retry_after_decline" })).toHaveLength(1)
  })
})
