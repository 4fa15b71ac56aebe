// What the NewDay client puts on the wire, checked against a recording server: base URL joining,
// NewDay's header names, money in pounds, one idempotency key per POST kept across retries,
// and problem+json / APIM / empty error bodies parsed into LenderErrors.
import {
  captureLogger,
  everythingPrinted,
  type LocalServer,
  sendJson,
  startServer,
} from "../../__tests__/helpers/local-server"
import { NewDayClient } from "../client"
import { UUID_PATTERN } from "../idempotency"
import { lenderRejection as failure } from "../../../__tests__/helpers/rejections"

let server: LocalServer
let script: Array<(res: import("node:http").ServerResponse) => void> = []

beforeAll(async () => {
  server = await startServer((_req, res) => {
    const next = script.shift()
    if (next) return next(res)
    sendJson(res, 200, { transactionId: "tx-1", options: [], scaStatus: "Exempt", scaToken: "sca_abc" })
  })
})
afterAll(() => server.close())
beforeEach(() => {
  script = []
  server.hits.length = 0
})

function client(extra: Partial<ConstructorParameters<typeof NewDayClient>[0]> = {}) {
  return new NewDayClient({
    baseUrl: `${server.url}/cl/merchant-gateway-service/`,
    merchantId: "bf62723f-f664-4527-b95b-4dfee33e427d",
    tenantId: "tenant-1",
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 },
    ...extra,
  })
}

it("sends the context headers, money in pounds and a UUID idempotency key on POSTs only", async () => {
  const c = client({ subscriptionKey: "apim-secret-key", apiVersion: "1" })
  await c.spendOptionsForProduct({ basketAmountMinor: 12345, promoOnly: true })
  await c.settle("cust 1/2", "auth-1", { amountMinor: 1010, description: "parcel" }, { clientSessionId: "sess-1" })
  c.close()
  const [get, post] = server.hits
  expect(get.url).toBe("/cl/merchant-gateway-service/merchant/spend-options?basketAmount=123.45&promoOnly=true")
  expect(get.headers).toMatchObject({
    "context-merchantid": "bf62723f-f664-4527-b95b-4dfee33e427d",
    "context-tenantid": "tenant-1",
    "ocp-apim-subscription-key": "apim-secret-key",
    "api-version": "1",
  })
  expect(get.headers["idempotency-key"]).toBeUndefined()
  expect(post.url).toBe("/cl/merchant-gateway-service/merchant/cust%201%2F2/authorisation/auth-1/settle")
  expect(post.headers["idempotency-key"]).toMatch(UUID_PATTERN)
  expect(post.headers["client-session-id"]).toBe("sess-1")
  expect(post.headers["content-type"]).toBe("application/json")
  expect(JSON.parse(post.body.toString())).toEqual({
    amount: { value: 10.1, currencyCode: "GBP" },
    description: "parcel",
  })
})

it("leaves the optional gateway headers out when not configured", async () => {
  const c = client()
  await c.spendOptionsForProduct({ basketAmountMinor: 100 })
  c.close()
  expect(server.hits[0].headers["ocp-apim-subscription-key"]).toBeUndefined()
  expect(server.hits[0].headers["api-version"]).toBeUndefined()
})

it("reuses one idempotency key on every retry of a POST after a 503, and sends tokens only as headers", async () => {
  script = [
    (res) => sendJson(res, 503, {}),
    (res) => sendJson(res, 502, { type: "newday:generic:error:unavailable" }),
    (res) =>
      sendJson(res, 200, {
        authorisationId: "6fe486cf-3193-40ef-a850-f7659e717c6e",
        result: "Authorised",
        declineReason: null,
      }),
  ]
  const { logger, logs } = captureLogger()
  const c = client({ logger })
  const res = await c.authorise(
    "cust-1",
    { amountMinor: 4999, orderReference: "cart_1", spendOptionId: "opt-1" },
    { clientSessionId: "s", customerAccessToken: "ndat_SECRET_TOKEN", scaToken: "sca_SECRET_TOKEN" },
  )
  c.close()
  expect(server.hits).toHaveLength(3)
  const keys = server.hits.map((h) => h.headers["idempotency-key"])
  expect(new Set(keys).size).toBe(1)
  expect(server.hits[2].headers).toMatchObject({
    "customer-access-token": "ndat_SECRET_TOKEN",
    "sca-token": "sca_SECRET_TOKEN",
  })
  expect(res).toEqual({
    result: "Authorised",
    authorisationId: "6fe486cf-3193-40ef-a850-f7659e717c6e",
    declineReason: null,
  })
  expect(logs.length).toBeGreaterThan(0)
  expect(everythingPrinted(logs)).not.toMatch(/SECRET_TOKEN/)
})

it("parses RFC 7807 problems, APIM bodies and empty problem bodies", async () => {
  script = [
    (res) => {
      res.writeHead(400, { "content-type": "application/problem+json" })
      res.end(
        JSON.stringify({
          type: "newday:generic:error:validation",
          title: "One or more validation errors occurred.",
          status: 400,
          traceId: "trace-9",
          errors: { "amount.value": ["Must be positive."], orderReference: ["Required."] },
        }),
      )
    },
    (res) => sendJson(res, 401, { statusCode: 401, message: "Access denied due to invalid subscription key." }),
    (res) => sendJson(res, 404, {}),
  ]
  const c = client({ retry: { retries: 0 } })
  const validation = await failure(c.settle("c", "a", { amountMinor: 100 }))
  const apim = await failure(c.reverse("c", "a", { amountMinor: 100 }))
  const empty = await failure(c.refund("c", "t", { amountMinor: 100 }))
  c.close()
  expect(validation).toMatchObject({
    httpStatus: 400,
    lenderCode: "newday:generic:error:validation",
    lenderRequestId: "trace-9",
    kind: "http",
  })
  expect(validation.message).toBe(
    "NewDay NewPay settle failed: One or more validation errors occurred. — amount.value: Must be positive.; orderReference: Required. [newday:generic:error:validation] (HTTP 400)",
  )
  expect(apim).toMatchObject({
    httpStatus: 401,
    lenderCode: "apim:401",
    lenderMessage: "Access denied due to invalid subscription key.",
  })
  expect(empty).toMatchObject({ httpStatus: 404, lenderCode: undefined })
  expect(empty.message).toBe("NewDay NewPay refund failed: Not Found (HTTP 404)")
})

it("refuses a settle answer without a transactionId as malformed", async () => {
  script = [(res) => sendJson(res, 200, { ok: true })]
  const c = client()
  const err = await failure(c.settle("c", "a", { amountMinor: 100 }))
  c.close()
  expect(err).toMatchObject({ kind: "malformed" })
  expect(err.message).toBe("NewDay NewPay settle failed: response has no transactionId")
  expect(server.hits).toHaveLength(1)
})

it("fails construction with a config error naming the missing option", () => {
  expect(() => new NewDayClient({ baseUrl: server.url, merchantId: "", tenantId: "t" })).toThrow(
    "NewDay NewPay configure failed: merchantId is required",
  )
})
