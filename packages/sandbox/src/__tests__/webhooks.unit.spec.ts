import { createServer, type IncomingHttpHeaders, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import type { AxiosInstance } from "axios"
import { createClock } from "../clock"
import { FaultController } from "../faults"
import type { SandboxHandle } from "../server"
import { WebhookDispatcher } from "../webhooks"
import { probeSimulator, startTestSandbox } from "./helpers"

/** A merchant webhook endpoint that answers with scripted statuses, then 200. */
class Receiver {
  readonly received: Array<{ path: string; body: string; headers: IncomingHttpHeaders }> = []
  private script: number[] = []
  private server!: Server
  url = ""

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = ""
      req.on("data", (c) => (body += c))
      req.on("end", () => {
        this.received.push({ path: req.url ?? "", body, headers: req.headers })
        res.statusCode = this.script.shift() ?? 200
        res.end("ack")
      })
    })
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  answer(...statuses: number[]): this {
    this.script = statuses
    this.received.length = 0
    return this
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()))
  }
}

let receiver: Receiver
let webhooks: WebhookDispatcher
let faults: FaultController
beforeAll(async () => {
  receiver = await new Receiver().start()
})
beforeEach(() => {
  faults = new FaultController(["payment-assist"])
  webhooks = new WebhookDispatcher({ clock: createClock(), faults })
})
afterEach(() => webhooks.close())
afterAll(() => receiver.stop())

const deliver = (extra: Partial<Parameters<WebhookDispatcher["deliver"]>[0]> = {}) =>
  webhooks.deliver({
    lender: "payment-assist",
    url: `${receiver.url}/hooks/pa`,
    body: { event_name: "application.completed" },
    backoffMs: 0,
    ...extra,
  })

describe("webhook delivery", () => {
  it("retries until the receiver answers 200, logging every attempt", async () => {
    receiver.answer(500, 502)
    const outcome = await deliver({ headers: { "X-Signature": "abc" }, event: "application.completed" })
    expect(outcome).toMatchObject({ delivered: true, attempts: 3, status: 200 })
    expect(receiver.received).toHaveLength(3)
    expect(receiver.received.every((r) => r.body === '{"event_name":"application.completed"}')).toBe(true)
    expect(receiver.received[0].headers).toMatchObject({ "x-signature": "abc", "content-type": "application/json" })
    expect(webhooks.log("payment-assist").map((a) => [a.attempt, a.status, a.ok])).toEqual([
      [1, 500, false],
      [2, 502, false],
      [3, 200, true],
    ])
    expect(webhooks.log("payment-assist")[0]).toMatchObject({
      url: `${receiver.url}/hooks/pa`,
      event: "application.completed",
      error: "receiver answered HTTP 500",
    })
  })

  it("gives up after maxAttempts (default 1 + 3 retries)", async () => {
    receiver.answer(503, 503, 503, 503, 503)
    const outcome = await deliver()
    expect(outcome).toMatchObject({ delivered: false, attempts: 4, status: 503 })
    expect(receiver.received).toHaveLength(4)
  })

  it("counts only exactly 200 as success by default; successStatuses widens it", async () => {
    receiver.answer(204, 204)
    expect(await deliver({ maxAttempts: 1 })).toMatchObject({ delivered: false, status: 204 })
    expect(await deliver({ maxAttempts: 1, successStatuses: [200, 204] })).toMatchObject({
      delivered: true,
      status: 204,
    })
  })

  it("backs off exponentially between attempts", async () => {
    receiver.answer(500, 500)
    const started = Date.now()
    await deliver({ backoffMs: 25 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(25 + 50 - 5)
  })

  it("duplicate: true delivers the same body twice", async () => {
    receiver.answer()
    const outcome = await deliver({ duplicate: true, body: "raw  body " })
    expect(outcome).toMatchObject({ delivered: true, duplicated: true })
    expect(receiver.received.map((r) => r.body)).toEqual(["raw  body ", "raw  body "])
    expect(webhooks.log().map((a) => a.copy)).toEqual([1, 2])
  })

  it("never throws: an unreachable receiver is logged as an error", async () => {
    const outcome = await deliver({ url: "http://127.0.0.1:1/unreachable", maxAttempts: 2 })
    expect(outcome).toMatchObject({ delivered: false, attempts: 2 })
    expect(webhooks.log()[0].error).toMatch(/ECONNREFUSED/)
    await expect(deliver({ url: "not a url", maxAttempts: 1 })).resolves.toMatchObject({ delivered: false })
  })

  it("idle() waits for fire-and-forget deliveries, retries included", async () => {
    receiver.answer(500)
    void deliver({ backoffMs: 30 })
    void deliver({ delayMs: 20 })
    await webhooks.idle()
    expect(receiver.received).toHaveLength(3)
  })

  it("webhook faults drop or duplicate deliveries to matching URLs", async () => {
    receiver.answer()
    faults.dropWebhooks("payment-assist", { match: { path: "/hooks/pa" } })
    faults.duplicateWebhooks("payment-assist")
    expect(await deliver({ url: `${receiver.url}/other` })).toMatchObject({ delivered: true, duplicated: true })
    expect(await deliver()).toMatchObject({ delivered: false, dropped: true, attempts: 0 })
    expect(await deliver()).toMatchObject({ delivered: true })
    expect(receiver.received.map((r) => r.path)).toEqual(["/other", "/other", "/hooks/pa"])
    expect(faults.stats()["payment-assist"].applied).toEqual({ "webhook-drop": 1, "webhook-duplicate": 1 })
  })

  it("reset() cancels pending retries and clears the log", async () => {
    receiver.answer(500, 500, 500)
    const pending = deliver({ backoffMs: 10_000 })
    while (receiver.received.length === 0) await new Promise((r) => setTimeout(r, 5))
    await new Promise((r) => setTimeout(r, 20))
    webhooks.reset()
    expect(await pending).toMatchObject({ delivered: false, cancelled: true })
    expect(webhooks.log()).toEqual([])
  })
})

describe("webhooks through the sandbox", () => {
  let sandbox: SandboxHandle
  let http: AxiosInstance
  beforeAll(async () => {
    const sim = probeSimulator("payment-assist", {})
    const register = sim.register
    sim.register = (router, ctx) => {
      register(router, ctx)
      router.post("/complete", ctx.body.json(), (req, res) => {
        void ctx.webhooks.deliver({
          url: req.body.webhook_url,
          body: { event_name: "application.completed" },
          backoffMs: 0,
        })
        res.json({ ok: true })
      })
    }
    ;({ sandbox, http } = await startTestSandbox({ simulators: [sim] }))
  })
  afterAll(() => sandbox.close())

  it("simulators fire and forget; the admin API shows the delivery log", async () => {
    receiver.answer(500)
    await http.post("/payment-assist/complete", { webhook_url: `${receiver.url}/medusa/hooks` })
    await sandbox.webhooks.idle()
    const log = (await http.get("/__sandbox/webhooks/payment-assist")).data.deliveries
    expect(log.map((a: { status: number }) => a.status)).toEqual([500, 200])
    expect(log[0]).toMatchObject({ lender: "payment-assist", url: `${receiver.url}/medusa/hooks`, attempt: 1 })
  })

  it("webhook faults can be set over the admin API", async () => {
    receiver.answer()
    await http.post("/__sandbox/faults/payment-assist", { kind: "webhook-drop" })
    await http.post("/payment-assist/complete", { webhook_url: `${receiver.url}/medusa/hooks` })
    await sandbox.webhooks.idle()
    expect(receiver.received).toHaveLength(0)
  })
})
