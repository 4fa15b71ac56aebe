// Who is calling: the merchant by its raw API key in `Authorization` (FlexShopper v3 takes the
// bare key, no scheme), and for customer-scoped routes the shopper by `Customer-Token`, which
// must have been issued to that same API key. FlexShopper documents 401 for missing or invalid
// credentials but no code: every such answer here is 401 `Unauthorized` (labelled).
import type { Request, RequestHandler, Response } from "express"
import type { Clock } from "../clock"
import type { Ledger } from "../ledger"
import type { CustomerTokenRecord, FlexShopperCollections, Merchant, SandboxUser } from "./model"
import { FsError, errorEnvelope } from "./wire"

export function merchantOf(res: Response): Merchant {
  return res.locals.merchant as Merchant
}

export function customerOf(res: Response): SandboxUser {
  return res.locals.customer as SandboxUser
}

/** A synchronous check as middleware: an FsError answers with the envelope, success continues. */
export function asMiddleware(check: (req: Request, res: Response) => void): RequestHandler {
  return (req, res, next) => {
    try {
      check(req, res)
      next()
    } catch (err) {
      if (err instanceof FsError) {
        res.status(err.status).json(errorEnvelope(err.status, err.code, err.message, err.data))
        return
      }
      next(err)
    }
  }
}

export function merchantCheck(c: FlexShopperCollections) {
  return (req: Request, res: Response): void => {
    const header = req.get("authorization")?.trim()
    if (!header) throw new FsError(401, "Unauthorized", "Missing Authorization header: send the FlexShopper API key")
    if (/^(bearer|basic)\s/i.test(header)) {
      throw new FsError(
        401,
        "Unauthorized",
        "Authorization must be the API key itself, without a Bearer or Basic scheme",
      )
    }
    const merchant = c.merchants.find((m) => m.apiKey === header)
    if (!merchant) throw new FsError(401, "Unauthorized", "The API key is not valid")
    res.locals.merchant = merchant
  }
}

export function customerCheck(c: FlexShopperCollections, clock: Clock, ledger: Ledger) {
  return (req: Request, res: Response): void => {
    const value = req.get("customer-token")?.trim()
    if (!value) throw new FsError(401, "Unauthorized", "This resource needs a Customer-Token header")
    const token: CustomerTokenRecord | undefined = c.tokens.get(value)
    if (!token || new Date(token.expiresAt).getTime() <= clock.nowMs()) {
      throw new FsError(401, "Unauthorized", "The customer token is unknown or expired")
    }
    const merchant = merchantOf(res)
    if (token.apiKey !== merchant.apiKey) {
      ledger.record({ type: "security.token-key-mismatch", ref: token.userId, data: { vendorId: merchant.vendorId } })
      throw new FsError(
        403,
        "CustomerTokenApiKeyMismatch",
        "This customer token was issued to a different API key. Customer tokens may only be used with the API key that created them; misuse can suspend both accounts.",
      )
    }
    const user = c.users.get(token.userId)
    if (!user) throw new FsError(401, "Unauthorized", "The customer token is unknown or expired")
    res.locals.customer = user
  }
}
