// How the NewDay gateway talks: RFC 7807 problem+json errors with URN types (spec §7), money as
// { value, currencyCode } in pounds, and the merchant context headers checked on every API call
// (Azure API Management's subscription key first, then context-merchantId / context-tenantId).
import { randomUUID } from "node:crypto"
import type { NextFunction, Request, RequestHandler, Response } from "express"
import type { MerchantSettings } from "./settings"

export const PROBLEM = {
  validation: "newday:generic:error:validation",
  missing: "newday:generic:error:missing",
  unavailable: "newday:generic:error:unavailable",
  amountExceedsRemaining: "newday:merchant-gateway:error:amountExceedsRemaining",
  partialNotAllowed: "newday:merchant-gateway:error:partialNotAllowed",
  scaRequired: "newday:merchant-gateway:error:scaRequired",
  idempotencyConflict: "newday:merchant-gateway:error:idempotencyConflict",
  invalidState: "newday:merchant-gateway:error:invalidState",
} as const

const TITLES: Record<number, string> = {
  400: "One or more validation errors occurred.",
  403: "Forbidden",
  // The guideline's register titles (ProblemDetails.md) where it gives one.
  404: "The resource requested does not exist.",
  409: "The request conflicts with the current state of the resource.",
  415: "Unsupported Media Type",
  500: "An unexpected error occurred.",
  503: "Service can't process the request right now. e.g. one of the dependencies is unavailable.",
}

export interface ProblemInit {
  status: number
  type: string
  detail?: string
  title?: string
  errors?: Record<string, string[]>
  extensions?: Record<string, unknown>
}

export function problemBody(init: ProblemInit): Record<string, unknown> {
  return {
    type: init.type,
    title: init.title ?? TITLES[init.status] ?? "Error",
    status: init.status,
    ...(init.detail ? { detail: init.detail } : {}),
    ...(init.errors ? { errors: init.errors } : {}),
    traceId: randomUUID(),
    ...(init.extensions ?? {}),
  }
}

export function sendProblem(res: Response, init: ProblemInit): void {
  res
    .status(init.status)
    .type("application/problem+json")
    .send(JSON.stringify(problemBody(init)))
}

/**
 * NewDay's guideline shows the 401/403/404/415/429/500 problem bodies only as an empty `{}` with
 * Content-Type application/problem+json (spec §7 [GUIDE]); where no document names a URN type
 * (403 forbidden, 415 unsupported media type) the sandbox answers exactly that.
 */
export function sendEmptyProblem(res: Response, status: number): void {
  res.status(status).type("application/problem+json").send("{}")
}

export function validationProblem(res: Response, errors: Record<string, string[]>): void {
  sendProblem(res, { status: 400, type: PROBLEM.validation, errors })
}

/** Pence from a NewDay money object, or the validation messages for `field`. */
export function readMoney(value: unknown, field: string): { minor: number } | { errors: Record<string, string[]> } {
  const money = value as { value?: unknown; currencyCode?: unknown } | undefined
  const errors: Record<string, string[]> = {}
  if (!money || typeof money !== "object" || Array.isArray(money)) {
    return { errors: { [field]: [`The ${field} field is required.`] } }
  }
  if (money.currencyCode !== "GBP") errors[`${field}.currencyCode`] = ["Only GBP is supported."]
  const amount = money.value
  const text = typeof amount === "number" && Number.isFinite(amount) ? String(amount) : ""
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text)
  if (!match) errors[`${field}.value`] = ["The value must be a positive number with at most 2 decimal places."]
  if (Object.keys(errors).length) return { errors }
  const minor = Number(match![1]) * 100 + Number((match![2] ?? "0").padEnd(2, "0"))
  if (minor <= 0) return { errors: { [`${field}.value`]: ["The value must be greater than zero."] } }
  if (!Number.isSafeInteger(minor)) return { errors: { [`${field}.value`]: ["The value is too large."] } }
  return { minor }
}

export function toMoney(minor: number): { value: number; currencyCode: "GBP" } {
  return { value: minor / 100, currencyCode: "GBP" }
}

export interface MerchantRequest extends Request {
  merchant?: MerchantSettings
}

export function merchantOf(req: Request): MerchantSettings {
  const merchant = (req as MerchantRequest).merchant
  if (!merchant) throw new Error("merchant context middleware did not run")
  return merchant
}

/** Gateway checks every Order Processing call passes before reaching a handler. */
export function merchantContext(merchants: () => MerchantSettings[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    res.set("Api-Version", "1.0")
    const merchantId = req.get("context-merchantId")
    const merchant = merchants().find((m) => m.merchantId.toLowerCase() === (merchantId ?? "").toLowerCase())
    // APIM answers before the gateway sees the request, in its own body format.
    if (merchant?.subscriptionKey) {
      const key = req.get("Ocp-Apim-Subscription-Key")
      if (key !== merchant.subscriptionKey) {
        const message = key
          ? "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription."
          : "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API."
        res.status(401).json({ statusCode: 401, message })
        return
      }
    }
    const errors: Record<string, string[]> = {}
    if (!merchantId) errors["context-merchantId"] = ["The context-merchantId header is required."]
    if (!req.get("context-tenantId")) errors["context-tenantId"] = ["The context-tenantId header is required."]
    const version = req.get("Api-Version")
    if (version !== undefined && !/^1(\.\d+)?$/.test(version.trim()))
      errors["Api-Version"] = [`API version ${version} is not supported.`]
    if (Object.keys(errors).length) return validationProblem(res, errors)
    if (!merchant || merchant.tenantId !== req.get("context-tenantId")) {
      return sendEmptyProblem(res, 403)
    }
    if (req.method === "POST" && !req.is("application/json")) {
      return sendEmptyProblem(res, 415)
    }
    ;(req as MerchantRequest).merchant = merchant
    next()
  }
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() ? value : undefined
}
