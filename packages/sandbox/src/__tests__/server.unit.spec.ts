import axios from "axios"
import express from "express"
import { listRoutes } from "../lender-index"
import { startSandbox, type SandboxHandle } from "../server"
import { networkError, probeSimulator, startTestSandbox } from "./helpers"

const SLUGS = ["payment-assist", "flexshopper", "newday", "vault"] as const

describe("sandbox server with the built-in simulators", () => {
  let sandbox: SandboxHandle
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true })
  })
  afterAll(() => sandbox.close())

  it.each(SLUGS)("serves GET /%s/ with the lender index", async (slug) => {
    const res = await axios.get(`${sandbox.lenderUrl(slug)}/`, { proxy: false })
    expect(res.status).toBe(200)
    expect(res.data).toMatchObject({
      slug,
      baseUrl: `${sandbox.url}/${slug}`,
      routes: expect.arrayContaining([{ method: "GET", path: "/" }]),
    })
    expect(typeof res.data.lender).toBe("string")
  })

  it("answers unknown paths under a prefix, and outside any prefix, with 404 JSON", async () => {
    // Under a lender prefix the body is in that lender's own error format (each simulator's
    // formatError); outside every prefix it is the sandbox's generic one.
    for (const path of ["/vault/nope", "/payment-assist/nope", "/flexshopper/nope", "/newday/nope", "/nowhere"]) {
      const res = await axios.get(`${sandbox.url}${path}`, { proxy: false, validateStatus: () => true })
      expect(res.status).toBe(404)
      expect(res.headers["content-type"]).toMatch(/json/)
    }
    const outside = await axios.get(`${sandbox.url}/nowhere`, { proxy: false, validateStatus: () => true })
    expect(outside.data.error).toMatchObject({ status: 404, code: "not_found" })
  })

  it("lender indexes list the routes a simulator registered", () => {
    const router = express.Router()
    router.get("/", () => undefined)
    router.post("/begin", () => undefined)
    router
      .route("/status")
      .get(() => undefined)
      .post(() => undefined)
    expect(listRoutes(router)).toEqual([
      { method: "GET", path: "/" },
      { method: "POST", path: "/begin" },
      { method: "GET", path: "/status" },
      { method: "POST", path: "/status" },
    ])
  })

  it("lists every lender on the status page", async () => {
    const res = await axios.get(`${sandbox.url}/__sandbox`, { proxy: false })
    expect(res.data.lenders.map((l: { slug: string }) => l.slug)).toEqual([...SLUGS])
    expect(res.data.adminUrl).toBe(`${sandbox.url}/__sandbox`)
  })
})

