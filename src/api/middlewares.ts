// Medusa reads one middlewares file; each lender keeps its own list in ./middlewares/<slug>.ts.
import { defineMiddlewares, validateAndTransformQuery } from "@medusajs/framework/http"
import { AdminOrderOperationsQuery } from "./admin/financing/validators"
import { refuseNulCharacters, refusePrototypeKeys, rejectDeepQueryKeys } from "../provider-kit/validate-request"
import { adminMiddlewares } from "./middlewares/admin"
import { flexshopperMiddlewares } from "./middlewares/flexshopper"
import { newdayMiddlewares } from "./middlewares/newday"
import { paymentAssistMiddlewares } from "./middlewares/payment-assist"
import { vaultMiddlewares } from "./middlewares/vault"

// PostgreSQL cannot store NUL: returns and webhooks refuse it up front (400, not 500); the store
// routes refuse it in their validation (validateRequestWithoutEcho), after naming any broken field.
const nulGuards = [
  ...["/financing/*", "/hooks/financing/*"].map((matcher) => ({ matcher, middlewares: [refuseNulCharacters()] })),
  // Medusa's stock route stores the browser's `data` as JSON, which cannot hold NUL either (500 before),
  // and turns a `__proto__` key into a prototype it then fails to store (500 before).
  { matcher: "/store/payment-collections/:id/payment-sessions", method: ["POST" as const], middlewares: [refuseNulCharacters(), refusePrototypeKeys()] },
]

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
