// Contract tests against Payment Assist's own documents (src/lenders/payment-assist/__tests__/documented/,
// each example citing its source):
// (a) the client against a stub server that answers with the documented bodies: it reads them,
//     and the requests it builds carry only documented fields, signed as documented;
// (b) the sandbox answers every endpoint, success and error, with exactly the documented shape;
//     anything else must be listed in docs/lenders/payment-assist.md's assumptions.
import { createHmac } from "node:crypto"
import axios, { type AxiosInstance } from "axios"
import {
  allDocumented,
  expectDocumentedCode,
  expectDocumentedShape,
  listedAssumptions,
  missingPaths,
  undocumentedPaths,
  type DocumentedExample,
} from "../../__tests__/helpers/documented"
import { sendJson, startServer, type Hit, type LocalServer } from "../../__tests__/helpers/local-server"
import { startSandbox, type SandboxHandle } from "../../../../packages/sandbox/src"
import { createPaymentAssistSimulator } from "../../../../packages/sandbox/src/payment-assist"
import {
  PAYMENT_ASSIST_SANDBOX_API_KEY as KEY,
  PAYMENT_ASSIST_SANDBOX_SECRET as SECRET,
} from "../../../../packages/sandbox/src/payment-assist/credentials"
import { actOnHostedPage } from "../../../../packages/sandbox/src/payment-assist/shopper"
import { PaymentAssistClient } from "../client"
import { sign, verifyRedirectSignature } from "../signing"
import { parseWebhookPayload, verifyWebhookSignature } from "../webhook-signature"
import { lenderFailure as lenderError } from "../../__tests__/helpers/lender-failure"

const LENDER = "payment-assist"
const docs = allDocumented(LENDER)
const doc = (name: string): DocumentedExample => {
  const example = docs[name]
  if (!example) throw new Error(`no documented example ${name}.json`)
  return example
}
const responseData = (name: string) => (doc(name).response as { data: Record<string, unknown> }).data
/** The messages the documents confirm; any other must be listed in the assumptions table. */
const DOCUMENTED_MESSAGES = ["Unauthorized", "Application is not awaiting capture", "Application is not yet completed"]
/** Required on /begin (GitBook methods/begin.md). */
const BEGIN_REQUIRED = ["order_id", "amount", "f_name", "s_name", "addr1", "postcode", "email"]

/** Form-encoded values are all text: a request is checked for its field NAMES against the document. */
function namesOf(example: unknown): Record<string, null> {
  return Object.fromEntries(Object.keys(example as Record<string, unknown>).map((k) => [k, null]))
}

function sentParams(hit: Hit): Record<string, string> {
  const url = new URL(hit.url, "http://stub")
  if (hit.method === "GET") return Object.fromEntries(url.searchParams)
  expect(hit.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/)
  return Object.fromEntries(new URLSearchParams(hit.body.toString()))
}

/** Every request: only documented fields, api_key and a signature over the rest (spec §3). */
function expectDocumentedRequest(hit: Hit, example: string, secret: string): Record<string, string> {
  const params = sentParams(hit)
  expectDocumentedShape(LENDER, params, { ...doc(example), request: namesOf(doc(example).request) }, "request")
  const { api_key, signature, ...signed } = params
  expect(api_key).toBe("contractkey00001")
  expect(signature).toBe(sign(signed, secret))
  return params
}