describe("sandbox server plumbing", () => {
  let sandbox: SandboxHandle
  let http: Awaited<ReturnType<typeof startTestSandbox>>["http"]
  beforeAll(async () => {
    ;({ sandbox, http } = await startTestSandbox({
      env: { PAYMENT_ASSIST_API_KEY: "pa_key_from_env" },
      simulators: [
        probeSimulator("payment-assist"),
        probeSimulator("vault", { formatError: (status, msg) => ({ status: "error", msg, code: status }) }),
      ],
    }))
  })
  afterAll(() => sandbox.close())

  it("gives simulators their public base URL and the env", async () => {
    expect((await http.get("/payment-assist/")).data.baseUrl).toBe(`${sandbox.url}/payment-assist`)
    expect((await http.get("/payment-assist/env")).data).toEqual({ apiKey: "pa_key_from_env" })
    expect(sandbox.lenderUrl("vault")).toBe(`${sandbox.url}/vault`)
    expect(() => sandbox.lenderUrl("newday")).toThrow(/Unknown lender "newday"/)
  })

  it("uses the simulator's own error envelope for unknown routes", async () => {
    const res = await http.get("/vault/nope")
    expect(res.status).toBe(404)
    expect(res.data).toEqual({ status: "error", msg: "No Probe vault sandbox route for GET /vault/nope", code: 404 })
  })

  it("turns a crashing handler into a 500 JSON", async () => {
    const res = await http.get("/payment-assist/boom")
    expect(res.status).toBe(500)
    expect(res.data.error.message).toContain("kaboom")
  })

  it("parses JSON and keeps the raw bytes", async () => {
    const raw = '{"amount": 1250,  "b":[1]}'
    const res = await http.post("/payment-assist/echo/json", raw, { headers: { "content-type": "application/json" } })
    expect(res.data).toEqual({ body: { amount: 1250, b: [1] }, raw })
  })

  it("rejects malformed JSON bodies with 400", async () => {
    const res = await http.post("/payment-assist/echo/json", "{nope", {
      headers: { "content-type": "application/json" },
    })
    expect(res.status).toBe(400)
    expect(res.data.error.code).toBe("entity.parse.failed")
  })

  it("parses urlencoded flat (bracketed keys stay as signed) and keeps the raw bytes", async () => {
    const raw = "api_key=k&f_name=J%C3%BCrgen&items%5B0%5D=x"
    const res = await http.post("/payment-assist/echo/form", raw, {
      headers: { "content-type": "application/x-www-form-urlencoded" },
    })
    expect(res.data).toEqual({ body: { api_key: "k", f_name: "Jürgen", "items[0]": "x" }, raw })
  })

  it("parses multipart (fields and in-memory files) and keeps the raw bytes", async () => {
    const form = new FormData()
    form.append("token", "tok-1")
    form.append("file", new Blob(["%PDF invoice"], { type: "application/pdf" }), "invoice.pdf")
    const res = await fetch(`${sandbox.url}/payment-assist/echo/multipart`, { method: "POST", body: form })
    const data = await res.json()
    expect(data.body).toEqual({ token: "tok-1" })
    expect(data.files).toEqual([{ field: "file", name: "invoice.pdf", text: "%PDF invoice" }])
    expect(data.raw).toContain('name="token"')
    expect(data.raw).toContain("%PDF invoice")
  })

  it("any() picks the parser from the Content-Type", async () => {
    const json = await http.post("/payment-assist/echo/any", { a: 1 })
    expect(json.data.body).toEqual({ a: 1 })
    const form = await http.post("/payment-assist/echo/any", "a=1", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
    })
    expect(form.data).toEqual({ body: { a: "1" }, raw: "a=1" })
    const multipart = new FormData()
    multipart.append("a", "1")
    const res = await fetch(`${sandbox.url}/payment-assist/echo/any`, { method: "POST", body: multipart })
    expect((await res.json()).body).toEqual({ a: "1" })
  })

  it("refuses two simulators with one slug", async () => {
    await expect(
      startSandbox({ port: 0, quiet: true, simulators: [probeSimulator(), probeSimulator()] }),
    ).rejects.toThrow(/Two simulators/)
  })

  it("reports a busy port clearly", async () => {
    await expect(startSandbox({ port: sandbox.port, quiet: true })).rejects.toThrow(/already in use/)
  })

  it("honours publicUrl for lender base URLs", async () => {
    const other = await startSandbox({
      port: 0,
      quiet: true,
      publicUrl: "https://sandbox.example.test/",
      simulators: [probeSimulator()],
    })
    try {
      expect(other.lenderUrl("payment-assist")).toBe("https://sandbox.example.test/payment-assist")
      const res = await axios.get(`${other.localUrl}/payment-assist/`, { proxy: false })
      expect(res.data.baseUrl).toBe("https://sandbox.example.test/payment-assist")
    } finally {
      await other.close()
    }
  })
})

describe("close()", () => {
  it("returns promptly even while a fault holds a request open", async () => {
    const { sandbox, http } = await startTestSandbox()
    sandbox.faults.hangNext("payment-assist")
    sandbox.faults.setLatency("payment-assist", 60_000, { path: "/slow" })
    const held = networkError(http.get("/payment-assist/ping", { timeout: 10_000 }))
    const slow = networkError(http.get("/payment-assist/slow", { timeout: 10_000 }))
    await new Promise((r) => setTimeout(r, 50))
    const started = Date.now()
    await sandbox.close()
    expect(Date.now() - started).toBeLessThan(1000)
    expect((await held).code).toBe("ECONNRESET")
    expect((await slow).code).toBe("ECONNRESET")
  })
})
