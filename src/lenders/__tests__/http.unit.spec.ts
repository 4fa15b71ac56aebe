import net from "node:net"
import zlib from "node:zlib"
import { LenderError } from "../errors"
import { createLenderHttp } from "../http"
import { joinUrl } from "../http-transport"
import type { LenderHttp, LenderHttpOptions } from "../http-types"
import { captureLogger, everythingPrinted, sendJson, startServer, type LocalServer } from "./helpers/local-server"
import { lenderRejection as rejection } from "../../__tests__/helpers/rejections"

const servers: LocalServer[] = []
const clients: LenderHttp[] = []

async function serve(...args: Parameters<typeof startServer>): Promise<LocalServer> {
  const server = await startServer(...args)
  servers.push(server)
  return server
}

function client(server: { url: string }, overrides: Partial<LenderHttpOptions> = {}): LenderHttp {
  const http = createLenderHttp({
    lender: "flexshopper",
    lenderName: "FlexShopper",
    baseURL: server.url,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...overrides,
  })
  clients.push(http)
  return http
}

/** A status GET allowed one retry, rejected: the cases where a failure is retried once, then given up. */
function getRetriedOnce(server: { url: string }, overrides: Partial<LenderHttpOptions> = {}) {
  return rejection(
    client(server, { ...overrides, retry: { retries: 1, baseDelayMs: 1 } }).request({
      operation: "status",
      method: "GET",
      path: "/s",
    }),
  )
}

afterEach(async () => {
  clients.splice(0).forEach((c) => c.close())
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

describe("createLenderHttp: success path", () => {
  it("parses JSON, lower-cases headers, sends one correlation id and reports it", async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 200, { data: { id: 7 } }, { "X-Request-Id": "lender-req-1" }),
    )
    const { logs, logger } = captureLogger()
    const res = await client(server, { logger }).request<{ data: { id: number } }>({
      operation: "get-lease",
      method: "GET",
      path: "/v3/leases/7",
      query: { withToken: true, page: 2, skip: undefined },
    })
    expect(res.status).toBe(200)
    expect(res.data).toEqual({ data: { id: 7 } })
    expect(res.headers["x-request-id"]).toBe("lender-req-1")
    expect(res.attempts).toBe(1)
    expect(server.hits[0].url).toBe("/v3/leases/7?withToken=true&page=2")
    expect(server.hits[0].headers["x-correlation-id"]).toBe(res.correlationId)
    expect(res.correlationId).toMatch(/^[0-9a-f-]{36}$/)
    expect(logs.map((l) => l.level)).toEqual(["debug"])
    expect(logs[0].msg).toContain("FlexShopper get-lease: GET /v3/leases/7?withToken=true&page=2 -> 200")
    expect(logs[0].msg).toContain(res.correlationId)
  })

  it("encodes form and multipart bodies and honours expectStatus / responseType", async () => {
    const server = await serve((req, res, hit) => {
      if (req.url === "/missing") {
        return sendJson(res, 404, { error: "nope" })
      }
      if (req.url === "/pdf") {
        res.writeHead(200, { "content-type": "application/pdf" })
        return res.end(Buffer.from([0x25, 0x50, 0x44, 0x46]))
      }
      res.writeHead(200, { "content-type": "text/plain" })
      res.end(`${hit.headers["content-type"]}\n${hit.body.toString("utf8")}`)
    })
    const http = client(server)
    const form = await http.request<string>({
      operation: "form",
      method: "POST",
      path: "/f",
      form: { a: "1 2", b: "&" },
      responseType: "text",
    })
    expect(form.data).toBe("application/x-www-form-urlencoded\na=1+2&b=%26")

    const upload = await http.request<string>({
      operation: "upload-invoice",
      method: "POST",
      path: "/upload",
      responseType: "text",
      multipart: {
        fields: { orderId: "ord_1" },
        files: [
          { field: "invoice", filename: "inv.pdf", contentType: "application/pdf", data: Buffer.from("%PDF-1.4 body") },
        ],
      },
    })
    expect(upload.data).toMatch(/^multipart\/form-data; boundary=/)
    expect(upload.data).toContain('name="orderId"\r\n\r\nord_1')
    expect(upload.data).toContain('filename="inv.pdf"')
    expect(upload.data).toContain("%PDF-1.4 body")

    const missing = await http.request({
      operation: "lookup",
      method: "GET",
      path: "/missing",
      expectStatus: (s) => s === 200 || s === 404,
    })
    expect(missing.status).toBe(404)
    expect(missing.data).toEqual({ error: "nope" })

    const pdf = await http.request<Buffer>({
      operation: "lease-pdf",
      method: "GET",
      path: "/pdf",
      responseType: "buffer",
    })
    expect(Buffer.isBuffer(pdf.data)).toBe(true)
    expect(pdf.data.toString("latin1")).toBe("%PDF")
  })

  it("refuses absolute URLs so credentials can't be sent to another host", async () => {
    const server = await serve((_req, res) => sendJson(res, 200, {}))
    const err = await rejection(
      client(server).request({ operation: "x", method: "GET", path: "https://evil.example/steal" }),
    )
    expect(err.kind).toBe("validation")
    expect(server.hits).toHaveLength(0)
  })

  it("reuses one keep-alive socket for sequential requests, and not when keepAlive is off", async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { ok: true }))
    const pooled = client(server)
    await pooled.request({ operation: "a", method: "GET", path: "/1" })
    await pooled.request({ operation: "b", method: "POST", path: "/2", json: {} })
    expect(server.hits[0].socketId).toBe(server.hits[1].socketId)

    const unpooled = client(server, { keepAlive: false })
    await unpooled.request({ operation: "a", method: "GET", path: "/3" })
    await unpooled.request({ operation: "b", method: "GET", path: "/4" })
    expect(server.hits[2].socketId).not.toBe(server.hits[3].socketId)
    expect(server.connections).toBe(3)
  })
})

