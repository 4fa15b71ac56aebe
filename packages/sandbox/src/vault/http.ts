// Vault's wire conventions in the simulator: every answer carries x-request-id (Vault support
// asks for it, spec §5), errors use Vault's envelope (§4), and API routes need a bearer token
// from /oauth/token whose merchant matches X-Merchant-ID when that header is sent.
import { randomUUID } from "node:crypto"
import type { NextFunction, Request, RequestHandler, Response } from "express"
import type { Clock } from "../clock"
import type { Principal, VaultState } from "./model"

const ERROR_IDS: Record<string, number> = {
  COMMON: 0,
  VALIDATION: 1001,
  INVOICE_NOT_FOUND: 4041,
  PAYMENT_NOT_FOUND: 4042,
  ACCOUNT_NOT_FOUND: 4043,
  ACCOUNT_REQUIRED: 1002,
  INSUFFICIENT_FUNDS: 2001,
  CURRENCY_MISMATCH: 2002,
  INVALID_DISCOUNT_CODE: 1003,
  INVALID_PAYMENT_STATE: 1004,
  DUPLICATE_REFERENCE: 1005,
}

export function vaultErrorBody(error: string, message: string, field?: string, data?: Record<string, unknown>) {
  return {
    error,
    errorId: ERROR_IDS[error] ?? 0,
    message,
    ...(field !== undefined && { field }),
    systemId: "invoice",
    ...(data !== undefined && { data }),
  }
}

export function sendVaultError(
  res: Response,
  status: number,
  error: string,
  message: string,
  field?: string,
  data?: Record<string, unknown>,
): void {
  res.status(status).json(vaultErrorBody(error, message, field, data))
}

export const requestIdHeader: RequestHandler = (_req, res, next) => {
  res.set("x-request-id", randomUUID())
  next()
}

export interface AuthedRequest extends Request {
  principal?: Principal
}

export function principalOf(req: Request): Principal {
  const principal = (req as AuthedRequest).principal
  if (!principal) throw new Error("route is missing requireBearer")
  return principal
}

/** Spring-style OAuth errors, as Vault's resource servers answer them. */
function unauthorized(res: Response, description: string): void {
  res.set("www-authenticate", `Bearer error="invalid_token", error_description="${description}"`)
  res.status(401).json({ error: "invalid_token", error_description: description })
}

export function requireBearer(state: VaultState, clock: Clock): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.get("authorization") ?? ""
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    if (!match) return unauthorized(res, "Full authentication is required to access this resource")
    const token = state.tokens.get(match[1])
    if (!token) return unauthorized(res, "Invalid access token")
    if (token.expiresAt <= clock.nowMs()) return unauthorized(res, "Access token expired")
    const merchantHeader = req.get("x-merchant-id")
    if (merchantHeader && merchantHeader !== token.principal.merchantId) {
      return sendVaultError(res, 403, "COMMON", "X-Merchant-ID does not match the token's merchant", "X-Merchant-ID")
    }
    ;(req as AuthedRequest).principal = token.principal
    next()
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field]
  return typeof value === "string" && value.trim() ? value.trim() : undefined
}
