// The request-scoped lender read memo: one answer per key inside a scope, nothing outside one,
// failures and writes never reused; and the three clients' status reads keyed by merchant.
import { createLenderHttp } from "../http"
import type { LenderHttp } from "../http-types"
import { FlexShopperClient } from "../flexshopper/client"
import { PaymentAssistClient } from "../payment-assist/client"
import { invalidateLenderReads, memoizedRead, withLenderReadScope } from "../read-scope"
import { VaultClient } from "../vault/client"
import { sendJson, startServer, type LocalServer } from "./helpers/local-server"

const counter = () => {
  let calls = 0
  const read = jest.fn(async () => ({ n: ++calls, nested: { seen: false } }))
  return read
}

describe("memoizedRead", () => {
  it("outside any scope just reads, every time", async () => {
    const read = counter()
    expect(await memoizedRead("k", read)).toMatchObject({ n: 1 })
    expect(await memoizedRead("k", read)).toMatchObject({ n: 2 })
    expect(read).toHaveBeenCalledTimes(2)
  })

  it("inside a scope reads a key once (in flight or finished), keys apart", async () => {
    const read = counter()
    await withLenderReadScope(async () => {
      const [a, b] = await Promise.all([memoizedRead("k", read), memoizedRead("k", read)])
      expect([a.n, b.n]).toEqual([1, 1])
      expect((await memoizedRead("k", read)).n).toBe(1)
      expect((await memoizedRead("other", read)).n).toBe(2)
    })
    expect(read).toHaveBeenCalledTimes(2)
  })

  it("gives every caller its own copy", async () => {
    const read = counter()
    await withLenderReadScope(async () => {
      const first = await memoizedRead("k", read)
      first.nested.seen = true
      expect((await memoizedRead("k", read)).nested.seen).toBe(false)
    })
  })

  it("keeps scopes apart, nested ones included", async () => {
    const read = counter()
    const inScope = () => withLenderReadScope(async () => (await memoizedRead("k", read)).n)
    const [a, b] = await Promise.all([inScope(), inScope()])
    expect(new Set([a, b]).size).toBe(2)
    await withLenderReadScope(async () => {
      const outer = (await memoizedRead("k", read)).n
      expect(await inScope()).not.toBe(outer)
      expect((await memoizedRead("k", read)).n).toBe(outer)
    })
  })

  it("does not keep a failed read: the next caller asks again", async () => {
    const read = jest.fn().mockRejectedValueOnce(new Error("lender down")).mockResolvedValueOnce({ ok: true })
    await withLenderReadScope(async () => {
      await expect(memoizedRead("k", read)).rejects.toThrow("lender down")
      await expect(memoizedRead("k", read)).resolves.toEqual({ ok: true })
      await expect(memoizedRead("k", read)).resolves.toEqual({ ok: true })
    })
    expect(read).toHaveBeenCalledTimes(2)
  })

  it("forgets everything on invalidateLenderReads (and on fresh, for that key)", async () => {
    const read = counter()
    await withLenderReadScope(async () => {
      await memoizedRead("k", read)
      invalidateLenderReads()
      expect((await memoizedRead("k", read)).n).toBe(2)
      expect((await memoizedRead("k", read, { fresh: true })).n).toBe(3)
      expect((await memoizedRead("k", read)).n).toBe(3)
    })
    invalidateLenderReads() // outside a scope: nothing to do, no error
  })

  it("dies with the scope: work the request left running reads the lender itself", async () => {
    const read = counter()
    let background: Promise<number> | undefined
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    await withLenderReadScope(async () => {
      await memoizedRead("k", read)
      // e.g. an event subscriber started by the request: it inherits the async context.
      background = gate.then(async () => (await memoizedRead("k", read)).n)
    })
    release()
    expect(await background).toBe(2)
  })
})

