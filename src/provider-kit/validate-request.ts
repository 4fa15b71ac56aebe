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
