import { authenticate, type MiddlewareRoute } from "@medusajs/framework/http"
import type { z } from "@medusajs/framework/zod"
import { validateRequestWithoutEcho } from "../../provider-kit/validate-request"
import { PaymentAssistCartBody, PaymentAssistPlansQuery } from "../store/financing/payment-assist/validators"
import { paymentAssistLender } from "../../providers/lenders"

// Not Medusa's validateAndTransformQuery: it answers 500 to a query key with two dots
// ("a.b.c=1") before the schema runs; this answers 400 naming the key (see the helper).
const validate = (schema: z.ZodType, where: "body" | "query") =>
  validateRequestWithoutEcho(paymentAssistLender.name, schema, where)

// Without it req.auth_context is never set on these routes, so a signed-in shopper's own cart
// would be "not found" (loadFinancingCart only lets a registered customer's cart through to them).
const optionalCustomer = authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true })

// payment-assist's store, return and webhook route middlewares (validation, customer auth, raw bodies).
export const paymentAssistMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/financing/payment-assist/plans",
    methods: ["GET"],
    middlewares: [optionalCustomer, validate(PaymentAssistPlansQuery, "query")],
  },
  {
    matcher: "/store/financing/payment-assist/preapproval",
    methods: ["POST"],
    middlewares: [optionalCustomer, validate(PaymentAssistCartBody, "body")],
  },
  {
    matcher: "/store/financing/payment-assist/sessions",
    methods: ["POST"],
    middlewares: [optionalCustomer, validate(PaymentAssistCartBody, "body")],
  },
  // Webhooks are verified from the fields Payment Assist signs; the raw bytes are kept for the log.
  {
    matcher: "/hooks/financing/payment-assist",
    methods: ["POST"],
    bodyParser: { preserveRawBody: true },
  },
]
