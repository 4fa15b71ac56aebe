import type { MiddlewareRoute } from "@medusajs/framework/http"

// payment-assist's store, return and webhook route middlewares (validation, raw bodies).
export const paymentAssistMiddlewares: MiddlewareRoute[] = []
