import { authenticate, type MiddlewareRoute } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { cartIdSchema, validateRequestWithoutEcho } from "../../provider-kit/validate-request"

// GET /store/financing/offers: a cart, or an amount for a product page (never both).
export const OffersQuery = z
  .object({
    cart_id: cartIdSchema().optional(),
    amount: z
      .string()
      .regex(/^\d{1,12}(\.\d{1,4})?$/, 'amount must be an amount in major units, such as "249.99"')
      .optional(),
    currency_code: z
      .string()
      .regex(/^[A-Za-z]{3}$/, "currency_code must be a 3-letter ISO currency code")
      .transform((value) => value.toLowerCase())
      .optional(),
    country_code: z
      .string()
      .regex(/^[A-Za-z]{2}$/, "country_code must be a 2-letter ISO country code")
      .transform((value) => value.toLowerCase())
      .optional(),
  })
  .strict()
  .refine((q) => Boolean(q.cart_id) !== Boolean(q.amount), {
    message: "give either cart_id, or amount with currency_code",
  })
  .refine((q) => !q.amount || Boolean(q.currency_code), { message: "currency_code is required with amount" })
export type OffersQueryType = z.infer<typeof OffersQuery>

export const offersMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/financing/offers",
    methods: ["GET"],
    middlewares: [
      authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true }),
      validateRequestWithoutEcho("Financing offers", OffersQuery, "query"),
    ],
  },
]
