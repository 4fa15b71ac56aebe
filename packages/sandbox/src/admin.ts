// /__sandbox: the control panel for the demo and for tests driving a separately started sandbox.
// Every endpoint speaks JSON; bad input gets a 400 that names the offending field.
import express, { type NextFunction, type Request, type Response, type Router } from "express"
import type { Clock } from "./clock"
import { sandboxErrorBody } from "./errors"
import { type FaultController, type FaultSpec, FaultSpecError, parseFaultSpec, UnknownLenderError } from "./faults"
import type { LenderLedger } from "./ledger"
import type { WebhookDispatcher } from "./webhooks"

export interface AdminDeps {
  slugs: readonly string[]
  faults: FaultController
  clock: Clock
  webhooks: WebhookDispatcher
  ledger(slug: string): LenderLedger
  status(): unknown
  reset(opts: { stats?: boolean }): void
}

class BadRequest extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message)
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

export function adminRouter(deps: AdminDeps): Router {
  const router = express.Router()
  router.use(express.json({ limit: "100kb", strict: false }))

  const requireSlug = (req: Request): string => {
    const slug = req.params.slug
    if (!deps.slugs.includes(slug)) throw new UnknownLenderError(slug, deps.slugs)
    return slug
  }

  router.get("/", (_req, res) => {
    res.json(deps.status())
  })

  router.get("/faults", (_req, res) => {
    res.json({
      faults: Object.fromEntries(deps.slugs.map((s) => [s, deps.faults.list(s)])),
      stats: deps.faults.stats(),
    })
  })

  router.get("/faults/:slug", (req, res) => {
    const slug = requireSlug(req)
    res.json({
      lender: slug,
      ...deps.faults.list(slug),
      stats: deps.faults.stats()[slug],
      history: deps.faults.history(slug),
    })
  })

  // One fault object, or an array of them (all validated before any is added).
  router.post("/faults/:slug", (req, res) => {
    const slug = requireSlug(req)
    const specs: unknown[] = Array.isArray(req.body) ? req.body : [req.body]
    if (specs.length === 0) throw new BadRequest("body", "expected a fault object or a non-empty array of them")
    specs.forEach((spec, i) => {
      try {
        parseFaultSpec(spec)
      } catch (err) {
        if (err instanceof FaultSpecError && specs.length > 1)
          throw new FaultSpecError(`[${i}].${err.field}`, err.message.replace(/^[^:]*: /, ""))
        throw err
      }
    })
    const added = specs.map((spec) => deps.faults.add(slug, spec as FaultSpec))
    res.status(201).json({ lender: slug, added, ...deps.faults.list(slug) })
  })

  router.delete("/faults/:slug", (req, res) => {
    const slug = requireSlug(req)
    res.json({ lender: slug, removed: deps.faults.clear(slug) })
  })

  router.delete("/faults", (_req, res) => {
    res.json({ removed: deps.faults.clear() })
  })

  router.get("/stats", (_req, res) => {
    res.json({ stats: deps.faults.stats() })
  })

  router.post("/reset", (req, res) => {
    const body = req.body ?? {}
    if (!isObject(body)) throw new BadRequest("body", "expected an object like { stats?: boolean } or no body")
    if (body.stats !== undefined && typeof body.stats !== "boolean") throw new BadRequest("stats", "must be a boolean")
    deps.reset({ stats: body.stats === true })
    res.json({ reset: true, now: deps.clock.now().toISOString() })
  })

  router.get("/ledger/:slug", (req, res) => {
    const slug = requireSlug(req)
    res.json({ lender: slug, entries: deps.ledger(slug).list() })
  })

  router.get("/webhooks/:slug", (req, res) => {
    const slug = requireSlug(req)
    res.json({ lender: slug, deliveries: deps.webhooks.log(slug) })
  })

  const clockState = () => ({ now: deps.clock.now().toISOString(), offsetMs: deps.clock.offsetMs() })

  router.get("/clock", (_req, res) => {
    res.json(clockState())
  })

  // Exactly one of { advanceMs }, { set }, { reset: true }.
  router.post("/clock", (req, res) => {
    const body = req.body
    if (!isObject(body))
      throw new BadRequest("body", "expected { advanceMs: number } or { set: ISO date } or { reset: true }")
    const known = ["advanceMs", "set", "reset"]
    const unknown = Object.keys(body).find((k) => !known.includes(k))
    if (unknown) throw new BadRequest(unknown, `unknown field (allowed: ${known.join(", ")})`)
    const given = known.filter((k) => body[k] !== undefined)
    if (given.length !== 1) throw new BadRequest("body", "give exactly one of advanceMs, set, reset")
    if (body.advanceMs !== undefined) {
      const ms = body.advanceMs
      if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0)
        throw new BadRequest("advanceMs", "must be a non-negative number of milliseconds")
      deps.clock.advance(ms)
    } else if (body.set !== undefined) {
      const at = typeof body.set === "string" || typeof body.set === "number" ? new Date(body.set) : undefined
      if (!at || Number.isNaN(at.getTime()))
        throw new BadRequest("set", "must be an ISO 8601 date string or epoch milliseconds")
      deps.clock.set(at)
    } else {
      if (body.reset !== true) throw new BadRequest("reset", "must be true")
      deps.clock.reset()
    }
    res.json(clockState())
  })

  router.use((req, res) => {
    res
      .status(404)
      .json(
        sandboxErrorBody(404, "not_found", `No sandbox admin route for ${req.method} ${req.originalUrl.split("?")[0]}`),
      )
  })

  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof UnknownLenderError)
      return res.status(404).json(sandboxErrorBody(404, "unknown_lender", err.message))
    if (err instanceof FaultSpecError || err instanceof BadRequest) {
      const message = err instanceof FaultSpecError ? err.message : `${err.field}: ${err.message}`
      return res.status(400).json(sandboxErrorBody(400, "invalid_request", message, err.field))
    }
    const e = err as { status?: number; type?: string; message?: string }
    if (e.type === "entity.parse.failed") {
      return res.status(400).json(sandboxErrorBody(400, "invalid_json", `body: not valid JSON (${e.message})`, "body"))
    }
    const status = e.status && e.status >= 400 && e.status < 500 ? e.status : 500
    res.status(status).json(sandboxErrorBody(status, e.type ?? "admin_error", e.message ?? String(err)))
  })

  return router
}
