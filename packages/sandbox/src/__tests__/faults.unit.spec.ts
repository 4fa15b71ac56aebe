import type { AxiosInstance } from "axios"
import type { SandboxHandle } from "../server"
import { networkError, probeSimulator, startTestSandbox } from "./helpers"

let sandbox: SandboxHandle
let http: AxiosInstance
beforeAll(async () => {
  ;({ sandbox, http } = await startTestSandbox({
    simulators: [
      probeSimulator("payment-assist"),
      probeSimulator("vault", { formatError: (status, msg) => ({ status: "error", msg, data: [] }) }),
    ],
  }))
})
afterEach(() => sandbox.reset())
afterAll(() => sandbox.close())

const capture = (amount = 100) => http.post("/payment-assist/capture", { amount })

describe("status faults", () => {
  it("fail the next N responses, then responses are normal again", async () => {
    sandbox.faults.failNext("payment-assist", 503, { count: 2 })
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await http.get("/payment-assist/ping")).status)
    expect(statuses).toEqual([503, 503, 200])
  })

  it("deliver the configured headers (Retry-After) and body", async () => {
    sandbox.faults.failNext("payment-assist", 429, { headers: { "Retry-After": "7" }, body: { error: "slow down" } })
    const res = await http.get("/payment-assist/ping")
    expect(res.status).toBe(429)
    expect(res.headers["retry-after"]).toBe("7")
    expect(res.data).toEqual({ error: "slow down" })
  })

  it("default to the lender's own error envelope", async () => {
    sandbox.faults.failNext("vault", 500)
    const res = await http.get("/vault/ping")
    expect(res.status).toBe(500)
    expect(res.data).toEqual({ status: "error", msg: "Sandbox fault: injected HTTP 500", data: [] })
  })

  it("in the before phase never reach the handler; in the after phase the handler's change sticks", async () => {
    sandbox.faults.failNext("payment-assist", 502)
    expect((await capture()).status).toBe(502)
    expect(sandbox.ledger("payment-assist").list()).toHaveLength(0)

    sandbox.faults.failNext("payment-assist", 502, { phase: "after" })
    const res = await capture()
    expect(res.status).toBe(502)
    expect(res.data.status).toBeUndefined()
    expect(sandbox.ledger("payment-assist").list()).toHaveLength(1)
  })
})

describe("match filters", () => {
  it("only hit the matched method and path; other requests pass and do not use the fault up", async () => {
    sandbox.faults.failNext("payment-assist", 503, { count: 2, match: { method: "POST", path: "/capture" } })
    expect((await http.get("/payment-assist/ping")).status).toBe(200)
    expect((await http.post("/payment-assist/echo/json", {})).status).toBe(200)
    expect((await capture()).status).toBe(503)
    expect((await http.get("/payment-assist/status")).status).toBe(200)
    expect((await capture()).status).toBe(503)
    expect((await capture()).status).toBe(200)
  })

  it("accept a regular expression written as /…/", async () => {
    sandbox.faults.failNext("payment-assist", 500, { count: 5, match: { path: "/^\\/echo\\/(json|form)$/" } })
    expect((await http.get("/payment-assist/ping")).status).toBe(200)
    expect((await http.post("/payment-assist/echo/json", {})).status).toBe(500)
    expect((await http.post("/payment-assist/echo/any", {})).status).toBe(200)
  })

  it("apply per lender", async () => {
    sandbox.faults.failNext("vault", 503)
    expect((await http.get("/payment-assist/ping")).status).toBe(200)
    expect((await http.get("/vault/ping")).status).toBe(503)
  })

  it("take queued faults first-in first-out", async () => {
    sandbox.faults.failNext("payment-assist", 500)
    sandbox.faults.failNext("payment-assist", 502)
    expect((await http.get("/payment-assist/ping")).status).toBe(500)
    expect((await http.get("/payment-assist/ping")).status).toBe(502)
  })

  it("do not touch the admin API", async () => {
    sandbox.faults.failNext("payment-assist", 500, { count: 3 })
    sandbox.faults.setLatency("payment-assist", 1000)
    const started = Date.now()
    expect((await http.get("/__sandbox")).status).toBe(200)
    expect(Date.now() - started).toBeLessThan(500)
  })
})

describe("latency", () => {
  it("delays every response by at least the configured ms until cleared", async () => {
    sandbox.faults.setLatency("payment-assist", 150)
    for (let i = 0; i < 2; i++) {
      const started = Date.now()
      expect((await http.get("/payment-assist/ping")).status).toBe(200)
      expect(Date.now() - started).toBeGreaterThanOrEqual(145)
    }
    sandbox.faults.setLatency("payment-assist", 0)
    const started = Date.now()
    await http.get("/payment-assist/ping")
    expect(Date.now() - started).toBeLessThan(145)
  })

  it("a one-shot delay then answers normally", async () => {
    sandbox.faults.delayNext("payment-assist", 120)
    const started = Date.now()
    expect((await http.get("/payment-assist/ping")).data).toEqual({ ok: true })
    expect(Date.now() - started).toBeGreaterThanOrEqual(115)
  })
})