describe("createLenderHttp: retry policy", () => {
  it("retries a GET on 503 with the same correlation id, then succeeds", async () => {
    const server = await serve((_req, res, _hit, i) => (i < 2 ? sendJson(res, 503, {}) : sendJson(res, 200, { ok: 1 })))
    const { logs, logger } = captureLogger()
    const res = await client(server, { logger }).request({ operation: "status", method: "GET", path: "/status" })
    expect(res.attempts).toBe(3)
    expect(server.hits).toHaveLength(3)
    expect(new Set(server.hits.map((h) => h.headers["x-correlation-id"]))).toEqual(new Set([res.correlationId]))
    expect(logs.map((l) => l.level)).toEqual(["info", "info", "debug"])
  })

  it("retries a POST that carries an idempotency key, with the same key and correlation id", async () => {
    const server = await serve((_req, res, _hit, i) =>
      i === 0 ? sendJson(res, 503, {}) : sendJson(res, 201, { id: "auth_1" }),
    )
    const res = await client(server, { idempotencyHeader: "Idempotency-Key" }).request({
      operation: "authorise",
      method: "POST",
      path: "/authorisation",
      json: { amount: { value: 10, currencyCode: "GBP" } },
      idempotencyKey: "idem-123",
    })
    expect(res.status).toBe(201)
    expect(server.hits.map((h) => h.headers["idempotency-key"])).toEqual(["idem-123", "idem-123"])
    expect(server.hits[0].headers["x-correlation-id"]).toBe(server.hits[1].headers["x-correlation-id"])
    expect(server.hits[1].body.toString()).toBe('{"amount":{"value":10,"currencyCode":"GBP"}}')
  })

  it("gives up after `retries` extra attempts and says the failure is retryable", async () => {
    const server = await serve((_req, res) => sendJson(res, 502, { message: "upstream down" }))
    const err = await getRetriedOnce(server)
    expect(server.hits).toHaveLength(2)
    expect(err).toMatchObject({
      kind: "http",
      httpStatus: 502,
      retryable: true,
      attempts: 2,
      lenderMessage: "upstream down",
    })
  })

  it("never retries a non-idempotent POST on 503", async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 503, { error: { code: "Unavailable", message: "try later" } }),
    )
    const err = await rejection(
      client(server).request({ operation: "create-lease", method: "POST", path: "/v3/leases", json: {} }),
    )
    expect(server.hits).toHaveLength(1)
    expect(err).toMatchObject({ kind: "http", httpStatus: 503, retryable: false, attempts: 1 })
  })

  it("never retries a non-idempotent POST when the socket is reset", async () => {
    const server = await serve((req) => req.socket.destroy())
    const err = await rejection(
      client(server).request({ operation: "capture", method: "POST", path: "/capture", json: {} }),
    )
    expect(server.hits).toHaveLength(1)
    expect(err.kind).toBe("network")
    expect(err.retryable).toBe(false)
    expect(err.message).toMatch(/^FlexShopper capture failed: network error \(ECONNRESET\)$/)
  })

  it("retries a GET after the server destroys the socket", async () => {
    const server = await serve((req, res, _hit, i) =>
      i === 0 ? req.socket.destroy() : sendJson(res, 200, { ok: true }),
    )
    const res = await client(server).request({ operation: "status", method: "GET", path: "/s" })
    expect(res.attempts).toBe(2)
    expect(server.hits).toHaveLength(2)
  })

  it("waits for Retry-After on 429 before retrying", async () => {
    const server = await serve((_req, res, _hit, i) =>
      i === 0 ? sendJson(res, 429, {}, { "retry-after": "1" }) : sendJson(res, 200, {}),
    )
    const res = await client(server).request({ operation: "quote", method: "GET", path: "/q" })
    expect(res.attempts).toBe(2)
    const gap = server.hits[1].arrivedAt - server.hits[0].arrivedAt
    expect(gap).toBeGreaterThanOrEqual(995)
    expect(gap).toBeLessThan(2500)
  })

  it("does not sleep when Retry-After exceeds maxRetryAfterMs, and hands the delay to the caller", async () => {
    const server = await serve((_req, res) => sendJson(res, 429, {}, { "retry-after": "3600" }))
    const started = Date.now()
    const err = await rejection(client(server).request({ operation: "quote", method: "GET", path: "/q" }))
    expect(Date.now() - started).toBeLessThan(1000)
    expect(server.hits).toHaveLength(1)
    expect(err).toMatchObject({ httpStatus: 429, retryable: true })
    expect(err.details).toMatchObject({ retryAfterMs: 3_600_000 })
  })

  it("turns a refused connection into a retryable LenderError even for a POST (never sent)", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as net.AddressInfo
        probe.close(() => resolve(port))
      })
    })
    const err = await rejection(
      client({ url: `http://127.0.0.1:${port}` }).request({
        operation: "begin",
        method: "POST",
        path: "/begin",
        json: {},
      }),
    )
    expect(err).toBeInstanceOf(LenderError)
    expect(err).toMatchObject({ kind: "network", retryable: true, attempts: 1 })
    expect(err.message).toBe("FlexShopper begin failed: network error (ECONNREFUSED)")
  })
})

