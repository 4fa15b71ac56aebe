// Applies a lender's faults to its routes (mounted only under /<slug>, never /__sandbox).
import type { Request, RequestHandler, Response } from "express"
import type { FaultController, QueuedFault } from "./faults"
import { type CapturedResponse, captureResponse } from "./response-capture"
import type { TimerSet } from "./timers"

export interface FaultMiddlewareDeps {
  slug: string
  faults: FaultController
  timers: TimerSet
  /** The lender's error envelope for status faults without an explicit body. */
  errorBody: (status: number, message: string) => unknown
}

// Invalid JSON by construction: used when the handler's own body cannot be cut into invalid JSON.
const CANNED_TRUNCATED_JSON = '{"status":"ok","data":{"id":"sandbox_malformed","note":"this response was cut o'

export function faultMiddleware(deps: FaultMiddlewareDeps): RequestHandler {
  return (req, res, next) => {
    void (async () => {
      const { slug, faults, timers } = deps
      const method = req.method
      const path = req.path
      faults.noteRequest(slug, method, path)

      const latency = faults.latencyFor(slug, method, path)
      if (latency > 0) {
        faults.noteApplied({ lender: slug, kind: "latency", method, path })
        if (!(await timers.sleep(latency))) return // sandbox closing
      }

      const fault = faults.takeRequestFault(slug, method, path)
      if (!fault) return next()
      const applied = faults.noteApplied({
        lender: slug,
        kind: fault.kind,
        faultId: fault.id,
        method,
        path,
        ...(fault.kind === "status" && { status: fault.status }),
      })
      if (fault.kind === "delay") {
        if (await timers.sleep(fault.ms)) next()
        return
      }
      if ("phase" in fault && fault.phase === "after") {
        captureResponse(res, (captured) => {
          applied.handledAt = new Date().toISOString()
          applyFault(fault, req, res, deps, captured)
        })
        return next()
      }
      applyFault(fault, req, res, deps)
    })().catch(next)
  }
}

function applyFault(
  fault: QueuedFault,
  req: Request,
  res: Response,
  deps: FaultMiddlewareDeps,
  captured?: CapturedResponse,
): void {
  // After-phase: drop whatever headers the handler set; the fault decides the whole response.
  if (captured) for (const name of res.getHeaderNames()) res.removeHeader(name)
  switch (fault.kind) {
    case "status":
      return sendStatusFault(fault, res, deps)
    case "reset":
      return resetConnection(req)
    case "no-response":
      return // held open until the client gives up; close() destroys the socket
    case "malformed":
      return sendMalformed(res, captured)
  }
}

function sendStatusFault(
  fault: Extract<QueuedFault, { kind: "status" }>,
  res: Response,
  deps: FaultMiddlewareDeps,
): void {
  res.status(fault.status).set("x-sandbox-fault", "status")
  if (fault.headers) res.set(fault.headers)
  if (fault.body === undefined) {
    res.json(deps.errorBody(fault.status, `Sandbox fault: injected HTTP ${fault.status}`))
  } else if (typeof fault.body === "string") {
    if (!res.get("content-type")) res.type("text/plain")
    res.send(fault.body)
  } else {
    res.json(fault.body)
  }
}

function resetConnection(req: Request): void {
  const socket = req.socket
  try {
    // RST rather than FIN, so the client sees ECONNRESET as with a real dropped connection.
    if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy()
    else socket.destroy()
  } catch {
    socket.destroy()
  }
}

function sendMalformed(res: Response, captured?: CapturedResponse): void {
  const body = truncate(captured?.body.toString("utf8") ?? "")
  res.statusCode = 200
  res.setHeader("content-type", "application/json; charset=utf-8")
  res.setHeader("x-sandbox-fault", "malformed")
  res.setHeader("content-length", Buffer.byteLength(body))
  res.end(body)
}

/** The first half of the handler's body, if that is invalid JSON (it almost always is). */
function truncate(text: string): string {
  if (text.length < 2) return CANNED_TRUNCATED_JSON
  const cut = text.slice(0, Math.floor(text.length / 2))
  try {
    JSON.parse(cut)
    return CANNED_TRUNCATED_JSON
  } catch {
    return cut
  }
}
