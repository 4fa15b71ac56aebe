import {
  validateAndTransformBody,
  validateAndTransformQuery,
  type MedusaNextFunction,
  type MedusaRequest,
  type MedusaResponse,
  type MiddlewareRoute,
} from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import type { z } from "@medusajs/framework/zod"
import {
  AdminConfirmReceiptBody,
  AdminEmptyBody,
  AdminFinancingOrderQuery,
  AdminLenderSlugParams,
  AdminOperationParams,
  AdminOrderOperationsQuery,
  AdminOrderParams,
  AdminReconciliationQuery,
} from "../admin/financing/validators"
import { rejectDeepQueryKeys } from "../../provider-kit/validate-request"

const BASE = "/admin/financing"

/**
 * Medusa validates bodies and queries; path parameters are checked here with the same zod
 * schemas, answering 400 with the parameter named (never its value).
 */
function validateParams(schema: z.ZodType) {
  return (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    const parsed = schema.safeParse(req.params)
    if (parsed.success) return next()
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "path"} ${issue.message}`)
    next(new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid request: ${problems.join("; ")}`))
  }
}

// The plugin's admin routes (everything under /admin is authenticated by Medusa itself).
export const adminMiddlewares: MiddlewareRoute[] = [
  {
    matcher: `${BASE}/orders/:id/operations`,
    methods: ["GET"],
    middlewares: [rejectDeepQueryKeys("Financing"), validateAndTransformQuery(AdminOrderOperationsQuery, {})],
  },
  {
    matcher: `${BASE}/orders/:id`,
    methods: ["GET"],
    middlewares: [
      validateParams(AdminOrderParams),
      rejectDeepQueryKeys("Financing"),
      validateAndTransformQuery(AdminFinancingOrderQuery, {}),
    ],
  },
  {
    matcher: `${BASE}/orders/:id/sync`,
    methods: ["POST"],
    middlewares: [validateParams(AdminOrderParams), validateAndTransformBody(AdminEmptyBody)],
  },
  {
    matcher: `${BASE}/orders/:id/operations/:operation_id/retry`,
    methods: ["POST"],
    middlewares: [validateParams(AdminOperationParams), validateAndTransformBody(AdminEmptyBody)],
  },
  {
    matcher: `${BASE}/lenders/:slug/settings`,
    methods: ["GET"],
    middlewares: [validateParams(AdminLenderSlugParams)],
  },
  {
    // The body is checked by the route (lenderSettingsPatch): the messages name the lender.
    matcher: `${BASE}/lenders/:slug/settings`,
    methods: ["POST"],
    middlewares: [validateParams(AdminLenderSlugParams)],
  },
  {
    // The body is checked by the route (saveLenderCredentials): its messages never echo a value.
    matcher: `${BASE}/lenders/:slug/credentials`,
    methods: ["POST"],
    middlewares: [validateParams(AdminLenderSlugParams)],
  },
  {
    matcher: `${BASE}/lenders/:slug/reconciliation`,
    methods: ["GET"],
    middlewares: [
      validateParams(AdminLenderSlugParams),
      rejectDeepQueryKeys("Financing"),
      validateAndTransformQuery(AdminReconciliationQuery, {}),
    ],
  },
  {
    matcher: `${BASE}/lenders/:slug/test-connection`,
    methods: ["POST"],
    middlewares: [validateParams(AdminLenderSlugParams), validateAndTransformBody(AdminEmptyBody)],
  },
  {
    matcher: `${BASE}/flexshopper/orders/:id/confirm-receipt`,
    methods: ["POST"],
    middlewares: [validateParams(AdminOrderParams), validateAndTransformBody(AdminConfirmReceiptBody)],
  },
]
