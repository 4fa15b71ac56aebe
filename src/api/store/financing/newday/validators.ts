import { z } from "@medusajs/framework/zod"

const poundsText = z
  .string()
  .regex(/^(0|[1-9]\d{0,8})(\.\d{1,2})?$/, "amount must be an amount in pounds such as 450 or 449.99")
  .refine((v) => /[1-9]/.test(v), "amount must be greater than zero")

export const NewDayProductSpendOptionsQuery = z.object({ amount: poundsText }).strict()
export type NewDayProductSpendOptionsQueryType = z.infer<typeof NewDayProductSpendOptionsQuery>

const flag = z.enum(["true", "false"]).transform((v) => v === "true")

export const NewDayCustomerSpendOptionsQuery = z
  .object({
    promo_only: flag.optional(),
    zero_percent_only: flag.optional(),
    spend_type: z.string().max(50).optional(),
    order_by: z.enum(["InstalmentPaymentAmount"]).optional(),
  })
  .strict()
export type NewDayCustomerSpendOptionsQueryType = z.infer<typeof NewDayCustomerSpendOptionsQuery>

// Without spend_option_id the purchase goes on the shopper's revolving credit (NewDay: "spend option
// (optional, defaults to revolving credit if not provided)").
export const NewDayPaymentSessionBody = z.object({ spend_option_id: z.string().min(1).max(100).optional() }).strict()
export type NewDayPaymentSessionBodyType = z.infer<typeof NewDayPaymentSessionBody>

export const NewDaySignInBody = z.object({}).strict()
