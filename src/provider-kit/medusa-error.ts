import { MedusaError } from "@medusajs/framework/utils"
import { isLenderError, type LenderError } from "../lenders/errors"

/**
 * The one place a lender failure becomes a MedusaError (providers, workflows and routes all
 * call this). The HTTP status in the right-hand column is what Medusa's error handler
 * (@medusajs/framework/dist/http/middlewares/error-handler.js) answers with.
 *
 * | LenderError                                        | MedusaError.Types           | Medusa HTTP |
 * |----------------------------------------------------|-----------------------------|-------------|
 * | declined === true (any status)                     | PAYMENT_AUTHORIZATION_ERROR | 422 (*)     |
 * | HTTP 402                                           | PAYMENT_AUTHORIZATION_ERROR | 422 (*)     |
 * | kind "validation"                                  | INVALID_DATA                | 400         |
 * | HTTP 400, 422                                      | INVALID_DATA                | 400         |
 * | HTTP 404                                           | NOT_FOUND                   | 404         |
 * | HTTP 409                                           | NOT_ALLOWED (**)            | 400         |
 * | HTTP 401, 403                                      | UNEXPECTED_STATE (***)      | 500         |
 * | HTTP 429, 5xx, other; kinds network / timeout /    | UNEXPECTED_STATE            | 500         |
 * |   malformed / config                               |                             |             |
 * | an existing MedusaError                            | returned unchanged          | —           |
 * | a MoneyError (money.ts: bad amount)                | INVALID_DATA, its message   | 400         |
 * | anything else                                      | UNEXPECTED_STATE, generic   | 500         |
 *
 * (*)   /store/carts/:id/complete turns PAYMENT_AUTHORIZATION_ERROR into a 200 with the cart
 *       and the error message, so the storefront can show the decline and offer another method.
 * (**)  CONFLICT exists, but the error handler REPLACES its message with a generic
 *       "retry with the provided Idempotency-Key" text — the lender, operation and lender
 *       code would never reach the caller, and the advice is wrong (a lender 409 means "wrong
 *       state", e.g. already captured; retrying won't help). NOT_ALLOWED keeps the message.
 * (***) A 401/403 from the lender means the MERCHANT's credentials (API key, certificate) were
 *       refused. Passing it on as UNAUTHORIZED would tell the shopper to log in again.
 */
export interface LenderErrorFallback {
  lenderName: string
  operation: string
}

export function toMedusaError(err: unknown, fallback?: LenderErrorFallback): MedusaError {
  if (isLenderError(err)) {
    return fromLenderError(err)
  }
  if (err instanceof MedusaError || isMedusaErrorLike(err)) {
    return err as MedusaError
  }
  // money.ts errors describe the bad amount without echoing it (matched by name to keep
  // this file independent of the money helpers' layout).
  if (err instanceof Error && err.name === "MoneyError") {
    return new MedusaError(MedusaError.Types.INVALID_DATA, err.message)
  }
  // Unknown errors may carry anything (a stack, a URL with a key, a raw body), and
  // UNEXPECTED_STATE messages go out verbatim in the 500 response — so say nothing specific.
  const who = fallback ? `${fallback.lenderName} ${fallback.operation}` : "Lender request"
  return new MedusaError(
    MedusaError.Types.UNEXPECTED_STATE,
    `${who} failed: an unexpected error occurred. See the server logs for details.`,
  )
}

function fromLenderError(err: LenderError): MedusaError {
  return new MedusaError(medusaTypeFor(err), messageFor(err))
}

export function medusaTypeFor(err: LenderError): string {
  const status = err.httpStatus
  if (err.declined || status === 402) {
    return MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR
  }
  if (err.kind === "validation" || status === 400 || status === 422) {
    return MedusaError.Types.INVALID_DATA
  }
  if (status === 404) {
    return MedusaError.Types.NOT_FOUND
  }
  if (status === 409) {
    return MedusaError.Types.NOT_ALLOWED
  }
  return MedusaError.Types.UNEXPECTED_STATE
}

function messageFor(err: LenderError): string {
  if (!err.declined && (err.httpStatus === 401 || err.httpStatus === 403)) {
    return (
      `${err.message}. ${err.lenderName} rejected the store's credentials; ` +
      `check the plugin's ${err.lenderName} configuration.`
    )
  }
  return err.message
}

function isMedusaErrorLike(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { __isMedusaError?: unknown }).__isMedusaError === true
}
