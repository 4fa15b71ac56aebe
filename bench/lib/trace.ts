// Watches the HTTP requests THIS process (the bench driver: storefront + shopper's browser) makes,
// so each checkout step can be timed and the lender round trips Medusa made during it counted from
// the sandbox's own request stats: sandbox requests seen − the ones the shopper's browser made.
// Only requests started inside `traced()` count, so the sandbox's own webhooks are left out.
import { AsyncLocalStorage } from "node:async_hooks"
import dc from "node:diagnostics_channel"
import type { ClientRequest, IncomingMessage } from "node:http"

export interface Step {
  target: "medusa" | "lender page"
  method: string
  path: string
  ms: number
  /** Sandbox requests during the step that the driver did not make: Medusa's lender calls. */
  lenderCalls: number
  /** The step's start and end on the machine's monotonic clock (µs), to line up with the probe's lender log. */
  startUs: number
  endUs: number
  /** Medusa's lender requests during the step (method + path), filled in from the probe's log. */
  lenderRequests?: string[]
}

interface Scope {
  steps: Step[]
}

const als = new AsyncLocalStorage<Scope>()
const open = new WeakMap<
  ClientRequest,
  { scope: Scope; step: Step; started: bigint; sandbox0: number; driver0: number }
>()
let driverSandboxRequests = 0
let medusaHost = ""
let sandboxHost = ""
let sandboxRequests: () => number = () => 0

/** Ids, tokens and query strings out, so steps of different checkouts group together. */
export function normalisePath(raw: string): string {
  return raw
    .split("?")[0]
    .replace(/\b[a-z]+(_[a-z]+)?_[0-9A-Z]{20,}\b/g, ":id")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ":uuid")
    .replace(/\/[A-Za-z0-9_-]{24,}(?=\/|$)/g, "/:token")
}

export function configureTrace(opts: { medusaHost: string; sandboxHost: string; sandboxRequests: () => number }) {
  medusaHost = opts.medusaHost
  sandboxHost = opts.sandboxHost
  sandboxRequests = opts.sandboxRequests
}

const sameHost = (a: string, b: string) => a.replace("localhost", "127.0.0.1") === b.replace("localhost", "127.0.0.1")

dc.subscribe("http.client.request.start", (message) => {
  const { request } = message as { request: ClientRequest }
  const scope = als.getStore()
  if (!scope) return
  const host = String(request.getHeader("host") ?? "")
  const target = sameHost(host, medusaHost) ? "medusa" : sameHost(host, sandboxHost) ? "lender page" : undefined
  if (!target) return
  if (target === "lender page") driverSandboxRequests++
  const started = process.hrtime.bigint()
  const step: Step = {
    target,
    method: request.method,
    path: normalisePath(request.path),
    ms: 0,
    lenderCalls: 0,
    startUs: Number(started / 1000n),
    endUs: 0,
  }
  open.set(request, {
    scope,
    step,
    started,
    sandbox0: sandboxRequests(),
    driver0: driverSandboxRequests - (target === "lender page" ? 1 : 0),
  })
})

dc.subscribe("http.client.response.finish", (message) => {
  const { request, response } = message as { request: ClientRequest; response: IncomingMessage }
  const entry = open.get(request)
  if (!entry) return
  response.once("end", () => {
    const ended = process.hrtime.bigint()
    entry.step.ms = Number(ended - entry.started) / 1e6
    entry.step.endUs = Number(ended / 1000n)
    entry.step.lenderCalls = sandboxRequests() - entry.sandbox0 - (driverSandboxRequests - entry.driver0)
    entry.scope.steps.push(entry.step)
  })
})

export async function traced<T>(
  run: () => Promise<T>,
): Promise<{ result: T; steps: Step[]; ms: number; driverSandboxRequests: number }> {
  const scope: Scope = { steps: [] }
  const driver0 = driverSandboxRequests
  const started = process.hrtime.bigint()
  const result = await als.run(scope, run)
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  return { result, steps: scope.steps, ms, driverSandboxRequests: driverSandboxRequests - driver0 }
}

/** One lender request as bench/probe.cjs logged it in Medusa's process (same monotonic clock). */
export interface LenderLogEntry {
  method: string
  path: string
  startUs: number
  endUs: number
  status: number
  /** "<lender> <provider method>" when a provider method made it, else null (a route, workflow or job). */
  call: string | null
}

/** Lender paths with their ids folded, so requests of different checkouts read alike. */
export const lenderPath = (path: string) =>
  path.replace(/\/[A-Za-z0-9_-]{16,}/g, "/…").replace(/\/\d{6,}(?=\/|$)/g, "/…")

/** Fills each step's lenderRequests with the lender requests Medusa started while the step was open. */
export function attachLenderRequests(steps: Step[], log: LenderLogEntry[]): void {
  const sorted = [...log].sort((a, b) => a.startUs - b.startUs)
  for (const step of steps) {
    step.lenderRequests = sorted
      .filter((r) => r.startUs >= step.startUs && r.startUs <= step.endUs)
      .map((r) => `${r.method} ${lenderPath(r.path)}`)
  }
}
