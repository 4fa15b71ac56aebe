import type { AxiosInstance } from "axios"
import type { SandboxHandle } from "../server"
import { networkError, probeSimulator, startTestSandbox } from "./helpers"

let sandbox: SandboxHandle
let http: AxiosInstance
let probe: ReturnType<typeof probeSimulator>
beforeAll(async () => {
  probe = probeSimulator("payment-assist")
  ;({ sandbox, http } = await startTestSandbox({ simulators: [probe, probeSimulator("flexshopper")] }))
})
afterEach(() => sandbox.reset())
afterAll(() => sandbox.close())

describe("GET /__sandbox", () => {
  it("shows lenders, URLs, active faults, stats, state counts and describe()", async () => {
    await http.post("/__sandbox/faults/payment-assist", { kind: "status", status: 503, count: 2 })
    const res = await http.get("/__sandbox")
    expect(res.status).toBe(200)
    expect(res.data.lenders[0]).toMatchObject({
      slug: "payment-assist",
      url: `${sandbox.url}/payment-assist`,
      faults: { latency: null, queue: [{ kind: "status", status: 503, remaining: 2 }] },
      describe: { testIdentity: "Jane Approve" },
    })
    expect(res.data.lenders[1].slug).toBe("flexshopper")
  })
})

describe("POST /__sandbox/faults/:slug", () => {
  it("adds faults that the next lender requests observe", async () => {
    const added = await http.post("/__sandbox/faults/payment-assist", {
      kind: "status",
      status: 503,
      headers: { "Retry-After": "2" },
      match: { method: "post", path: "/capture" },
    })
    expect(added.status).toBe(201)
    expect(added.data.added[0]).toMatchObject({ id: expect.any(String), kind: "status", match: { method: "POST" } })
    expect((await http.get("/payment-assist/ping")).status).toBe(200)
    const res = await http.post("/payment-assist/capture", { amount: 1 })
    expect(res.status).toBe(503)
    expect(res.headers["retry-after"]).toBe("2")
  })

  it("accepts an array, including latency and reset", async () => {
    const res = await http.post("/__sandbox/faults/payment-assist", [{ kind: "latency", ms: 5 }, { kind: "reset" }])
    expect(res.status).toBe(201)
    expect(res.data).toMatchObject({ latency: { ms: 5 }, queue: [{ kind: "reset" }] })
    expect((await networkError(http.get("/payment-assist/ping"))).code).toBe("ECONNRESET")
  })

  it.each([
    [{}, "kind"],
    [{ kind: "explode" }, "kind"],
    [{ kind: "status" }, "status"],
    [{ kind: "status", status: 700 }, "status"],
    [{ kind: "status", status: 500, count: 0 }, "count"],
    [{ kind: "status", status: 500, stauts: 1 }, "stauts"],
    [{ kind: "status", status: 500, headers: { "Bad Header": "x" } }, "headers.Bad Header"],
    [{ kind: "reset", match: { path: "/(/" } }, "match.path"],
    [{ kind: "reset", match: { method: 5 } }, "match.method"],
    [{ kind: "reset", match: { host: "x" } }, "match.host"],
    [{ kind: "reset", phase: "during" }, "phase"],
    [{ kind: "latency", ms: -1 }, "ms"],
    [{ kind: "latency", ms: 5, count: 2 }, "count"],
    [[{ kind: "reset" }, { kind: "delay" }], "[1].ms"],
    ["just text", "body"],
  ])("rejects %j with a 400 naming %s", async (body, field) => {
    const res = await http.post("/__sandbox/faults/payment-assist", JSON.stringify(body), {
      headers: { "content-type": "application/json" },
    })
    expect(res.status).toBe(400)
    expect(res.data.error).toMatchObject({ code: "invalid_request", field })
    expect(res.data.error.message).toContain(field)
    expect(sandbox.faults.list("payment-assist").queue).toHaveLength(0)
  })

  it("rejects invalid JSON and unknown lenders", async () => {
    const bad = await http.post("/__sandbox/faults/payment-assist", "{oops", {
      headers: { "content-type": "application/json" },
      transformRequest: (data) => data,
    })
    expect(bad.status).toBe(400)
    expect(bad.data.error).toMatchObject({ code: "invalid_json", field: "body" })
    const unknown = await http.post("/__sandbox/faults/klarna", { kind: "reset" })
    expect(unknown.status).toBe(404)
    expect(unknown.data.error.message).toMatch(/Unknown lender "klarna"/)
  })
})

