import zlib from "node:zlib"
import { createLenderHttp } from "../http"
import type { LenderHttp, LenderHttpOptions } from "../http-types"
import { joinUrl } from "../http-transport"
import { startServer, type LocalServer } from "./helpers/local-server"
import { lenderRejection as rejection } from "../../__tests__/helpers/rejections"

// The wire behaviour the stack relies on from its node:http transport (http-transport.ts).

const servers: LocalServer[] = []
const clients: LenderHttp[] = []

async function serve(...args: Parameters<typeof startServer>): Promise<LocalServer> {
  const server = await startServer(...args)
  servers.push(server)
  return server
}

function client(baseURL: string, overrides: Partial<LenderHttpOptions> = {}): LenderHttp {
  const http = createLenderHttp({
    lender: "newday",
    lenderName: "NewDay",
    baseURL,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...overrides,
  })
  clients.push(http)
  return http
}

afterEach(async () => {
  clients.splice(0).forEach((c) => c.close())
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

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
    const http = client(server.url)
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
    await client(server.url).request({ operation: "invoice", method: "POST", path: "/invoice", multipart: form })
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
    const err = await rejection(
      client(server.url, { retry: { retries: 1, baseDelayMs: 1 } }).request({
        operation: "status",
        method: "GET",
        path: "/s",
      }),
    )
    expect(server.hits).toHaveLength(2)
    expect(err).toMatchObject({ kind: "network", retryable: true, attempts: 2 })
  })

  it("refuses an answer that decompresses to more than 25 MB instead of holding it in memory", async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(26 * 1024 * 1024, 0x20))
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" })
      res.end(bomb)
    })
    const err = await rejection(client(server.url).request({ operation: "status", method: "GET", path: "/s" }))
    expect(err).toMatchObject({ kind: "network", retryable: false })
    expect(err.message).toContain("ERR_RESPONSE_TOO_LARGE")
  })
})
