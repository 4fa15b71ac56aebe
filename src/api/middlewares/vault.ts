import type { MiddlewareRoute } from "@medusajs/framework/http"

// vault's store, return and webhook route middlewares (validation, raw bodies).
export const vaultMiddlewares: MiddlewareRoute[] = []