describe("createLenderHttp: timeouts and bad bodies", () => {
  it("times out a silent POST without retrying and marks it not retryable", async () => {
    const server = await serve(() => undefined)
    const started = Date.now()
    const err = await rejection(
      client(server, { timeoutMs: 300 }).request({ operation: "capture", method: "POST", path: "/capture", json: {} }),
    )
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    expect(Date.now() - started).toBeLessThan(1500)
    expect(server.hits).toHaveLength(1)
    expect(err).toMatchObject({ kind: "timeout", retryable: false })
    expect(err.message).toBe("FlexShopper capture failed: no complete response within 300 ms")
  })

  it("times out a response whose body drips slower than the deadline, and retries GETs", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" })
      res.write("[")
      const drip = setInterval(() => res.write("1,"), 50)
      res.on("close", () => clearInterval(drip))
    })
    const err = await getRetriedOnce(server, { timeoutMs: 300 })
    expect(server.hits).toHaveLength(2)
    expect(err).toMatchObject({ kind: "timeout", retryable: true, attempts: 2 })
  })

  it("rejects a 2xx body that claims JSON but does not parse, instead of returning a string", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json; charset=utf-8" })
      res.end('{"data": {"status": "approv')
    })
    const err = await rejection(client(server).request({ operation: "status", method: "GET", path: "/s" }))
    expect(server.hits).toHaveLength(1)
    expect(err).toMatchObject({ kind: "malformed", httpStatus: 200, retryable: false })
    expect(err.message).toBe("FlexShopper status failed: response body claims to be JSON but does not parse (HTTP 200)")
  })

  it("rejects an HTML page where JSON was expected, but returns it as text when asked", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" })
      res.end("<html>maintenance</html>")
    })
    const http = client(server)
    const err = await rejection(http.request({ operation: "status", method: "GET", path: "/s" }))
    expect(err.kind).toBe("malformed")
    expect(err.message).toContain("expected a JSON response, got text/html")
    const text = await http.request<string>({ operation: "page", method: "GET", path: "/s", responseType: "text" })
    expect(text.data).toBe("<html>maintenance</html>")
  })
})

