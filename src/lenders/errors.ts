/**
 * The one error type every lender client throws. It carries what an operator needs to
 * chase a failure with the lender (their code, message and request id, our correlation id)
 * and nothing that must stay private: no request options, no headers, no raw bodies, no
 * cause chain (a transport error's `cause` could drag request details — API keys included —
 * into any logger that serialises errors).
 */

export type LenderErrorKind =
  /** The lender answered with a status we did not expect (usually non-2xx). */
  | "http"
  /** The request never completed at the transport level (reset, refused, TLS, DNS). */
  | "network"
  /** Connect or response deadline passed. */
  | "timeout"
  /** The lender answered 2xx but the body is not what its API promises (e.g. bad JSON). */
  | "malformed"
  /** We refused to send: the input breaks the lender's documented rules. */
  | "validation"
  /** The plugin is misconfigured (missing credentials, unreadable certificate, …). */
  | "config"

export interface LenderErrorInit {
  lender: string
  lenderName: string
  operation: string
  kind: LenderErrorKind
  httpStatus?: number
  lenderCode?: string
  lenderMessage?: string
  lenderRequestId?: string
  correlationId?: string
  /** Safe to repeat the same call later (see http-retry.ts for how the HTTP layer decides). */
  retryable?: boolean
  /**
   * The lender said "no" to the shopper (credit decline, over limit, …) as opposed to a
   * technical failure. Lender clients set it; it decides the Medusa error type.
   */
  declined?: boolean
  /** How many HTTP attempts were made before giving up. */
  attempts?: number
  /** Plain-words fallback used when the lender gave no message of its own. */
  description?: string
  /** Extra context, ALREADY REDACTED by the caller. */
  details?: Record<string, unknown>
}

const BRAND = Symbol.for("medusa-plugin-financing.LenderError")

/** Caps any lender-supplied text so a huge HTML error page can't become an error message. */
const MAX_TEXT = 300

function clip(text: string | undefined): string | undefined {
  if (text === undefined) {
    return undefined
  }
  const oneLine = text.replace(/\s+/g, " ").trim()
  if (!oneLine) {
    return undefined
  }
  return oneLine.length > MAX_TEXT ? `${oneLine.slice(0, MAX_TEXT)}…` : oneLine
}

export function formatLenderErrorMessage(init: LenderErrorInit): string {
  const reason = clip(init.lenderMessage) ?? clip(init.description) ?? "unexpected error"
  let message = `${init.lenderName} ${init.operation} failed: ${reason}`
  if (init.lenderCode) {
    message += ` [${clip(init.lenderCode)}]`
  }
  if (init.httpStatus !== undefined) {
    message += ` (HTTP ${init.httpStatus})`
  }
  return message
}

export class LenderError extends Error {
  readonly lender: string
  readonly lenderName: string
  readonly operation: string
  readonly kind: LenderErrorKind
  readonly httpStatus?: number
  readonly lenderCode?: string
  readonly lenderMessage?: string
  readonly lenderRequestId?: string
  readonly correlationId?: string
  readonly retryable: boolean
  readonly declined: boolean
  readonly attempts?: number
  readonly details?: Record<string, unknown>

  constructor(init: LenderErrorInit) {
    super(formatLenderErrorMessage(init))
    this.name = "LenderError"
    this.lender = init.lender
    this.lenderName = init.lenderName
    this.operation = init.operation
    this.kind = init.kind
    this.httpStatus = init.httpStatus
    this.lenderCode = clip(init.lenderCode)
    this.lenderMessage = clip(init.lenderMessage)
    this.lenderRequestId = init.lenderRequestId
    this.correlationId = init.correlationId
    this.retryable = init.retryable ?? false
    this.declined = init.declined ?? false
    this.attempts = init.attempts
    this.details = init.details
    // Survives two copies of this module (src vs built .medusa/server) where instanceof fails.
    Object.defineProperty(this, BRAND, { value: true, enumerable: false })
  }

  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = {
      name: this.name,
      message: this.message,
      lender: this.lender,
      lenderName: this.lenderName,
      operation: this.operation,
      kind: this.kind,
      httpStatus: this.httpStatus,
      lenderCode: this.lenderCode,
      lenderMessage: this.lenderMessage,
      lenderRequestId: this.lenderRequestId,
      correlationId: this.correlationId,
      retryable: this.retryable,
      declined: this.declined,
      attempts: this.attempts,
      details: this.details,
    }
    for (const key of Object.keys(json)) {
      if (json[key] === undefined) {
        delete json[key]
      }
    }
    return json
  }
}

export function isLenderError(value: unknown): value is LenderError {
  if (value instanceof LenderError) {
    return true
  }
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true
}

/**
 * The lender answered and said no (HTTP 4xx other than 408 and 429): nothing changed at the
 * lender and repeating the call cannot help — unlike a lost, timed-out, throttled or 5xx answer,
 * after which the lender may have done what was asked.
 */
export function isLenderRefusal(error: unknown): boolean {
  if (!isLenderError(error) || error.kind !== "http" || typeof error.httpStatus !== "number") return false
  return error.httpStatus >= 400 && error.httpStatus < 500 && error.httpStatus !== 408 && error.httpStatus !== 429
}
