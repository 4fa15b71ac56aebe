// NewDay's idempotency contract as the spec proposes it (§6, [INFERRED]): keys are UUIDs,
// scoped to (merchant, path, key), kept 24 hours. The same key with the same body replays the
// stored answer; the same key with another body is a 409 idempotencyConflict. Only answers
// that changed or decided something (2xx, a decline included) are stored, so a request refused
// for a missing SCA token can be sent again once the shopper has authenticated.
import { createHash } from "node:crypto"
import type { NextFunction, Request, RequestHandler, Response } from "express"
import { getRawBody } from "../body-parsers"
import type { Clock } from "../clock"
import type { LenderStore } from "../state"
import { merchantOf, PROBLEM, sendProblem, validationProblem } from "./wire"

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

interface StoredResponse {
  scope: string
  bodyHash: string
  status: number
  body: unknown
  storedAtMs: number
}

export interface IdempotencyOptions {
  /** Authorise requires the header (the documented example always sends it); others accept it. */
  required: boolean
}

export function idempotency(store: LenderStore, clock: Clock, opts: IdempotencyOptions): RequestHandler {
  const records = store.collection<StoredResponse>("idempotency")
  return (req: Request, res: Response, next: NextFunction) => {
    const key = req.get("idempotency-key")
    if (!key) {
      if (opts.required)
        return validationProblem(res, { "idempotency-key": ["The idempotency-key header is required."] })
      return next()
    }
    if (!UUID.test(key))
      return validationProblem(res, { "idempotency-key": ["The idempotency-key header must be a UUID."] })

    // Paths are case-insensitive at NewDay (API guidelines), so the scope is too.
    const scope = `${merchantOf(req).merchantId}|${req.method}|${req.path.toLowerCase()}|${key.toLowerCase()}`
    const bodyHash = createHash("sha256").update(getRawBody(req)).digest("hex")
    const existing = records.get(scope)
    if (existing && clock.nowMs() - existing.storedAtMs < IDEMPOTENCY_TTL_MS) {
      if (existing.bodyHash !== bodyHash) {
        return sendProblem(res, {
          status: 409,
          type: PROBLEM.idempotencyConflict,
          detail: "This idempotency-key was already used with a different request body.",
        })
      }
      res.set("idempotent-replayed", "true")
      res.status(existing.status).json(existing.body)
      return
    }

    const json = res.json.bind(res)
    res.json = (body: unknown) => {
      if (res.statusCode >= 200 && res.statusCode < 300) {
        records.set(scope, { scope, bodyHash, status: res.statusCode, body, storedAtMs: clock.nowMs() })
      }
      return json(body)
    }
    next()
  }
}