describe("createLenderHttp: lender error envelopes", () => {
  const cases: Array<[string, number, unknown, Record<string, string>, string]> = [
    [
      "FlexShopper nested error",
      404,
      { error: { statusCode: 404, code: "LeaseNotFound", message: "Lease not found" } },
      { "x-request-id": "rq-1" },
      "FlexShopper get failed: Lease not found [LeaseNotFound] (HTTP 404)",
    ],
    [
      "RFC 7807 problem",
      409,
      {
        type: "newday:merchant-gateway:error:amountExceedsRemaining",
        title: "Conflict",
        status: 409,
        detail: "Amount exceeds remaining float",
        traceId: "tr-9",
      },
      {},
      "FlexShopper get failed: Amount exceeds remaining float [newday:merchant-gateway:error:amountExceedsRemaining] (HTTP 409)",
    ],
    [
      "Payment Assist status/msg",
      400,
      { status: "error", msg: "Application is not awaiting capture", data: [] },
      {},
      "FlexShopper get failed: Application is not awaiting capture (HTTP 400)",
    ],
    [
      "Vault error string",
      400,
      {
        error: "COMMON",
        errorId: 0,
        message: "Sorry for inconvenience",
        errorStackTrace: "at com.vault.Foo(Foo.java:1)",
      },
      {},
      "FlexShopper get failed: Sorry for inconvenience [COMMON] (HTTP 400)",
    ],
    ["empty problem body", 503, "", {}, "FlexShopper get failed: Service Unavailable (HTTP 503)"],
  ]

  it.each(cases)("%s", async (_name, status, body, headers, message) => {
    const server = await serve((_req, res) => {
      res.writeHead(status, { "content-type": "application/json", ...headers })
      res.end(typeof body === "string" ? body : JSON.stringify(body))
    })
    const err = await rejection(
      client(server, { retry: { retries: 0 } }).request({ operation: "get", method: "GET", path: "/x" }),
    )
    expect(err.message).toBe(message)
    expect(err.kind).toBe("http")
    expect(JSON.stringify(err)).not.toContain("Foo.java")
    if (headers["x-request-id"]) {
      expect(err.lenderRequestId).toBe(headers["x-request-id"])
    }
    if (typeof body === "object" && body && "traceId" in body) {
      expect(err.lenderRequestId).toBe("tr-9")
    }
  })

  it("uses the lender's parseError when given, including its decline flag", async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 422, { outcome: { reason: "DECLINED", text: "Credit declined", ref: "lr-5" } }),
    )
    const err = await rejection(
      client(server, {
        parseError: (status, body) => {
          const outcome = (body as { outcome: { reason: string; text: string; ref: string } }).outcome
          return {
            code: outcome.reason,
            message: `${outcome.text} (${status})`,
            requestId: outcome.ref,
            declined: true,
          }
        },
      }).request({ operation: "pre-approve", method: "POST", path: "/pre", json: {} }),
    )
    expect(err).toMatchObject({
      lenderCode: "DECLINED",
      lenderMessage: "Credit declined (422)",
      lenderRequestId: "lr-5",
      declined: true,
    })
  })
})

describe("createLenderHttp: redaction", () => {
  const apiKey = "fs_live_9f8e7d6c5b4a39281706"
  const customerToken = "ctok-51f0a7b2c9d84e6f"

  it("keeps credentials and PII out of logs and thrown errors", async () => {
    const server = await serve((req, res) => {
      if (req.url?.startsWith("/ok")) {
        return sendJson(res, 200, { data: { token: customerToken, note: `issued for ${apiKey}`, leaseNumber: "L-42" } })
      }
      sendJson(res, 401, {
        error: { code: "InvalidApiKey", message: `API key ${apiKey} is not valid for token ${customerToken}` },
      })
    })
    const { logs, logger } = captureLogger()
    const http = client(server, {
      logger,
      defaultHeaders: { Authorization: apiKey },
      redact: { fields: ["mobilePhone"] },
    })
    const request = {
      method: "POST" as const,
      headers: { "Customer-Token": customerToken },
      query: { api_key: "pa_key_abcdef", signature: "c0ffee00c0ffee00", orderRef: "ord_77" },
      json: {
        firstName: "Ada",
        ssn: "123-45-6789",
        dateOfBirth: "1990-01-31",
        mobilePhone: "5551234567",
        bank: { routing_number: "021000021", account_number: "000123456789" },
        password: "hunter22!",
      },
    }
    await http.request({ ...request, operation: "apply", path: "/ok" })
    const err = await rejection(http.request({ ...request, operation: "apply", path: "/fail" }))

    // The server did receive the real values: redaction is for logs only.
    expect(server.hits[0].headers.authorization).toBe(apiKey)
    expect(server.hits[0].headers["customer-token"]).toBe(customerToken)

    const printed = everythingPrinted(logs, err)
    for (const secret of [
      apiKey,
      customerToken,
      "pa_key_abcdef",
      "c0ffee00c0ffee00",
      "123-45-6789",
      "1990-01-31",
      "5551234567",
      "021000021",
      "000123456789",
      "hunter22!",
    ]) {
      expect(printed).not.toContain(secret)
    }
    // …while what an operator needs is still there.
    expect(printed).toContain("orderRef=ord_77")
    expect(printed).toContain("Ada")
    expect(printed).toContain("L-42")
    expect(err.message).toBe(
      "FlexShopper apply failed: API key [REDACTED] is not valid for token [REDACTED] [InvalidApiKey] (HTTP 401)",
    )
    expect(logs.map((l) => l.level)).toEqual(["debug", "warn"])
    expect(logs[1].msg).toContain("api_key=[REDACTED]")
  })

  it("scrubs configured secret values out of network error logs too", async () => {
    const server = await serve((req) => req.socket.destroy())
    const { logs, logger } = captureLogger()
    const err = await rejection(
      client(server, { logger, redact: { secretValues: ["S3CR3T-VALUE"] } }).request({
        operation: "refund",
        method: "POST",
        path: "/refund/S3CR3T-VALUE",
        json: { note: "S3CR3T-VALUE" },
      }),
    )
    expect(everythingPrinted(logs, err)).not.toContain("S3CR3T-VALUE")
    expect(logs[0].level).toBe("warn")
  })
})