describe("the HTTP layer drops the memo on writes", () => {
  let server: LocalServer
  let http: LenderHttp
  let version = 0

  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.method === "GET") return sendJson(res, 200, { version })
      if (req.url === "/fail") return sendJson(res, 400, { error: "no" })
      if (req.url !== "/peek") version++
      sendJson(res, 200, { version })
    })
    http = createLenderHttp({
      lender: "flexshopper",
      lenderName: "FlexShopper",
      baseURL: server.url,
      retry: { retries: 0 },
    })
  })
  afterAll(async () => {
    http.close()
    await server.close()
  })

  const read = () =>
    memoizedRead(
      "state",
      async () =>
        (await http.request<{ version: number }>({ operation: "read", method: "GET", path: "/state" })).data.version,
    )
  const gets = () => server.hits.filter((h) => h.method === "GET").length

  it("a read after a write (succeeded or failed) goes to the lender; a readOnly POST keeps the memo", async () => {
    await withLenderReadScope(async () => {
      const before = gets()
      const first = await read()
      expect(await read()).toBe(first)
      expect(gets() - before).toBe(1)

      await http.request({ operation: "write", method: "POST", path: "/write" })
      expect(await read()).toBe(first + 1)
      expect(gets() - before).toBe(2)

      await expect(http.request({ operation: "write", method: "PUT", path: "/fail" })).rejects.toThrow()
      await read()
      expect(gets() - before).toBe(3)

      await http.request({ operation: "peek", method: "POST", path: "/peek", readOnly: true })
      await read()
      expect(gets() - before).toBe(3)
    })
  })

  it("a read in flight while a write is sent is not reused afterwards", async () => {
    await withLenderReadScope(async () => {
      const before = gets()
      const inFlight = read()
      await http.request({ operation: "write", method: "POST", path: "/write" })
      await inFlight
      await read()
      expect(gets() - before).toBe(2)
    })
  })

  it("a read started while a write is in flight is not reused after the write", async () => {
    await withLenderReadScope(async () => {
      const before = gets()
      const write = http.request({ operation: "write", method: "POST", path: "/write" })
      const during = read()
      await Promise.all([write, during])
      await read()
      expect(gets() - before).toBe(2)
    })
  })
})

describe("lender clients memoize their status reads per merchant and reference", () => {
  let server: LocalServer
  const hits = (pattern: RegExp) => server.hits.filter((h) => pattern.test(`${h.method} ${h.url}`)).length

  beforeAll(async () => {
    server = await startServer((req, res) => {
      const url = req.url ?? ""
      if (url.startsWith("/status"))
        return sendJson(res, 200, {
          status: "ok",
          msg: null,
          data: { token: "t", status: "pending_capture", amount: 100 },
        })
      if (url.startsWith("/v3/transactions/") && req.method === "GET")
        return sendJson(res, 200, { data: { transactionId: url.split("/")[3], lease: { status: "signed" } } })
      if (url.endsWith("/finalize")) return sendJson(res, 200, { data: { leaseNumber: "L1", loanNumber: "N1" } })
      if (url === "/oauth/token") return sendJson(res, 200, { access_token: "tok", expires_in: 3600 })
      if (url === "/invoice/payment")
        return sendJson(res, 200, {
          paymentId: "p1",
          invoiceId: "i1",
          status: "SUCCESS",
          amount: "10.00",
          currency: "GBP",
        })
      sendJson(res, 404, {})
    })
  })
  afterAll(() => server.close())

  it("Payment Assist: one /status per token and account; another API key reads for itself; fresh always asks", async () => {
    const pa = (apiKey: string) =>
      new PaymentAssistClient({ apiKey, secret: "demo_secret", baseUrl: server.url, retry: { retries: 0 } })
    const [a, b] = [pa("key-a"), pa("key-b")]
    const before = hits(/^GET \/status/)
    await withLenderReadScope(async () => {
      await a.status("t")
      await pa("key-a").status("t") // another client object, same account: shares
      await b.status("t")
      await a.status("other")
      await a.status("t", { fresh: true })
    })
    expect(hits(/^GET \/status/) - before).toBe(4)
    ;[a, b].forEach((c) => c.close())
  })

  it("FlexShopper: one transaction read per id and API key; finalize makes the next read ask again", async () => {
    const fs = (apiKey: string) => new FlexShopperClient({ apiKey, baseUrl: server.url, retry: { retries: 0 } })
    const [a, b] = [fs("fs-key-a"), fs("fs-key-b")]
    const before = hits(/^GET \/v3\/transactions\//)
    await withLenderReadScope(async () => {
      await a.getTransaction("tx1")
      await a.getTransaction("tx1")
      await b.getTransaction("tx1")
      await a.finalizeTransaction("tx1")
      await a.getTransaction("tx1")
    })
    expect(hits(/^GET \/v3\/transactions\//) - before).toBe(3)
    ;[a, b].forEach((c) => c.close())
  })

  it("Vault: the merchant reads a payment once (its POST read and the token grant are no writes); merchants apart", async () => {
    const vault = (merchantId: string) =>
      new VaultClient({ authBaseUrl: server.url, merchantId, clientId: "c", clientSecret: "s", retry: { retries: 0 } })
    const [a, b] = [vault("m-a"), vault("m-b")]
    const ids = { paymentId: "p1", invoiceId: "i1", type: "CHECKOUT" as const }
    const before = hits(/^POST \/invoice\/payment/)
    await withLenderReadScope(async () => {
      await a.getPayment(ids)
      await a.getPayment(ids)
      await b.getPayment(ids)
      await a.createOrGetPayment({ invoiceId: "i1", type: "CHECKOUT" }) // a create: a write
      await a.getPayment(ids)
    })
    expect(hits(/^POST \/invoice\/payment/) - before).toBe(4)
    ;[a, b].forEach((c) => c.close())
  })
})
