import { authenticate, type MiddlewareRoute } from "@medusajs/framework/http"
import { validateRequestWithoutEcho } from "../../provider-kit/validate-request"
import type { z } from "@medusajs/framework/zod"
import {
  FlexAccountCreate,
  FlexAccountLookup,
  FlexCartBody,
  FlexCartQuery,
  FlexPrequalification,
  FlexVerificationAnswers,
} from "../store/financing/flexshopper/validators"
import { flexShopperLender } from "../../providers/lenders"

const BASE = "/store/financing/flexshopper"

// Not Medusa's validateAndTransformBody: these bodies carry SSNs and bank numbers (see the helper).
const validate = (schema: z.ZodType, where: "body" | "query") =>
  validateRequestWithoutEcho(flexShopperLender.name, schema, where)

// A signed-in shopper's cart stays theirs (loadFinancingCart checks it); guests are welcome.
const optionalCustomer = authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true })

const body = (path: string, schema: z.ZodType): MiddlewareRoute => ({
  matcher: `${BASE}${path}`,
  methods: ["POST"],
  middlewares: [optionalCustomer, validate(schema, "body")],
})
const query = (path: string): MiddlewareRoute => ({
  matcher: `${BASE}${path}`,
  methods: ["GET"],
  middlewares: [optionalCustomer, validate(FlexCartQuery, "query")],
})

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
