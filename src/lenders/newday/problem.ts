/**
 * NewDay errors are RFC 7807 `application/problem+json` with URN types such as
 * `newday:generic:error:validation` (spec §7, NewDay API guidelines). Azure API Management,
 * in front of the gateway, answers 401/429 with its own `{ statusCode, message }` instead.
 * Both become a LenderErrorEnvelope: code = the problem type, message = detail, title or the
 * validation errors by field, request id = traceId.
 */
import type { LenderErrorEnvelope } from "../http-types"
import type { NewDayProblem } from "./types"

const MAX_FIELD_ERRORS = 5

function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() ? value.trim() : undefined
}

/** "amount.value: must be positive; orderReference: is required". */
export function describeValidationErrors(errors: unknown): string | undefined {
  if (!errors || typeof errors !== "object" || Array.isArray(errors)) return undefined
  const parts: string[] = []
  for (const [field, messages] of Object.entries(errors as Record<string, unknown>)) {
    const list = Array.isArray(messages) ? messages.filter((m): m is string => typeof m === "string") : []
    parts.push(list.length ? `${field}: ${list.join(", ")}` : field)
    if (parts.length === MAX_FIELD_ERRORS) break
  }
  return parts.length ? parts.join("; ") : undefined
}

export function parseNewDayError(status: number, body: unknown): LenderErrorEnvelope | undefined {
  if (!body || typeof body !== "object" || Array.isArray(body)) return undefined
  const problem = body as NewDayProblem & { statusCode?: unknown; message?: unknown }
  const type = nonEmpty(problem.type)
  const fieldErrors = describeValidationErrors(problem.errors)
  const detail = nonEmpty(problem.detail)
  const title = nonEmpty(problem.title)
  if (type || title || detail || fieldErrors) {
    const message = [detail ?? title, fieldErrors].filter(Boolean).join(" — ") || undefined
    return { code: type, message, requestId: nonEmpty(problem.traceId) }
  }
  // Azure API Management's own body (missing/invalid subscription key, throttling).
  const apimMessage = nonEmpty(problem.message)
  if (apimMessage) {
    return {
      code: `apim:${typeof problem.statusCode === "number" ? problem.statusCode : status}`,
      message: apimMessage,
    }
  }
  // NewDay's guidelines allow an empty `{}` problem body for 401/403/404/429/500.
  return undefined
}

/** Problem types the sandbox and (per spec §7) NewDay use. */
export const NEWDAY_PROBLEM_TYPES = {
  validation: "newday:generic:error:validation",
  missing: "newday:generic:error:missing",
  unavailable: "newday:generic:error:unavailable",
  amountExceedsRemaining: "newday:merchant-gateway:error:amountExceedsRemaining",
  partialNotAllowed: "newday:merchant-gateway:error:partialNotAllowed",
  scaRequired: "newday:merchant-gateway:error:scaRequired",
  idempotencyConflict: "newday:merchant-gateway:error:idempotencyConflict",
  invalidState: "newday:merchant-gateway:error:invalidState",
} as const
