// Request validation for routes that receive personal data or credentials (SSNs, bank numbers,
// passwords). Medusa's validateAndTransformBody/Query quote the submitted value in type errors
// ("…, got: '123-45-6789'"), and its error handler logs that message; this names the field and
// the lender and never echoes a value.
import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import type { z } from "@medusajs/framework/zod"

export function validateRequestWithoutEcho(lenderName: string, schema: z.ZodType, where: "body" | "query") {
  return (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    const parsed = schema.safeParse(where === "body" ? req.body ?? {} : req.query ?? {})
    if (!parsed.success) {
      const details = parsed.error.issues.slice(0, 3).map((issue) => {
        const field = issue.path.join(".")
        return issue.message.startsWith(field) || !field ? issue.message : `${field}: ${issue.message}`
      })
      return next(new MedusaError(MedusaError.Types.INVALID_DATA, `${lenderName}: ${details.join("; ")}`))
    }
    if (where === "body") (req as MedusaRequest & { validatedBody: unknown }).validatedBody = parsed.data
    else (req as unknown as { validatedQuery: unknown }).validatedQuery = parsed.data
    next()
  }
}

/**
 * For routes that keep Medusa's validateAndTransformQuery (admin list/retrieve routes that need its
 * fields/pagination handling): it throws a plain error — a 500 — for a query key with two or more
 * dots ("a.b.c=1") before the schema runs. Placed in front of it, this answers 400 naming the key.
 */
export function rejectDeepQueryKeys(scope: string) {
  return (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    const key = Object.keys(req.query ?? {}).find((k) => k.split(".").length > 2)
    if (key === undefined) return next()
    const shown = key.length > 60 ? `${key.slice(0, 60)}…` : key
    next(new MedusaError(MedusaError.Types.INVALID_DATA, `${scope}: query parameter "${shown}" is not accepted (a key may hold at most one ".")`))
  }
}
