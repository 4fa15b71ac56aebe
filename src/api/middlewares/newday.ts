import { authenticate, type MiddlewareRoute } from "@medusajs/framework/http"
import type { z } from "@medusajs/framework/zod"
import { validateCartIdParam, validateRequestWithoutEcho } from "../../provider-kit/validate-request"
import {
  NewDayCustomerSpendOptionsQuery,
  NewDayPaymentSessionBody,
  NewDayProductSpendOptionsQuery,
  NewDaySignInBody,
} from "../store/financing/newday/validators"
import { newDayLender } from "../../providers/lenders"

// Not Medusa's validateAndTransformQuery: it answers 500 to a query key with two dots
// ("a.b.c=1") before the schema runs; this answers 400 naming the key (see the helper).
const validate = (schema: z.ZodType, where: "body" | "query") =>
  validateRequestWithoutEcho(newDayLender.name, schema, where)

// Cart routes act for the cart's owner when the shopper is logged in (guest carts need no login).
const optionalCustomer = authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true })

// /carts/:id routes: the id is checked for shape after the body or query (400 naming "id", never echoed in a 404).
const cartIdParam = validateCartIdParam(newDayLender.name)

// newday's store and widget-return route middlewares (validation, optional customer auth).
export const newdayMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/financing/newday/spend-options",
    methods: ["GET"],
    middlewares: [validate(NewDayProductSpendOptionsQuery, "query")],
  },
  {
    matcher: "/store/financing/newday/carts/:id/sign-in",
    methods: ["POST"],
    middlewares: [optionalCustomer, validate(NewDaySignInBody, "body"), cartIdParam],
  },
  {
    matcher: "/store/financing/newday/carts/:id/spend-options",
    methods: ["GET"],
    middlewares: [optionalCustomer, validate(NewDayCustomerSpendOptionsQuery, "query"), cartIdParam],
  },
  {
    matcher: "/store/financing/newday/carts/:id/payment-session",
    methods: ["POST"],
    middlewares: [optionalCustomer, validate(NewDayPaymentSessionBody, "body"), cartIdParam],
  },
]