describe("connection faults", () => {
  it("reset destroys the socket: the client sees ECONNRESET, and the next request works", async () => {
    sandbox.faults.resetNext("payment-assist")
    const err = await networkError(http.get("/payment-assist/ping"))
    expect(err.code).toBe("ECONNRESET")
    expect((await http.get("/payment-assist/ping")).status).toBe(200)
  })

  it("reset after the handler ran keeps its effect (lost response)", async () => {
    sandbox.faults.resetNext("payment-assist", { phase: "after", match: { path: "/capture" } })
    await networkError(capture())
    expect(sandbox.ledger("payment-assist").list({ type: "capture" })).toHaveLength(1)
  })

  it("no-response holds the request until the client times out", async () => {
    sandbox.faults.hangNext("payment-assist")
    const started = Date.now()
    const err = await networkError(http.get("/payment-assist/ping", { timeout: 200 }))
    expect(err.code).toBe("ECONNABORTED")
    expect(err.message).toMatch(/timeout/)
    expect(Date.now() - started).toBeGreaterThanOrEqual(195)
    expect((await http.get("/payment-assist/ping")).status).toBe(200)
  })
})

describe("malformed body", () => {
  it("answers 200 application/json with truncated JSON (the handler's own, cut in half)", async () => {
    sandbox.faults.malformNext("payment-assist")
    const res = await http.post(
      "/payment-assist/capture",
      { amount: 5 },
      { responseType: "text", transformResponse: (d) => d },
    )
    expect(res.status).toBe(200)
    expect(res.headers["content-type"]).toMatch(/^application\/json/)
    expect(res.data.startsWith('{"status":"ok"')).toBe(true)
    expect(() => JSON.parse(res.data)).toThrow()
    expect(sandbox.ledger("payment-assist").list()).toHaveLength(1)
  })

  it("makes a strict JSON client fail to parse, even before the handler ran", async () => {
    sandbox.faults.malformNext("payment-assist", { phase: "before" })
    const err = await networkError(
      http.get("/payment-assist/ping", { responseType: "json", transitional: { silentJSONParsing: false } }),
    )
    expect(err.code).toBe("ERR_BAD_RESPONSE")
    expect(err.message).toMatch(/JSON/)
  })
})

describe("bookkeeping", () => {
  it("lists active faults and counts every fault applied", async () => {
    sandbox.faults.resetStats()
    sandbox.faults.failNext("payment-assist", 503, { count: 2 })
    sandbox.faults.setLatency("payment-assist", 1)
    expect(sandbox.faults.list("payment-assist")).toMatchObject({
      latency: { ms: 1 },
      queue: [{ kind: "status", remaining: 2 }],
    })
    await http.get("/payment-assist/ping")
    await http.get("/payment-assist/ping")
    await http.get("/payment-assist/ping")
    expect(sandbox.faults.list("payment-assist").queue).toEqual([])
    expect(sandbox.faults.stats()["payment-assist"]).toEqual({ requests: 3, applied: { latency: 3, status: 2 } })
    expect(sandbox.faults.history("payment-assist").filter((h) => h.kind === "status")).toEqual([
      expect.objectContaining({ method: "GET", path: "/ping", status: 503 }),
      expect.objectContaining({ method: "GET", path: "/ping", status: 503 }),
    ])
    expect(sandbox.faults.stats().vault).toEqual({ requests: 0, applied: {} })
  })

  it("validates programmatic faults too, naming the field", () => {
    expect(() => sandbox.faults.failNext("payment-assist", 42)).toThrow(/^status: must be an integer from 200 to 599/)
    expect(() => sandbox.faults.add("payment-assist", { kind: "reset", match: { path: "/(/" } })).toThrow(
      /^match.path: invalid regular expression/,
    )
    expect(() => sandbox.faults.add("newday" as "vault", { kind: "reset" })).toThrow(/Unknown lender "newday"/)
  })

  it("clear() removes faults for one lender", async () => {
    sandbox.faults.failNext("payment-assist", 500, { count: 10 })
    sandbox.faults.failNext("vault", 500)
    expect(sandbox.faults.clear("payment-assist")).toBe(1)
    expect((await http.get("/payment-assist/ping")).status).toBe(200)
    expect((await http.get("/vault/ping")).status).toBe(500)
  })
})
