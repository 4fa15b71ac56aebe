import { authenticate, type MiddlewareRoute, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import {
  NewDayCustomerSpendOptionsQuery,
  NewDayPaymentSessionBody,
  NewDayProductSpendOptionsQuery,
  NewDaySignInBody,
} from "../store/financing/newday/validators"

// Cart routes act for the cart's owner when the shopper is logged in (guest carts need no login).
const optionalCustomer = authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true })

// newday's store and widget-return route middlewares (validation, optional customer auth).
export const newdayMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/financing/newday/spend-options",
    method: ["GET"],
    middlewares: [validateAndTransformQuery(NewDayProductSpendOptionsQuery, {})],
  },
  {
    matcher: "/store/financing/newday/carts/:id/sign-in",
    method: ["POST"],
    middlewares: [optionalCustomer, validateAndTransformBody(NewDaySignInBody)],
  },
  {
    matcher: "/store/financing/newday/carts/:id/spend-options",
    method: ["GET"],
    middlewares: [optionalCustomer, validateAndTransformQuery(NewDayCustomerSpendOptionsQuery, {})],
  },
  {
    matcher: "/store/financing/newday/carts/:id/payment-session",
    method: ["POST"],
    middlewares: [optionalCustomer, validateAndTransformBody(NewDayPaymentSessionBody)],
  },
]
