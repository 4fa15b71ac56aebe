import type { MiddlewareRoute } from "@medusajs/framework/http"

// flexshopper's store, return and webhook route middlewares (validation, raw bodies).
export const flexshopperMiddlewares: MiddlewareRoute[] = []
