import { z } from "@medusajs/framework/zod"
import { cartIdSchema } from "../../../../provider-kit/validate-request"

/** Major units with at most two decimals, as text ("450", "12.50"): never a float. */
const POUNDS = /^(0|[1-9]\d{0,8})(\.\d{1,2})?$/

export const PaymentAssistPlansQuery = z
  .object({
    amount: z
      .string()
      .regex(POUNDS, "amount must be in pounds with at most two decimals, e.g. 450 or 12.50")
      .optional(),
    cart_id: cartIdSchema().optional(),
    plan_id: z.coerce.number().int().positive().optional(),
  })
  .strict()
  .refine((q) => Boolean(q.amount) !== Boolean(q.cart_id), {
    message: "give either amount or cart_id",
    path: ["amount"],
  })
export type PaymentAssistPlansQueryType = z.infer<typeof PaymentAssistPlansQuery>

export const PaymentAssistCartBody = z.object({ cart_id: cartIdSchema() }).strict()
export type PaymentAssistCartBodyType = z.infer<typeof PaymentAssistCartBody>
