// Shared fixtures for the sandbox tests: a probe simulator with routes that exercise the
// framework (state, ledger, body parsers, pages), and an HTTP client that never throws on status.
import axios, { type AxiosInstance } from "axios"
import { getRawBody } from "../body-parsers"
import { startSandbox, type SandboxHandle, type SandboxOptions } from "../server"
import type { LenderSimulator, LenderSlug } from "../types"

export function probeSimulator(
  slug: LenderSlug = "payment-assist",
  extra: Partial<LenderSimulator> = {},
): LenderSimulator & { resets: number } {
  const sim = {
    slug,
    name: `Probe ${slug}`,
    resets: 0,
    register(router, ctx) {
      const captures = ctx.store.collection<{ id: string; amount: number }>("captures")
      router.get("/", (_req, res) => res.json({ lender: ctx.name, baseUrl: ctx.baseUrl }))
      router.get("/ping", (_req, res) => res.json({ ok: true }))
      router.get("/env", (_req, res) => res.json({ apiKey: ctx.env.PAYMENT_ASSIST_API_KEY ?? null }))
      router.get("/status", (_req, res) => res.json({ captures: captures.size }))
      router.post("/capture", ctx.body.json(), (req, res) => {
        const id = ctx.store.ids.next("cap")
        captures.set(id, { id, amount: req.body.amount })
        ctx.ledger.record({ type: "capture", ref: id, amount: req.body.amount, currency: "GBP" })
        res.json({ status: "ok", data: { id, amount: req.body.amount, note: "a body long enough to truncate" } })
      })
      router.get("/now", (_req, res) => res.json({ now: ctx.clock.now().toISOString() }))
      router.post("/echo/json", ctx.body.json(), (req, res) =>
        res.json({ body: req.body, raw: getRawBody(req).toString() }),
      )
      router.post("/echo/form", ctx.body.urlencoded(), (req, res) =>
        res.json({ body: req.body, raw: getRawBody(req).toString() }),
      )
      router.post("/echo/multipart", ctx.body.multipart(), (req, res) => {
        const files = (req.files as Express.Multer.File[]).map((f) => ({
          field: f.fieldname,
          name: f.originalname,
          text: f.buffer.toString(),
        }))
        res.json({ body: { ...req.body }, files, raw: getRawBody(req).toString() })
      })
      router.post("/echo/any", ctx.body.any(), (req, res) =>
        res.json({ body: { ...req.body }, raw: getRawBody(req).toString() }),
      )
      router.get("/page", (req, res) =>
        ctx.pages.sendPage(res, {
          title: "Approve",
          status: 202,
          body: ctx.pages.html`<p data-testid="who">${req.query.name}</p>`,
        }),
      )
      router.get("/handoff", (_req, res) =>
        ctx.pages.postFormPage(res, {
          title: "Returning to the store",
          action: "https://shop.test/cb",
          fields: { code: "c<1>" },
          autoSubmit: true,
        }),
      )
      router.get("/boom", () => {
        throw new Error("kaboom")
      })
    },
    reset() {
      sim.resets++
    },
    describe: () => ({ testIdentity: "Jane Approve" }),
    ...extra,
  } satisfies LenderSimulator & { resets: number }
  return sim
}

export async function startTestSandbox(
  opts: SandboxOptions = {},
): Promise<{ sandbox: SandboxHandle; http: AxiosInstance }> {
  const sandbox = await startSandbox({ port: 0, quiet: true, simulators: [probeSimulator()], ...opts })
  const http = axios.create({ baseURL: sandbox.url, validateStatus: () => true, proxy: false, timeout: 5000 })
  return { sandbox, http }
}

/** Captures what an axios call throws (network-level failures). */
export async function networkError(call: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await call
  } catch (err) {
    return err as { code?: string; message: string }
  }
  throw new Error("expected the request to fail at the network level")
}
