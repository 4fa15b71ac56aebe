import { defineMiddlewares, validateAndTransformQuery } from "@medusajs/framework/http"
import { AdminOrderOperationsQuery } from "./admin/financing/validators"

export default defineMiddlewares({
  routes: [
    {
      matcher: "/admin/financing/orders/:id/operations",
      method: ["GET"],
      middlewares: [validateAndTransformQuery(AdminOrderOperationsQuery, {})],
    },
  ],
})