describe("DELETE /__sandbox/faults/:slug", () => {
  it("clears that lender's faults only", async () => {
    sandbox.faults.failNext("payment-assist", 500, { count: 3 })
    sandbox.faults.failNext("flexshopper", 500)
    const res = await http.delete("/__sandbox/faults/payment-assist")
    expect(res.data).toEqual({ lender: "payment-assist", removed: 1 })
    expect((await http.get("/payment-assist/ping")).status).toBe(200)
    expect((await http.get("/flexshopper/ping")).status).toBe(500)
  })
})

describe("POST /__sandbox/reset", () => {
  it("clears state, ledger, webhook log, faults and clock, then calls the simulator's reset()", async () => {
    await http.post("/payment-assist/capture", { amount: 10 })
    sandbox.faults.failNext("payment-assist", 500, { match: { path: "/never" } })
    sandbox.clock.advance(60_000)
    await sandbox.webhooks.deliver({
      lender: "payment-assist",
      url: `${sandbox.url}/payment-assist/ping`,
      body: {},
      maxAttempts: 1,
    })
    expect((await http.get("/payment-assist/status")).data.captures).toBe(1)
    const resetsBefore = probe.resets

    const res = await http.post("/__sandbox/reset")
    expect(res.status).toBe(200)
    expect((await http.get("/payment-assist/status")).data.captures).toBe(0)
    expect((await http.get("/__sandbox/ledger/payment-assist")).data.entries).toEqual([])
    expect((await http.get("/__sandbox/webhooks/payment-assist")).data.deliveries).toEqual([])
    expect(sandbox.faults.list("payment-assist").queue).toEqual([])
    expect(Math.abs(sandbox.clock.offsetMs())).toBe(0)
    expect(probe.resets).toBe(resetsBefore + 1)
    // Stats survive a reset (whole-run reliability reports) unless asked.
    expect(sandbox.faults.stats()["payment-assist"].requests).toBeGreaterThan(0)
    await http.post("/__sandbox/reset", { stats: true })
    expect(sandbox.faults.stats()["payment-assist"]).toEqual({ requests: 0, applied: {} })
  })

  it("validates its optional body", async () => {
    const res = await http.post("/__sandbox/reset", { stats: "yes" })
    expect(res.status).toBe(400)
    expect(res.data.error.field).toBe("stats")
  })
})

describe("GET /__sandbox/ledger/:slug", () => {
  it("returns the lender's ledger entries", async () => {
    const capture = await http.post("/payment-assist/capture", { amount: 1250 })
    const res = await http.get("/__sandbox/ledger/payment-assist")
    expect(res.data).toEqual({
      lender: "payment-assist",
      entries: [
        expect.objectContaining({
          seq: 1,
          type: "capture",
          ref: capture.data.data.id,
          amount: 1250,
          currency: "GBP",
          lender: "payment-assist",
        }),
      ],
    })
    expect((await http.get("/__sandbox/ledger/flexshopper")).data.entries).toEqual([])
    expect((await http.get("/__sandbox/ledger/nope")).status).toBe(404)
  })
})

describe("POST /__sandbox/clock", () => {
  it("advances and sets sandbox time, which simulators see", async () => {
    const before = new Date((await http.get("/payment-assist/now")).data.now).getTime()
    const advanced = await http.post("/__sandbox/clock", { advanceMs: 3_600_000 })
    expect(advanced.status).toBe(200)
    const after = new Date((await http.get("/payment-assist/now")).data.now).getTime()
    expect(after - before).toBeGreaterThanOrEqual(3_600_000)
    expect(after - before).toBeLessThan(3_600_000 + 2_000)

    await http.post("/__sandbox/clock", { set: "2030-01-01T00:00:00Z" })
    expect((await http.get("/payment-assist/now")).data.now).toMatch(/^2030-01-01T00:00:0/)
    await http.post("/__sandbox/clock", { reset: true })
    expect(Math.abs(new Date((await http.get("/__sandbox/clock")).data.now).getTime() - Date.now())).toBeLessThan(2_000)
  })

  it.each([
    [{}, "body"],
    [{ advanceMs: -5 }, "advanceMs"],
    [{ advanceMs: "soon" }, "advanceMs"],
    [{ set: "not a date" }, "set"],
    [{ advanceMs: 1, set: "2030-01-01" }, "body"],
    [{ rewind: 1 }, "rewind"],
  ])("rejects %j naming %s", async (body, field) => {
    const res = await http.post("/__sandbox/clock", body)
    expect(res.status).toBe(400)
    expect(res.data.error.field).toBe(field)
  })
})

it("answers unknown admin routes with 404 JSON", async () => {
  const res = await http.get("/__sandbox/nope")
  expect(res.status).toBe(404)
  expect(res.data.error.code).toBe("not_found")
})
