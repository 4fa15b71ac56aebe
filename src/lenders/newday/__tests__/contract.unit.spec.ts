// NewDay's documents against our code, both ways (issue #16):
//  (a) the client against the documented answers — a stub server serves the documented bodies
//      (src/lenders/newday/__tests__/documented/*.json) and records what the client sends, which
//      must match the documented request shapes;
//  (b) the sandbox against the same documents — every endpoint, success and error, answers with
//      exactly the documented fields, or fields docs/lenders/newday.md's assumptions list.
import axios from "axios"
import type { SandboxHandle } from "../../../../packages/sandbox/src"
import { NEWDAY_SANDBOX_CREDENTIALS, NEWDAY_SANDBOX_FULL_ONLY_MERCHANT } from "../../../../packages/sandbox/src/newday"
import type { LenderError } from "../../errors"
import {
  type DocumentedExample,
  expectDocumentedCode,
  expectDocumentedShape,
  loadDocumented,
  missingPaths,
} from "../../__tests__/helpers/documented"
import { type Hit, type LocalServer, sendJson, startServer } from "../../__tests__/helpers/local-server"
import { assertAuthorised, NewDayClient } from "../client"
import { action, form, hidden, page, signIn, startNewDaySandbox } from "./helpers/newday-sandbox"
import { lenderFailure as failure } from "../../__tests__/helpers/lender-failure"

const doc = (name: string) => loadDocumented("newday", name)
const shape = (
  actual: unknown,
  examples: DocumentedExample | DocumentedExample[],
  part: "response" | "request" = "response",
) => expectDocumentedShape("newday", actual, examples, part)

/** Codes a NewDay document names (guideline register + the authorisation diagram). */
const DOCUMENTED_CODES = [
  "newday:generic:error:validation",
  "newday:generic:error:missing",
  "newday:generic:error:unavailable",
  "ClientSessionIdNotProvided",
]

