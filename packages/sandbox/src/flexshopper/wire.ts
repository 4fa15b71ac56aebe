// FlexShopper's envelopes and money on the wire: `{ data }` on success,
// `{ error: { statusCode, code, message, data } }` on failure, decimal dollars as JSON numbers.
import type { NextFunction, Request, RequestHandler, Response } from "express"

export class FsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message)
  }
}

export function errorEnvelope(status: number, code: string, message: string, data?: Record<string, unknown>) {
  return { error: { statusCode: status, code, message, ...(data ? { data } : {}) } }
}

const CODE_FOR_STATUS: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  402: "PaymentRequired",
  403: "Forbidden",
  404: "NotFound",
  409: "Conflict",
  429: "TooManyRequests",
  500: "InternalServerError",
  502: "BadGateway",
  503: "ServiceUnavailable",
  504: "GatewayTimeout",
}

export function formatFlexShopperError(status: number, message: string) {
  return errorEnvelope(
    status,
    CODE_FOR_STATUS[status] ?? (status >= 500 ? "InternalServerError" : "BadRequest"),
    message,
  )
}

export function sendData(res: Response, data: unknown, status = 200): void {
  res.status(status).json({ data })
}

/** Runs a handler; an FsError becomes the lender's error envelope, anything else goes to the framework (500). */
export function handle(fn: (req: Request, res: Response) => void | Promise<void>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    Promise.resolve()
      .then(() => fn(req, res))
      .catch((err: unknown) => {
        if (err instanceof FsError) {
          res.status(err.status).json(errorEnvelope(err.status, err.code, err.message, err.data))
          return
        }
        next(err)
      })
  }
}

export function badRequest(field: string, message: string): FsError {
  return new FsError(400, "ValidationError", `${field}: ${message}`, { field })
}

/** Cents → dollars as a JSON number (12034 → 120.34), through text so no float arithmetic is involved. */
export function dollars(cents: number): number {
  const sign = cents < 0 ? "-" : ""
  const abs = Math.abs(cents)
  return Number(`${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`)
}

const DOLLARS_TEXT = /^(0|[1-9]\d{0,9})(\.\d{1,2})?$/

/** A non-negative dollar amount with at most two decimals → cents; anything else is a 400 naming the field. */
export function cents(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw badRequest(field, "must be a number of dollars")
  const text = String(value)
  const match = DOLLARS_TEXT.exec(text)
  if (!match) throw badRequest(field, "must be a non-negative dollar amount with at most two decimals")
  const fraction = (match[2] ?? ".").slice(1).padEnd(2, "0")
  return Number(match[1]) * 100 + Number(fraction)
}

export function requireString(body: Record<string, unknown>, field: string, prefix = ""): string {
  const value = body[field]
  if (typeof value !== "string" || !value.trim()) throw badRequest(`${prefix}${field}`, "is required")
  return value.trim()
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field]
  return typeof value === "string" && value.trim() ? value.trim() : undefined
}

export function objectBody(req: Request): Record<string, unknown> {
  const body = req.body as unknown
  return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {}
}
