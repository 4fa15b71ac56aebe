// Medusa reads one middlewares file; each lender keeps its own list in ./middlewares/<slug>.ts.
import { defineMiddlewares } from "@medusajs/framework/http"
import { refuseNulCharacters, refusePrototypeKeys } from "../provider-kit/validate-request"
import { adminMiddlewares } from "./middlewares/admin"
import { flexshopperMiddlewares } from "./middlewares/flexshopper"
import { newdayMiddlewares } from "./middlewares/newday"
import { offersMiddlewares } from "./middlewares/offers"
import { paymentAssistMiddlewares } from "./middlewares/payment-assist"
import { refuseTurnedAwayLender } from "./middlewares/turned-away"
import { vaultMiddlewares } from "./middlewares/vault"

// PostgreSQL cannot store NUL: returns and webhooks refuse it up front (400, not 500); the store
// routes refuse it in their validation (validateRequestWithoutEcho), after naming any broken field.
const nulGuards = [
  ...["/financing/*", "/hooks/financing/*"].map((matcher) => ({ matcher, middlewares: [refuseNulCharacters()] })),
  // Medusa's stock route stores the browser's `data` as JSON, which cannot hold NUL either (500 before),
  // and turns a `__proto__` key into a prototype it then fails to store (500 before).
  {
    matcher: "/store/payment-collections/:id/payment-sessions",
    methods: ["POST" as const],
    // …and, once a lender declined the collection's cart, refuses a new session with it (decline fallback).
    middlewares: [refuseNulCharacters(), refusePrototypeKeys(), refuseTurnedAwayLender()],
  },
]

export default defineMiddlewares({
  routes: [
    ...nulGuards,
    ...adminMiddlewares,
    ...paymentAssistMiddlewares,
    ...flexshopperMiddlewares,
    ...newdayMiddlewares,
    ...vaultMiddlewares,
    ...offersMiddlewares,
  ],
})