describe("(a) the client against the documented responses", () => {
  const secret = "demo_ContractSecret0000000000"
  let server: LocalServer
  let client: PaymentAssistClient
  /** method + path → [HTTP status, documented example]. */
  const answers = new Map<string, [number, string]>()

  beforeAll(async () => {
    server = await startServer((req, res) => {
      const key = `${req.method} ${new URL(req.url ?? "/", "http://stub").pathname}`
      const answer = answers.get(key)
      if (!answer) return sendJson(res, 405, { status: "error", msg: "Method Not Allowed", data: [] })
      sendJson(res, answer[0], doc(answer[1]).response)
    })
    client = new PaymentAssistClient({ apiKey: "contractkey00001", secret, baseUrl: server.url, retry: { retries: 0 } })
  })
  beforeEach(() => {
    answers.clear()
    server.hits.length = 0
  })
  afterAll(async () => {
    client.close()
    await server.close()
  })
  const serve = (endpoint: string, example: string, status = 200) => answers.set(endpoint, [status, example])
  const lastHit = () => server.hits[server.hits.length - 1]

  it("GET /account: reads the documented plans (apr as a number or text, null limits)", async () => {
    serve("GET /account", "account")
    const account = await client.account()
    expect(account).toMatchObject({ legal_name: "Test Dealer", display_name: "Test Dealer" })
    expect(account.plans.map((p) => [p.plan_id, p.name, p.apr, p.min_amount, p.max_amount])).toEqual([
      [6, "3-Payment", "0", null, 500000],
      [1, "4-Payment", "0", null, 300000],
    ])
    const params = expectDocumentedRequest(lastHit(), "account", secret)
    expect(lastHit().method).toBe("GET")
    // Nothing to sign: the HMAC of the empty string (spec §3 step 3).
    expect(params.signature).toBe(createHmac("sha256", secret).update("").digest("hex"))

    serve("GET /account", "account-apr-string")
    expect((await client.account()).plans[0]).toMatchObject({ plan_id: 13, apr: "12.900", deposit: false })
  })

  it("POST /preapproval: sends the four documented fields; approved true and false are answers, not errors", async () => {
    serve("POST /preapproval", "preapproval")
    const request = doc("preapproval").request as Record<string, string>
    const applicant = {
      f_name: request.f_name,
      s_name: request.s_name,
      addr1: request.addr1,
      postcode: request.postcode,
    }
    expect(await client.preapproval(applicant)).toEqual({ approved: true })
    expect(expectDocumentedRequest(lastHit(), "preapproval", secret)).toMatchObject(applicant)
    serve("POST /preapproval", "preapproval-declined")
    expect(await client.preapproval(applicant)).toEqual({ approved: false })
  })

  it("POST /begin: sends every required field (email included) and only documented ones; reads token and url", async () => {
    serve("POST /begin", "begin")
    const started = await client.begin({
      order_id: "INV-1001",
      amount: 50000,
      f_name: "Test",
      s_name: "Testington",
      addr1: "Test House",
      postcode: "TEST TES",
      email: "test@example.com",
      addr2: "Flat 2",
      town: "London",
      county: "Greater London",
      telephone: "07700900000",
      dob: "1990-01-31",
      success_url: "https://shop.example/ok",
      failure_url: "https://shop.example/ko",
      webhook_url: "https://shop.example/hook",
      multi_plan: true,
      auto_capture: true,
      expiry: 86400,
      description: "Oak table",
    })
    expect(started).toEqual(responseData("begin"))
    const params = expectDocumentedRequest(lastHit(), "begin", secret)
    expect(missingPaths(params, Object.fromEntries(BEGIN_REQUIRED.map((name) => [name, null])))).toEqual([])
    // Integers as decimals, booleans as true/false (the integration-tested Go SDK's form encoding).
    expect(params).toMatchObject({ amount: "50000", expiry: "86400", multi_plan: "true", auto_capture: "true" })
  })

  it("GET /status: reads every documented field", async () => {
    serve("GET /status", "status")
    const token = responseData("status").token as string
    expect(await client.status(token, { fresh: true })).toEqual(responseData("status"))
    expect(expectDocumentedRequest(lastHit(), "status", secret)).toMatchObject({ token })
  })

  it("POST /update: sends only documented fields; reads the echo (strings)", async () => {
    serve("POST /update", "update")
    const token = responseData("update").token as string
    expect(await client.update({ token, amount: 100000, expiry: 600, order_id: "INV-1001" })).toEqual(
      responseData("update"),
    )
    expect(expectDocumentedRequest(lastHit(), "update", secret)).toMatchObject({
      token,
      amount: "100000",
      expiry: "600",
      order_id: "INV-1001",
    })
  })

  it("POST /capture: reads the documented answer, and the documented refusal as the lender's message", async () => {
    serve("POST /capture", "capture")
    const token = responseData("capture").token as string
    expect(await client.capture(token)).toEqual(responseData("capture"))
    expect(expectDocumentedRequest(lastHit(), "capture", secret)).toEqual(expect.objectContaining({ token }))

    serve("POST /capture", "capture-not-awaiting", doc("capture-not-awaiting").status)
    expect(await lenderError(client.capture(token))).toMatchObject({
      httpStatus: 400,
      lenderMessage: "Application is not awaiting capture",
    })
  })

  it("POST /invoice: sends standard base64 of the file; reads upload_status; 404 not completed is the lender's refusal", async () => {
    serve("POST /invoice", "invoice")
    const token = responseData("invoice").token as string
    const file = Buffer.from("%PDF-1.4\n\xff\xfe")
    expect(await client.invoice({ token, filetype: "pdf", file })).toEqual(responseData("invoice"))
    const params = expectDocumentedRequest(lastHit(), "invoice", secret)
    expect(Buffer.from(params.filedata, "base64").equals(file)).toBe(true)
    expect(params.filedata).toMatch(/^[A-Za-z0-9+/]+={0,2}$/)

    serve("POST /invoice", "invoice-not-completed", 404)
    expect(await lenderError(client.invoice({ token, filetype: "pdf", file }))).toMatchObject({
      httpStatus: 404,
      lenderMessage: "Application is not yet completed",
    })
  })

  it("POST /plan: reads the documented schedule", async () => {
    serve("POST /plan", "plan")
    expect(await client.plan({ amount: 50000, plan_id: 1 })).toEqual(responseData("plan"))
    expect(expectDocumentedRequest(lastHit(), "plan", secret)).toMatchObject({ amount: "50000", plan_id: "1" })
  })

  it("turns the documented 401 into a LenderError carrying Payment Assist's message", async () => {
    serve("GET /account", "unauthorized", 401)
    expect(await lenderError(client.account())).toMatchObject({
      httpStatus: 401,
      lenderMessage: "Unauthorized",
      operation: "account",
    })
  })

  it("reads the documented webhook body and redirect parameters", () => {
    const body = doc("webhook").request as Record<string, unknown>
    const parsed = parseWebhookPayload({ ...body, signature: "x" })
    expect(parsed).toMatchObject({
      ok: true,
      payload: {
        event_name: "application.failed",
        event_data: { token: (body.event_data as { token: string }).token },
      },
    })
    // Signed as Payment Assist's PHP reference function would (EVENT_DATA=Array): accepted by default.
    const phpSigned = {
      ...body,
      signature: sign(
        { event_data: "Array", event_name: String(body.event_name), event_time: String(body.event_time) },
        secret,
      ),
    }
    expect(verifyWebhookSignature(parseOk(phpSigned), secret)).toBe(true)
    expect(verifyWebhookSignature(parseOk(phpSigned), "demo_another-secret")).toBe(false)

    const redirect = doc("redirect-return").request as Record<string, string>
    const signature = sign({ status: redirect.status, token: redirect.token }, secret)
    expect(verifyRedirectSignature({ token: redirect.token, status: redirect.status, signature }, secret)).toBe(true)
  })
})

