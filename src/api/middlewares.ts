// Medusa reads one middlewares file; each lender keeps its own list in ./middlewares/<slug>.ts.
import { defineMiddlewares, validateAndTransformQuery } from "@medusajs/framework/http"
import { AdminOrderOperationsQuery } from "./admin/financing/validators"
import { refuseNulCharacters, rejectDeepQueryKeys } from "../provider-kit/validate-request"
import { adminMiddlewares } from "./middlewares/admin"
import { flexshopperMiddlewares } from "./middlewares/flexshopper"
import { newdayMiddlewares } from "./middlewares/newday"
import { paymentAssistMiddlewares } from "./middlewares/payment-assist"
import { vaultMiddlewares } from "./middlewares/vault"

// PostgreSQL cannot store NUL; every route reachable from outside refuses it up front (400, not 500).
const nulGuards = ["/store/financing/*", "/financing/*", "/hooks/financing/*"].map((matcher) => ({ matcher, middlewares: [refuseNulCharacters()] }))

export default defineMiddlewares({
  routes: [
    ...nulGuards,
    {
      matcher: "/admin/financing/orders/:id/operations",
      method: ["GET"],
      middlewares: [rejectDeepQueryKeys("Financing"), validateAndTransformQuery(AdminOrderOperationsQuery, {})],
    },
    ...adminMiddlewares,
    ...paymentAssistMiddlewares,
    ...flexshopperMiddlewares,
    ...newdayMiddlewares,
    ...vaultMiddlewares,
  ],
})