// The wire behaviour the stack relies on from its node:http transport (http-transport.ts).
describe("lender HTTP transport", () => {
  it("joins the base URL's own path and the request path with one slash, keeping the query", () => {
    expect(joinUrl(new URL("https://api.example/v3/"), "/transactions/T-1?x=1&y=a%20b").href).toBe(
      "https://api.example/v3/transactions/T-1?x=1&y=a%20b",
    )
    expect(joinUrl(new URL("https://api.example"), "status").href).toBe("https://api.example/status")
  })

  it("sends a JSON body with its length, a user agent, and decodes gzip, deflate and brotli answers", async () => {
    const answer = JSON.stringify({ status: "approved", amount: 4495 })
    const encoders: Record<string, (b: Buffer) => Buffer> = {
      gzip: zlib.gzipSync,
      deflate: zlib.deflateSync,
      br: zlib.brotliCompressSync,
    }
    const server = await serve((req, res) => {
      const coding = String(req.url).slice(1)
      res.writeHead(200, { "content-type": "application/json", "content-encoding": coding })
      res.end(encoders[coding](Buffer.from(answer)))
    })
    const http = client(server)
    for (const coding of Object.keys(encoders)) {
      const res = await http.request({ operation: "status", method: "POST", path: `/${coding}`, json: { a: "é" } })
      expect(res.data).toEqual({ status: "approved", amount: 4495 })
    }
    const [first] = server.hits
    expect(first.body.toString("utf8")).toBe('{"a":"é"}')
    expect(first.headers["content-length"]).toBe(String(Buffer.byteLength('{"a":"é"}')))
    expect(first.headers["content-type"]).toBe("application/json")
    expect(first.headers["user-agent"]).toBe("medusa-plugin-financing")
    expect(first.headers["accept-encoding"]).toMatch(/gzip/)
  })

  it("sends a FormData as multipart with the boundary it was encoded with", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" })
      res.end("{}")
    })
    const form = new FormData()
    form.append("order_id", "order_1")
    form.append("invoice", new Blob([Buffer.from("%PDF-1.4")], { type: "application/pdf" }), "invoice.pdf")
    await client(server).request({ operation: "invoice", method: "POST", path: "/invoice", multipart: form })
    const [hit] = server.hits
    const boundary = /boundary=(.+)$/.exec(String(hit.headers["content-type"]))?.[1]
    expect(hit.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/)
    const body = hit.body.toString("latin1")
    expect(body).toContain(`--${boundary}\r\nContent-Disposition: form-data; name="order_id"\r\n\r\norder_1\r\n`)
    expect(body).toContain('filename="invoice.pdf"')
    expect(body).toContain("%PDF-1.4")
    expect(hit.headers["content-length"]).toBe(String(hit.body.length))
  })

  it("fails an answer cut off mid-body as a network error, retried for a GET and never taken as an answer", async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" })
      res.write('{"status": "appr')
      setTimeout(() => req.socket.destroy(), 10)
    })
    const err = await getRetriedOnce(server)
    expect(server.hits).toHaveLength(2)
    expect(err).toMatchObject({ kind: "network", retryable: true, attempts: 2 })
  })

  it("refuses an answer that decompresses to more than 25 MB instead of holding it in memory", async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(26 * 1024 * 1024, 0x20))
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" })
      res.end(bomb)
    })
    const err = await rejection(client(server).request({ operation: "status", method: "GET", path: "/s" }))
    expect(err).toMatchObject({ kind: "network", retryable: false })
    expect(err.message).toContain("ERR_RESPONSE_TOO_LARGE")
  })
})
