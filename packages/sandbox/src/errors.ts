// Error responses for sandbox-level failures (unknown routes, unparseable bodies, crashed
// handlers). Lender routes use the simulator's own envelope when it provides formatError.
import type { ErrorRequestHandler, RequestHandler } from "express"
import type { LenderSimulator, SandboxLogger } from "./types"

export function sandboxErrorBody(status: number, code: string, message: string, field?: string) {
  return { error: { status, code, message, ...(field !== undefined && { field }) } }
}

export function lenderErrorBody(
  sim: LenderSimulator | undefined,
  status: number,
  code: string,
  message: string,
): unknown {
  if (sim?.formatError) {
    try {
      return sim.formatError(status, message)
    } catch {
      // A broken formatter must not turn an error response into a crash.
    }
  }
  return sandboxErrorBody(status, code, message)
}

export function notFoundHandler(sim?: LenderSimulator): RequestHandler {
  return (req, res) => {
    const where = sim ? `${sim.name} sandbox route` : "sandbox route"
    res
      .status(404)
      .json(lenderErrorBody(sim, 404, "not_found", `No ${where} for ${req.method} ${req.originalUrl.split("?")[0]}`))
  }
}

/** Maps body-parser / multer errors to 4xx; anything else is a simulator bug → 500, logged. */
export function errorHandler(log: SandboxLogger, sim?: LenderSimulator): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const e = err as {
      status?: number
      statusCode?: number
      type?: string
      code?: string
      name?: string
      message?: string
      stack?: string
    }
    let status = e.status ?? e.statusCode ?? 500
    if (e.name === "MulterError") status = e.code === "LIMIT_FILE_SIZE" ? 413 : 400
    if (!Number.isInteger(status) || status < 400 || status > 599) status = 500
    const code =
      e.type ?? (e.name === "MulterError" ? e.code : undefined) ?? (status === 500 ? "simulator_error" : "bad_request")
    const message =
      status === 500 ? `Sandbox simulator error: ${e.message ?? String(err)}` : (e.message ?? "Bad request")
    if (status === 500) log.error(`${req.method} ${req.originalUrl} crashed`, { error: e.stack ?? String(err) })
    if (res.headersSent) {
      res.destroy()
      return
    }
    res.status(status).json(lenderErrorBody(sim, status, code, message))
  }
}
