import { authenticate, type MedusaNextFunction, type MedusaRequest, type MedusaResponse, type MiddlewareRoute } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import type { z } from "@medusajs/framework/zod"
import {
  FlexAccountCreate,
  FlexAccountLookup,
  FlexCartBody,
  FlexCartQuery,
  FlexPrequalification,
  FlexVerificationAnswers,
} from "../store/financing/flexshopper/validators"

const BASE = "/store/financing/flexshopper"

/**
 * Validates with the schema and answers 400 "FlexShopper: <field> …". Not Medusa's
 * validateAndTransformBody: its messages quote the submitted value ("got: '…'"), and these
 * bodies carry SSNs and bank numbers.
 */
function validate(schema: z.ZodType, where: "body" | "query") {
  return (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    const parsed = schema.safeParse(where === "body" ? req.body ?? {} : req.query ?? {})
    if (!parsed.success) {
      const details = parsed.error.issues.slice(0, 3).map((issue) => {
        const field = issue.path.join(".")
        return issue.message.startsWith(field) || !field ? issue.message : `${field}: ${issue.message}`
      })
      return next(new MedusaError(MedusaError.Types.INVALID_DATA, `FlexShopper: ${details.join("; ")}`))
    }
    if (where === "body") (req as MedusaRequest & { validatedBody: unknown }).validatedBody = parsed.data
    else (req as unknown as { validatedQuery: unknown }).validatedQuery = parsed.data
    next()
  }
}

// A signed-in shopper's cart stays theirs (loadFinancingCart checks it); guests are welcome.
const optionalCustomer = authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true })

const body = (path: string, schema: z.ZodType): MiddlewareRoute => ({ matcher: `${BASE}${path}`, method: ["POST"], middlewares: [optionalCustomer, validate(schema, "body")] })
const query = (path: string): MiddlewareRoute => ({ matcher: `${BASE}${path}`, method: ["GET"], middlewares: [optionalCustomer, validate(FlexCartQuery, "query")] })

// flexshopper's store routes: validation and optional customer auth.
export const flexshopperMiddlewares: MiddlewareRoute[] = [
  query("/options"),
  query("/customer"),
  query("/verification"),
  body("/account/lookup", FlexAccountLookup),
  body("/account", FlexAccountCreate),
  body("/prequalification", FlexPrequalification),
  body("/verification", FlexVerificationAnswers),
  body("/session", FlexCartBody),
  body("/auth-code", FlexCartBody),
  body("/complete", FlexCartBody),
]
