import type { MiddlewareRoute } from "@medusajs/framework/http"

// newday's store, return and webhook route middlewares (validation, raw bodies).
export const newdayMiddlewares: MiddlewareRoute[] = []
