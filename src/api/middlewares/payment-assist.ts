import { validateAndTransformBody, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { PaymentAssistCartBody, PaymentAssistPlansQuery } from "../store/financing/payment-assist/validators"

// payment-assist's store, return and webhook route middlewares (validation, raw bodies).
export const paymentAssistMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/financing/payment-assist/plans",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(PaymentAssistPlansQuery, {})],
  },
  {
    matcher: "/store/financing/payment-assist/preapproval",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(PaymentAssistCartBody)],
  },
  {
    matcher: "/store/financing/payment-assist/sessions",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(PaymentAssistCartBody)],
  },
  // Webhooks are verified from the fields Payment Assist signs; the raw bytes are kept for the log.
  {
    matcher: "/hooks/financing/payment-assist",
    methods: ["POST"],
    bodyParser: { preserveRawBody: true },
  },
]
