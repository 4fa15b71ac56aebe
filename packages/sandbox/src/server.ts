// Starts one HTTP server that serves every lender simulator under /<slug> and the admin API
// under /__sandbox. Tests start it on port 0; the CLI on SANDBOX_PORT.
import { once } from "node:events"
import { createServer, type Server } from "node:http"
import type { AddressInfo, Socket } from "node:net"
import express from "express"
import { adminRouter } from "./admin"
import { type Clock, createClock } from "./clock"
import { createSimulatorContext } from "./context"
import { errorHandler, lenderErrorBody, notFoundHandler } from "./errors"
import { faultMiddleware } from "./fault-middleware"
import { FaultController, UnknownLenderError } from "./faults"
import { LenderLedger } from "./ledger"
import { createLogger, type LogSink } from "./logger"
import { createBuiltInSimulators } from "./simulators"
import { StateStore } from "./state"
import { TimerSet } from "./timers"
import type { LenderSimulator, LenderSlug } from "./types"
import { WebhookDispatcher } from "./webhooks"

export interface SandboxOptions {
  /** 0 picks a free port (tests). Default 9100. */
  port?: number
  /** Default 127.0.0.1: the sandbox is for this machine only. */
  host?: string
  /** Where simulators read merchant credentials (default process.env). */
  env?: NodeJS.ProcessEnv
  /** Default: the four built-in simulators. */
  simulators?: LenderSimulator[]
  /** No request or webhook logging. */
  quiet?: boolean
  /** Base URL as the shopper's browser / the store reach it, if not http://host:port (tunnels, Docker). */
  publicUrl?: string
  /** Where log lines go (default stdout). */
  logSink?: LogSink
}

export interface SandboxHandle {
  /** Root URL, e.g. http://127.0.0.1:9100 (publicUrl if given). */
  url: string
  /** http://host:port as this machine reaches it (equals url unless publicUrl was given). */
  localUrl: string
  port: number
  lenderUrl(slug: LenderSlug): string
  /** Stops listening and destroys every open connection, including ones a fault holds open. */
  close(): Promise<void>
  /** Clears state, ledgers, webhook logs, faults and the clock offset; then calls each simulator's reset(). */
  reset(): void
  faults: FaultController
  clock: Clock
  ledger(slug: LenderSlug): LenderLedger
  state: StateStore
  webhooks: WebhookDispatcher
  simulators: readonly LenderSimulator[]
}

const DEFAULT_PORT = 9100

function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "") return "127.0.0.1"
  return host.includes(":") ? `[${host}]` : host
}

async function listen(server: Server, port: number, host: string): Promise<void> {
  server.listen(port, host)
  try {
    await once(server, "listening")
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    if (e.code === "EADDRINUSE")
      throw new Error(`Port ${port} on ${host} is already in use; set SANDBOX_PORT to another port`)
    throw err
  }
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<SandboxHandle> {
  const simulators = opts.simulators ?? createBuiltInSimulators()
  const slugs = simulators.map((s) => s.slug)
  const duplicate = slugs.find((s, i) => slugs.indexOf(s) !== i)
  if (duplicate) throw new Error(`Two simulators claim the lender slug "${duplicate}"`)

  const env = opts.env ?? process.env
  const host = opts.host ?? "127.0.0.1"
  const log = createLogger({ quiet: opts.quiet, debug: Boolean(env.SANDBOX_DEBUG), sink: opts.logSink })
  const clock = createClock()
  const state = new StateStore()
  const faults = new FaultController(slugs)
  const timers = new TimerSet()
  const webhooks = new WebhookDispatcher({ clock, faults, log })
  const ledgers = new Map<string, LenderLedger>(slugs.map((s) => [s, new LenderLedger(s, clock)]))
  const ledger = (slug: string): LenderLedger => {
    const found = ledgers.get(slug)
    if (!found) throw new UnknownLenderError(slug, slugs)
    return found
  }

  const app = express()
  app.disable("x-powered-by")
  // Status polling must always see fresh bodies, never a 304.
  app.set("etag", false)
  const server = createServer(app)
  const sockets = new Set<Socket>()
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })
  await listen(server, opts.port ?? DEFAULT_PORT, host)
  const port = (server.address() as AddressInfo).port
  const localUrl = `http://${urlHost(host)}:${port}`
  const url = (opts.publicUrl ?? localUrl).replace(/\/+$/, "")
  const lenderUrl = (slug: string): string => {
    if (!slugs.includes(slug as LenderSlug)) throw new UnknownLenderError(slug, slugs)
    return `${url}/${slug}`
  }

  // Routes are added after listen() so contexts carry the final port; nothing calls in before we resolve.
  app.use((req, res, next) => {
    const started = Date.now()
    res.on("finish", () => {
      const line = `${req.method} ${req.originalUrl} → ${res.statusCode} (${Date.now() - started} ms)`
      if (req.originalUrl.startsWith("/__sandbox")) log.debug(line)
      else log.info(line)
    })
    next()
  })

  const status = () => ({
    sandbox: "medusa-plugin-financing lender sandbox",
    url,
    adminUrl: `${url}/__sandbox`,
    clock: { now: clock.now().toISOString(), offsetMs: clock.offsetMs() },
    lenders: simulators.map((sim) => ({
      slug: sim.slug,
      name: sim.name,
      url: lenderUrl(sim.slug),
      faults: faults.list(sim.slug),
      stats: faults.stats()[sim.slug],
      state: state.namespace(sim.slug).counts(),
      ledgerEntries: ledger(sim.slug).list().length,
      webhookAttempts: webhooks.log(sim.slug).length,
      describe: describeSafely(sim),
    })),
  })

  const reset = (resetOpts: { stats?: boolean } = {}): void => {
    webhooks.reset()
    faults.clear()
    if (resetOpts.stats) faults.resetStats()
    state.reset()
    for (const l of ledgers.values()) l.clear()
    clock.reset()
    for (const sim of simulators) sim.reset?.()
  }

  app.use("/__sandbox", adminRouter({ slugs, faults, clock, webhooks, ledger, status, reset }))
  app.get("/", (_req, res) => {
    res.json(status())
  })

  for (const sim of simulators) {
    const router = express.Router()
    const ctx = createSimulatorContext({
      simulator: sim,
      baseUrl: lenderUrl(sim.slug),
      env,
      store: state.namespace(sim.slug),
      ledger: ledger(sim.slug),
      clock,
      webhooks,
      log: createLogger({ quiet: opts.quiet, debug: Boolean(env.SANDBOX_DEBUG), sink: opts.logSink, prefix: sim.slug }),
    })
    sim.register(router, ctx)
    const errorBody = (status: number, message: string) => lenderErrorBody(sim, status, "sandbox_fault", message)
    app.use(
      `/${sim.slug}`,
      faultMiddleware({ slug: sim.slug, faults, timers, errorBody }),
      router,
      notFoundHandler(sim),
      errorHandler(log, sim),
    )
  }
  app.use(notFoundHandler())
  app.use(errorHandler(log))

  let closing: Promise<void> | undefined
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      timers.cancelAll()
      webhooks.close()
      server.close(() => resolve())
      for (const socket of sockets) socket.destroy()
    })
    return closing
  }

  return {
    url,
    localUrl,
    port,
    lenderUrl,
    close,
    reset: () => reset(),
    faults,
    clock,
    ledger,
    state,
    webhooks,
    simulators,
  }
}

function describeSafely(sim: LenderSimulator): Record<string, unknown> {
  try {
    return sim.describe?.() ?? {}
  } catch (err) {
    return { error: `describe() failed: ${(err as Error).message}` }
  }
}