describe("(b) the sandbox answers with exactly the documented shapes", () => {
  let sandbox: SandboxHandle
  let http: AxiosInstance
  let receiver: LocalServer

  const signOf = (params: Record<string, string>) =>
    createHmac("sha256", SECRET)
      .update(
        Object.keys(params)
          .sort()
          .map((k) => `${k.toUpperCase()}=${params[k]}&`)
          .join(""),
      )
      .digest("hex")
  const post = (path: string, params: Record<string, string>, auth: { api_key?: string } = {}) =>
    http.post(
      path,
      new URLSearchParams({ ...params, api_key: auth.api_key ?? KEY, signature: signOf(params) }).toString(),
      { headers: { "content-type": "application/x-www-form-urlencoded" } },
    )
  const get = (path: string, params: Record<string, string>) =>
    http.get(path, { params: { ...params, api_key: KEY, signature: signOf(params) } })
  const applicant = { f_name: "Jane", s_name: "Doe", addr1: "1 High Street", postcode: "SW1A 1AA" }
  let seq = 0
  const begin = (extra: Record<string, string> = {}) =>
    post("/begin", {
      order_id: `contract-${++seq}`,
      amount: "45000",
      plan_id: "1",
      email: "jane@example.com",
      ...applicant,
      webhook_url: `${receiver.url}/hook`,
      success_url: "https://shop.example/ok",
      failure_url: "https://shop.example/ko",
      ...extra,
    })

  beforeAll(async () => {
    receiver = await startServer((_req, res) => sendJson(res, 200, { received: true }))
    sandbox = await startSandbox({
      port: 0,
      quiet: true,
      env: { PAYMENT_ASSIST_SANDBOX_WEBHOOK_BACKOFF_MS: "0" },
      simulators: [createPaymentAssistSimulator()],
    })
    http = axios.create({ baseURL: sandbox.lenderUrl(LENDER), validateStatus: () => true, proxy: false, timeout: 5000 })
  })
  afterEach(() => sandbox.reset())
  afterAll(async () => {
    await sandbox.close()
    await receiver.close()
  })

  /** A success: 200, the documented envelope, the documented data shape, and nothing it documents missing. */
  function expectOk(res: { status: number; data: unknown }, example: string, { complete = true } = {}) {
    expect(res.status).toBe(200)
    expectDocumentedShape(LENDER, res.data, doc(example))
    if (complete) expect(missingPaths(res.data, doc(example).response)).toEqual([])
  }

  /** An error: the documented code and envelope; a message and data fields no document shows must be listed. */
  function expectError(res: { status: number; data: unknown }, status: number, example = "error-envelope") {
    expect(res.status).toBe(status)
    expectDocumentedShape(LENDER, res.data, doc(example))
    const body = res.data as { status: string; msg: string; data: unknown }
    expect(body.status).toBe("error")
    expect(typeof body.msg).toBe("string")
    // data is "related data" (glossary): [] when there is none; any field in it must be listed.
    const listed = listedAssumptions(LENDER)
    const extra = Array.isArray(body.data) ? undocumentedPaths(body.data, []) : undocumentedPaths(body.data, {}, "data")
    expect(extra.filter((path) => !listed.has(path))).toEqual([])
    return body
  }

  async function completed(extra: Record<string, string> = {}) {
    const { data } = await begin(extra)
    const token = data.data.token as string
    await actOnHostedPage(data.data.url, { cardholderName: "Jane Doe" })
    return token
  }

  it("GET /account", async () => {
    expectOk(await get("/account", {}), "account")
    const plans = (await get("/account", {})).data.data.plans as unknown[]
    for (const plan of plans) expect(missingPaths(plan, (responseData("account").plans as unknown[])[0])).toEqual([])
  })

  it("POST /preapproval, approved and declined", async () => {
    expectOk(await post("/preapproval", applicant), "preapproval")
    expectOk(await post("/preapproval", { ...applicant, s_name: "Declined" }), "preapproval-declined")
  })

  it("POST /begin (the QR code field only as listed)", async () => {
    expectOk(await begin(), "begin")
    const withQr = await begin({ qr_code: "true" })
    expectDocumentedShape(LENDER, withQr.data, doc("begin"))
  })

  it("GET /status before and after completion, every documented field", async () => {
    const { data } = await begin()
    expectOk(await get("/status", { token: data.data.token }), "status")
    const token = await completed()
    const res = await get("/status", { token })
    expectOk(res, "status")
    expect(res.data.data).toMatchObject({
      status: "completed",
      pa_ref: expect.any(String),
      requires_invoice: true,
      has_invoice: false,
    })
  })

  it("POST /update echoes only what was sent, as sent", async () => {
    const { data } = await begin()
    const token = data.data.token
    const res = await post("/update", { token, amount: "40000", expiry: "600" })
    expectOk(res, "update", { complete: false })
    expect(res.data.data).toEqual({ token, amount: "40000", expiry: "600" })
    const done = await completed()
    expect((await post("/update", { token: done, order_id: "INV-1001" })).data.data).toEqual({
      token: done,
      order_id: "INV-1001",
    })
  })

  it("POST /capture, and its documented refusal", async () => {
    const { data } = await begin({ auto_capture: "false" })
    await actOnHostedPage(data.data.url, { cardholderName: "Jane Doe" })
    expectOk(await post("/capture", { token: data.data.token }), "capture")
    const again = expectError(
      await post("/capture", { token: data.data.token }),
      doc("capture-not-awaiting").status!,
      "capture-not-awaiting",
    )
    expect(again).toEqual(doc("capture-not-awaiting").response)
  })

  it("POST /invoice, and the documented 404 before completion", async () => {
    const { data } = await begin()
    const early = expectError(
      await post("/invoice", { token: data.data.token, filetype: "pdf", filedata: "JVBERi0xLjQK" }),
      404,
      "invoice-not-completed",
    )
    expect(early).toEqual(doc("invoice-not-completed").response)
    const token = await completed()
    expectOk(await post("/invoice", { token, filetype: "pdf", filedata: "JVBERi0xLjQK" }), "invoice")
  })

  it("POST /plan", async () => {
    const res = await post("/plan", { amount: "50000", plan_id: "1" })
    expectOk(res, "plan")
    expect(res.data.data.schedule.map((s: { amount: number }) => s.amount)).toEqual([12500, 12500, 12500, 12500])
  })

  it("error envelopes: 401 (unknown key documented, bad signature listed), 404 unknown token, 405, 400 naming the field", async () => {
    const unknownKey = expectError(
      await post("/plan", { amount: "100" }, { api_key: "nobody0000000000" }),
      401,
      "unauthorized",
    )
    expectDocumentedCode(LENDER, unknownKey.msg, DOCUMENTED_MESSAGES)
    expect(unknownKey.msg).toBe("Unauthorized")
    const badSignature = await http.get("/status", { params: { token: "x", api_key: KEY, signature: "0".repeat(64) } })
    expectDocumentedCode(LENDER, expectError(badSignature, 401).msg, DOCUMENTED_MESSAGES)
    const unknownToken = expectError(await get("/status", { token: "00000000-0000-4000-8000-000000000000" }), 404)
    expectDocumentedCode(LENDER, unknownToken.msg, DOCUMENTED_MESSAGES)
    const wrongVerb = expectError(await http.get("/begin"), 405)
    expectDocumentedCode(LENDER, wrongVerb.msg, DOCUMENTED_MESSAGES)

    // A missing email on /begin: the documented 400 and envelope, naming the field.
    const noEmail = expectError(await begin({ email: "" }), 400)
    expect(noEmail.data).toEqual({ field: "email" })
    expect(sandbox.ledger(LENDER).list({ type: "application.begin" })).toHaveLength(0)
  })

  it("the webhook body and the redirect parameters it sends are exactly the documented ones", async () => {
    const { data } = await begin()
    const outcome = await actOnHostedPage(data.data.url, { cardholderName: "Someone Else" })
    const back = new URL(outcome.location!)
    const appended = Object.fromEntries(back.searchParams)
    expectDocumentedShape(LENDER, appended, doc("redirect-return"), "request")
    expect(Object.keys(appended).sort()).toEqual(["signature", "status", "token"])
    await sandbox.webhooks.idle()
    const hit = receiver.hits.find((h) => JSON.parse(h.body.toString()).event_data?.token === data.data.token)!
    const body = JSON.parse(hit.body.toString())
    expect(hit.headers["content-type"]).toMatch(/^application\/json/)
    expectDocumentedShape(LENDER, body, doc("webhook"), "request")
    expect(missingPaths(body, doc("webhook").request)).toEqual([])
    // Signed the way the plugin accepts by default.
    expect(verifyWebhookSignature(parseOk(body), SECRET)).toBe(true)
  })
})

function parseOk(body: unknown) {
  const parsed = parseWebhookPayload(body)
  if (!parsed.ok) throw new Error(`webhook body rejected at ${parsed.field}`)
  return parsed.payload
}