/** A documented body as served: `null` ("any value") fields left out, as an answer without them. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls)
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    )
  }
  return value
}

describe("(a) the client against NewDay's documented answers", () => {
  let server: LocalServer
  let answer: { status: number; body: unknown; type?: string } = { status: 200, body: {} }
  const client = (extra: Partial<ConstructorParameters<typeof NewDayClient>[0]> = {}) =>
    new NewDayClient({
      baseUrl: `${server.url}/cl/merchant-gateway-service/`,
      merchantId: "bf62723f-f664-4527-b95b-4dfee33e427d",
      tenantId: "tenant-1",
      retry: { retries: 0 },
      ...extra,
    })
  const serve = (example: DocumentedExample, body: unknown = example.response) =>
    (answer = { status: example.status ?? 200, body })
  const lastHit = (): Hit => server.hits[server.hits.length - 1]
  const sentBody = () => JSON.parse(lastHit().body.toString())
  const ctx = {
    clientSessionId: "session-1",
    customerAccessToken: "identity-token",
    idempotencyKey: "ee735673-05f2-4c56-8a68-60170bda4524",
  }

  beforeAll(async () => {
    server = await startServer((_req, res) => {
      if (answer.type) {
        res.writeHead(answer.status, { "content-type": answer.type })
        res.end(JSON.stringify(answer.body))
      } else sendJson(res, answer.status, answer.body)
    })
  })
  afterAll(() => server.close())

  it("spend options by customerRef: the documented query and headers, and the documented answer read as is", async () => {
    const example = doc("spend-options-for-customer")
    serve(example)
    const res = await client().spendOptionsForCustomer("123456789", {
      basketAmountMinor: 10000,
      promoOnly: false,
      zeroPercentOnly: false,
      spendType: "Instalment",
      orderBy: "InstalmentPaymentAmount",
    })
    expect(res).toEqual(example.response)
    const url = new URL(lastHit().url, server.url)
    expect(url.pathname).toBe("/cl/merchant-gateway-service/merchant/123456789/spend-options")
    // Query strings are text: compare as the JSON values the document writes (100, true).
    const typed = (v: string) =>
      v === "true" || v === "false" ? v === "true" : /^\d+(\.\d+)?$/.test(v) ? Number(v) : v
    shape({ query: Object.fromEntries([...url.searchParams].map(([k, v]) => [k, typed(v)])) }, example, "request")
    expect(url.searchParams.get("basketAmount")).toBe("100") // pounds, as the document's basketAmount=100
    const headers = lastHit().headers
    expect(headers["context-merchantid"]).toBe("bf62723f-f664-4527-b95b-4dfee33e427d")
    expect(headers["context-tenantid"]).toBe("tenant-1")
    expect(headers["ocp-apim-subscription-key"]).toBeUndefined() // optional: only when configured
  })

  it("spend options by product: the documented model without spendOptionId", async () => {
    const example = doc("spend-options-for-product")
    serve(example)
    const res = await client().spendOptionsForProduct({ basketAmountMinor: 10000 })
    expect(res).toEqual(example.response)
    expect(new URL(lastHit().url, server.url).pathname).toBe("/cl/merchant-gateway-service/merchant/spend-options")
  })

  it("authorise: the documented request (body and headers) and answer; no spendOptionId means revolving credit", async () => {
    const example = doc("authorise")
    serve(example)
    const res = await client().authorise(
      "123456789",
      {
        amountMinor: 5000,
        orderReference: "0000123456",
        description: "A fridge",
        spendOptionId: "efb4929f-e781-4503-9035-18926cae56fd",
      },
      { ...ctx, scaToken: "sca-jwt" },
    )
    expect(res).toEqual(example.response)
    const documented = example.request as { body: Record<string, unknown>; headers: Record<string, unknown> }
    shape({ body: sentBody() }, example, "request")
    expect(missingPaths(sentBody(), documented.body)).toEqual(["verificationId"]) // not explained by any document; never sent
    const headers = lastHit().headers
    for (const name of Object.keys(documented.headers))
      expect({ name, sent: name.toLowerCase() in headers }).toEqual({ name, sent: true })
    expect(headers["idempotency-key"]).toBe(ctx.idempotencyKey)

    const revolving = doc("authorise-revolving-credit")
    serve(revolving, withoutNulls(revolving.response))
    const onCredit = await client().authorise(
      "123456789",
      { amountMinor: 5000, orderReference: "0000123456", description: "A fridge" },
      ctx,
    )
    assertAuthorised(onCredit)
    expect(sentBody()).toEqual((revolving.request as { body: unknown }).body)
    expect(lastHit().headers["sca-token"]).toBeUndefined() // no SCA step: no token to send
  })

  it("settle, reverse, refund and upward adjustment: documented bodies out, documented answers in", async () => {
    for (const [name, call] of [
      [
        "settle",
        (c: NewDayClient) => c.settle("123456789", "auth-1", { amountMinor: 5000, description: "Shipment 1" }, ctx),
      ],
      ["reverse", (c: NewDayClient) => c.reverse("123456789", "auth-1", { amountMinor: 5000 }, ctx)],
      [
        "refund",
        (c: NewDayClient) => c.refund("123456789", "tx-1", { amountMinor: 5000, description: "Returned" }, ctx),
      ],
      ["upward-adjustment", (c: NewDayClient) => c.upwardAdjustment("123456789", "auth-1", { amountMinor: 5000 }, ctx)],
    ] as const) {
      const example = doc(name)
      serve(example, withoutNulls(example.response))
      const res = await call(client({ enableUpwardAdjustment: true }))
      expect({ name, res }).toEqual({ name, res: expect.objectContaining(withoutNulls(example.response) as object) })
      shape({ body: sentBody() }, example, "request")
      expect(sentBody().amount).toEqual({ value: 50, currencyCode: "GBP" })
    }
  })

  it("initiate: exempt without a token, required with only the widget URL, and NewDay's own words when configured", async () => {
    const exempt = doc("initiate-exempt")
    serve(exempt, withoutNulls(exempt.response))
    expect(await client().initiate("123456789", { amountMinor: 5000 }, ctx)).toEqual({
      scaStatus: "Exempt",
      outcome: "exempt",
    })
    shape({ body: sentBody() }, exempt, "request")

    const required = doc("initiate-required")
    serve(required, withoutNulls(required.response))
    expect(await client().initiate("123456789", { amountMinor: 50000 }, ctx)).toEqual({
      scaStatus: "Required",
      outcome: "required",
      widgetUrl: (required.response as { widgetUrl: string }).widgetUrl,
    })

    // A partner pack with other names is configuration, not a code change.
    serve(exempt, { status: "NotRequired", exemptToken: "t-1" })
    const renamed = client({
      initiateSchema: { statusField: "status", tokenField: "exemptToken", exemptValues: ["NotRequired"] },
    })
    expect(await renamed.initiate("123456789", { amountMinor: 5000 }, ctx)).toEqual({
      scaStatus: "NotRequired",
      outcome: "exempt",
      scaToken: "t-1",
    })
  })

  it("initiate: a status word it does not know, or Required without a widget, is a clear NewDay error (not 'malformed')", async () => {
    serve(doc("initiate-exempt"), { scaStatus: "ChallengeNeeded" })
    const unknown = await failure(client().initiate("123456789", { amountMinor: 5000 }, ctx))
    expect(unknown.kind).not.toBe("malformed")
    expect(unknown).toMatchObject({ lenderName: "NewDay NewPay", lenderCode: "UnrecognisedInitiateAnswer" })
    expect(unknown.message).toMatch(
      /^NewDay NewPay initiate failed: .*SCA status "ChallengeNeeded".*neither exempt \(Exempt\) nor authentication required \(Required\)/,
    )

    serve(doc("initiate-required"), { scaStatus: "Required" })
    const noWidget = await failure(client().initiate("123456789", { amountMinor: 5000 }, ctx))
    expect(noWidget.message).toMatch(/authentication is required \(Required\) but has no "widgetUrl"/)
  })

  it("reads every documented problem: validation by field, missing, unavailable, a custom type and the empty {}", async () => {
    const cases: Array<[string, Partial<LenderError>, RegExp | undefined]> = [
      [
        "problem-validation",
        { httpStatus: 400, lenderCode: "newday:generic:error:validation" },
        /age: must be a positive integer, must be less then 120; items\[0\]\.color/,
      ],
      [
        "problem-client-session-id",
        { httpStatus: 400, lenderCode: "newday:generic:error:validation" },
        /client-session-id: ClientSessionIdNotProvided/,
      ],
      [
        "problem-missing",
        { httpStatus: 404, lenderCode: "newday:generic:error:missing" },
        /The resource requested does not exist/,
      ],
      ["problem-unavailable", { httpStatus: 500, lenderCode: "newday:generic:error:unavailable" }, undefined],
      ["problem-custom-type", { httpStatus: 409, lenderCode: "newday:kyc:error:authenticationInvalid" }, undefined],
      ["problem-empty", { httpStatus: 403, lenderCode: undefined }, undefined],
    ]
    for (const [name, expected, message] of cases) {
      const example = doc(name)
      answer = { status: example.status!, body: example.response, type: "application/problem+json" }
      const err = await failure(client().settle("123456789", "auth-1", { amountMinor: 5000 }, ctx))
      expect({ name, err }).toMatchObject({ name, err: expected })
      if (message) expect(err.message).toMatch(message)
    }
  })
})

describe("(b) the sandbox answers with the documented shapes", () => {
  let sandbox: SandboxHandle
  let base: string
  const headers = (
    merchant: { merchantId: string; tenantId: string; subscriptionKey?: string } = NEWDAY_SANDBOX_CREDENTIALS,
  ) => ({
    "context-merchantId": merchant.merchantId,
    "context-tenantId": merchant.tenantId,
    ...(merchant.subscriptionKey ? { "Ocp-Apim-Subscription-Key": merchant.subscriptionKey } : {}),
  })
  const http = axios.create({ proxy: false, validateStatus: () => true, timeout: 10_000 })
  let keys = 0
  const key = () => `00000000-0000-4000-8000-${String(++keys).padStart(12, "0")}`
  const money = (value: number) => ({ amount: { value, currencyCode: "GBP" } })

  beforeAll(async () => {
    sandbox = await startNewDaySandbox()
    base = sandbox.lenderUrl("newday")
  })
  afterAll(() => sandbox.close())
  beforeEach(() => sandbox.reset())

  async function shopper(email = "approve@newpay.test") {
    const signedIn = await signIn(sandbox, email)
    const h = { ...headers(), "customer-access-token": signedIn.accessToken, "client-session-id": "session-1" }
    const post = (path: string, body: unknown, extra: Record<string, string> = {}) =>
      http.post(`${base}/merchant/${signedIn.customerRef}${path}`, body, {
        headers: { ...h, "idempotency-key": key(), ...extra },
      })
    return { ...signedIn, post, headers: h }
  }

  /**
   * A problem answer: problem+json, its `type` documented or listed, its fields documented or listed.
   * `errors` maps the request's own field names to messages (the guideline's sample uses "age"), so
   * its keys are checked for that form, not against the sample's names.
   */
  function expectProblem(
    res: { status: number; headers: Record<string, unknown>; data: unknown },
    status: number,
    example: string,
  ) {
    expect({ status: res.status, type: res.headers["content-type"] }).toEqual({
      status,
      type: expect.stringMatching(/^application\/problem\+json/),
    })
    const body = { ...(res.data as Record<string, unknown>) }
    if (body.errors !== undefined) {
      expect(
        Object.values(body.errors as object).every((m) => Array.isArray(m) && m.every((t) => typeof t === "string")),
      ).toBe(true)
      body.errors =
        (doc(example).response as { errors?: unknown }).errors ??
        (doc("problem-validation").response as { errors: unknown }).errors
    }
    // Custom types are RFC 7807 problems too: the generic members of the register's samples apply.
    shape(body, example === "problem-custom-type" ? [doc(example), doc("problem-missing")] : doc(example))
    const type = (res.data as { type?: string }).type
    if (type) expectDocumentedCode("newday", type, DOCUMENTED_CODES)
  }

  it("spend options, both endpoints: the documented option model (no spendOptionId by product)", async () => {
    const byProduct = await http.get(`${base}/merchant/spend-options`, {
      headers: headers(),
      params: { basketAmount: 450 },
    })
    expect(byProduct.status).toBe(200)
    shape(byProduct.data, doc("spend-options-for-product"))
    expect(byProduct.data.options.length).toBeGreaterThan(0)

    const alice = await shopper()
    const byCustomer = await http.get(`${base}/merchant/${alice.customerRef}/spend-options`, {
      headers: headers(),
      params: { basketAmount: 450, promoOnly: false, zeroPercentOnly: false, orderBy: "InstalmentPaymentAmount" },
    })
    expect(byCustomer.status).toBe(200)
    shape(byCustomer.data, doc("spend-options-for-customer"))
    expect(byCustomer.data.options.every((o: { spendOptionId?: string }) => typeof o.spendOptionId === "string")).toBe(
      true,
    )
    expectProblem(
      await http.get(`${base}/merchant/spend-options`, { headers: headers(), params: { basketAmount: "x" } }),
      400,
      "problem-validation",
    )
    expectProblem(
      await http.get(`${base}/merchant/not-a-customer/spend-options`, {
        headers: headers(),
        params: { basketAmount: 1 },
      }),
      404,
      "problem-missing",
    )
  })

  it("initiate: exempt and required answers in the spec's proposed shape; authorise with a spend option, without one (revolving credit) and a decline", async () => {
    const alice = await shopper()
    const exempt = await alice.post("/initiate", money(44.95))
    shape(exempt.data, doc("initiate-exempt"))
    expect(exempt.data.scaStatus).toBe("Exempt")
    const required = await alice.post("/initiate", money(459.95))
    shape(required.data, doc("initiate-required"))
    expect(required.data.scaStatus).toBe("Required")

    const options = await http.get(`${base}/merchant/${alice.customerRef}/spend-options`, {
      headers: headers(),
      params: { basketAmount: 44.95 },
    })
    const withOption = await alice.post("/authorisation", {
      ...money(44.95),
      orderReference: "cart_1",
      description: "Order cart_1",
      spendOptionId: options.data.options[0].spendOptionId,
    })
    shape(withOption.data, doc("authorise"))
    expect(withOption.data.result).toBe("Authorised")
    const onCredit = await alice.post("/authorisation", { ...money(20), orderReference: "cart_2" })
    shape(onCredit.data, [doc("authorise"), doc("authorise-revolving-credit")])
    expect(onCredit.data.result).toBe("Authorised")

    const declined = await (
      await shopper("decline@newpay.test")
    ).post("/authorisation", { ...money(20), orderReference: "cart_3" })
    shape(declined.data, doc("authorise"))
    expect(declined.data).toMatchObject({ result: "Declined", authorisationId: null })
  })

  it("authorise errors: validation by field, ClientSessionIdNotProvided, SCA required, 403 with the guideline's empty body, 503 unavailable", async () => {
    const alice = await shopper()
    expectProblem(
      await alice.post("/authorisation", { amount: { value: 1.234, currencyCode: "EUR" } }),
      400,
      "problem-validation",
    )
    const noSession = await http.post(
      `${base}/merchant/${alice.customerRef}/authorisation`,
      { ...money(20), orderReference: "o" },
      {
        headers: { ...headers(), "customer-access-token": alice.accessToken, "idempotency-key": key() },
      },
    )
    expectProblem(noSession, 400, "problem-client-session-id")
    expect(noSession.data.errors).toEqual({ "client-session-id": ["ClientSessionIdNotProvided"] })

    const sca = await alice.post("/authorisation", { ...money(459.95), orderReference: "o" })
    expectProblem(sca, 403, "problem-custom-type")
    expect(sca.data.type).toBe("newday:merchant-gateway:error:scaRequired")

    const forged = await alice.post(
      "/authorisation",
      { ...money(20), orderReference: "o" },
      { "customer-access-token": "ndat_forged" },
    )
    expectProblem(forged, 403, "problem-empty")
    expect(forged.data).toEqual({})
    const stranger = await http.get(`${base}/merchant/spend-options`, {
      headers: headers({ merchantId: "11111111-2222-4333-8444-555555555555", tenantId: "t" }),
      params: { basketAmount: 1 },
    })
    expectProblem(stranger, 403, "problem-empty")
    expect(stranger.data).toEqual({})
    const notJson = await http.post(`${base}/merchant/${alice.customerRef}/authorisation`, "amount=1", {
      headers: { ...alice.headers, "content-type": "text/plain", "idempotency-key": key() },
    })
    expectProblem(notJson, 415, "problem-empty")
    expect(notJson.data).toEqual({})

    const down = await (
      await shopper("unavailable@newpay.test")
    ).post("/authorisation", { ...money(20), orderReference: "o" })
    expectProblem(down, 503, "problem-unavailable")
    expect(down.headers["retry-after"]).toBeDefined()
  })

  it("the gateway key refusal is Azure API Management's own body (listed as an assumption)", async () => {
    const res = await http.get(`${base}/merchant/spend-options`, {
      headers: { ...headers(), "Ocp-Apim-Subscription-Key": "wrong" },
      params: { basketAmount: 1 },
    })
    expect(res.status).toBe(401)
    shape(res.data, doc("problem-empty"))
  })

  it("settle, reverse, refund, upward adjustment and their errors", async () => {
    const alice = await shopper()
    const auth = (await alice.post("/authorisation", { ...money(100), orderReference: "cart_m" })).data
      .authorisationId as string
    const settled = await alice.post(`/authorisation/${auth}/settle`, { ...money(40), description: "Shipment 1" })
    shape(settled.data, doc("settle"))
    const reversed = await alice.post(`/authorisation/${auth}/reverse`, money(10))
    shape(reversed.data, doc("reverse"))
    expect(reversed.data.remainingFloat).toEqual({ value: 50, currencyCode: "GBP" })
    const refunded = await alice.post(`/transaction/${settled.data.transactionId}/refund`, {
      ...money(15),
      description: "Returned",
    })
    shape(refunded.data, doc("refund"))
    const adjusted = await alice.post(`/authorisation/${auth}/upward-adjustment`, money(5))
    shape(adjusted.data, doc("upward-adjustment"))

    expectProblem(await alice.post(`/authorisation/${auth}/settle`, money(500)), 409, "problem-custom-type")
    expectProblem(
      await alice.post(`/transaction/${settled.data.transactionId}/refund`, money(500)),
      409,
      "problem-custom-type",
    )
    expectProblem(
      await alice.post(`/authorisation/00000000-0000-4000-8000-000000000000/reverse`, money(1)),
      404,
      "problem-missing",
    )
    expectProblem(
      await alice.post(`/transaction/00000000-0000-4000-8000-000000000000/refund`, money(1)),
      404,
      "problem-missing",
    )
    expectProblem(
      await alice.post(`/authorisation/${auth}/settle`, { amount: { value: -1, currencyCode: "GBP" } }),
      400,
      "problem-validation",
    )
    await alice.post(`/authorisation/${auth}/settle`, money(50))
    expectProblem(await alice.post(`/authorisation/${auth}/upward-adjustment`, money(5)), 409, "problem-custom-type")

    // Same idempotency key, another body: the [INFERRED] conflict.
    const fixedKey = key()
    await alice.post(`/authorisation/${adjusted.data.authorisationId}/reverse`, money(1), {
      "idempotency-key": fixedKey,
    })
    expectProblem(
      await alice.post(`/authorisation/${adjusted.data.authorisationId}/reverse`, money(2), {
        "idempotency-key": fixedKey,
      }),
      409,
      "problem-custom-type",
    )
  })

  it("a full-only merchant's partial settle is a 409 of a listed type", async () => {
    const alice = await signIn(sandbox, "approve@newpay.test")
    const h = {
      ...headers(NEWDAY_SANDBOX_FULL_ONLY_MERCHANT),
      "customer-access-token": alice.accessToken,
      "client-session-id": "s",
    }
    const auth = await http.post(
      `${base}/merchant/${alice.customerRef}/authorisation`,
      { ...money(30), orderReference: "o" },
      { headers: { ...h, "idempotency-key": key() } },
    )
    const partial = await http.post(
      `${base}/merchant/${alice.customerRef}/authorisation/${auth.data.authorisationId}/settle`,
      money(10),
      { headers: { ...h, "idempotency-key": key() } },
    )
    expectProblem(partial, 409, "problem-custom-type")
    expect(partial.data.type).toBe("newday:merchant-gateway:error:partialNotAllowed")
  })

  it("the SCA widget hands back the documented payload; the sign-in widget's fields are listed as assumptions", async () => {
    const alice = await shopper()
    const required = await alice.post("/initiate", money(459.95))
    const widget = new URL(required.data.widgetUrl)
    widget.searchParams.set("redirect_uri", "https://shop.test/return")
    const pageHtml = (await page.get(widget.toString())).data
    const back = await page.post(
      action(pageHtml),
      form({ redirect_uri: hidden(pageHtml, "redirect_uri"), scaToken: hidden(pageHtml, "scaToken"), code: "123456" }),
    )
    const payload = JSON.parse(hidden(back.data, "payload"))
    shape({ payload }, doc("sca-widget-hand-back"), "request")
    expect(payload).toMatchObject({
      success: true,
      status: "authenticated",
      message: "User successfully authenticated",
    })

    const signInBack = await page.post(
      `${base}/sso-widget/newpay/login`,
      form({ redirect_uri: "https://shop.test/return", email: "approve@newpay.test" }),
    )
    shape({ payload: JSON.parse(hidden(signInBack.data, "payload")) }, doc("sca-widget-hand-back"), "request")
  })
})
