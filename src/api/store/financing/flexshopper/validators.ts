// Request shapes of the FlexShopper store routes. Personal data (SSN, date of birth, income, bank
// details) is validated here and then only passed through to FlexShopper: never stored, never
// logged. Error messages never echo a submitted value.
import { z } from "@medusajs/framework/zod"
import { cartIdSchema } from "../../../../provider-kit/validate-request"

// Strict objects: like every plugin store route, these refuse fields they do not know (400 naming them).
const cartId = cartIdSchema()
const digits = (value: unknown) => (typeof value === "string" ? value.replace(/[\s().-]/g, "") : value)

export const FlexCartQuery = z.object({ cart_id: cartId }).strict()
export const FlexCartBody = z.object({ cart_id: cartId }).strict()

const mobilePhone = z.preprocess(
  digits,
  z.string({ error: "mobile_phone is required" }).regex(/^\d{10}$/, "mobile_phone must be a 10-digit US number"),
)
const ssn = z.preprocess(digits, z.string({ error: "ssn is required" }).regex(/^\d{9}$/, "ssn must be 9 digits"))

export const FlexAccountLookup = z.object({ cart_id: cartId, mobile_phone: mobilePhone, ssn }).strict()

export const FlexAccountCreate = z
  .object({
    cart_id: cartId,
    email: z.email("email must be an email address").optional(),
    first_name: z.string().min(1).max(100).optional(),
    last_name: z.string().min(1).max(100).optional(),
    password: z.string().min(8, "password must have at least 8 characters").max(128).optional(),
  })
  .strict()

export const FlexPrequalification = z
  .object({
    cart_id: cartId,
    mobile_phone: mobilePhone.optional(),
    ssn,
    date_of_birth: z
      .string({ error: "date_of_birth is required" })
      .regex(/^\d{4}-\d{2}-\d{2}$/, "date_of_birth must be YYYY-MM-DD"),
    monthly_income: z
      .number({ error: "monthly_income is required (whole dollars)" })
      .int("monthly_income must be whole dollars")
      .min(0, "monthly_income cannot be negative"),
    pay_frequency: z.enum(["weekly", "biweekly", "semimonthly", "monthly", "yearly", "none"], {
      error: "pay_frequency must be weekly, biweekly, semimonthly, monthly, yearly or none",
    }),
    bank_account: z.object(
      {
        routing_number: z.preprocess(
          digits,
          z
            .string({ error: "bank_account.routing_number is required" })
            .regex(/^\d{9}$/, "bank_account.routing_number must be 9 digits"),
        ),
        account_number: z.preprocess(
          digits,
          z
            .string({ error: "bank_account.account_number is required" })
            .regex(/^\d{4,17}$/, "bank_account.account_number must be 4 to 17 digits"),
        ),
        type: z.enum(["checking", "savings"], { error: "bank_account.type must be checking or savings" }),
      },
      { error: "bank_account is required" },
    ),
    opt_in_marketing: z.boolean().optional(),
  })
  .strict()

export const FlexVerificationAnswers = z
  .object({
    cart_id: cartId,
    quiz_id: z.string({ error: "quiz_id is required" }).min(1).max(2000, "quiz_id is too long"),
    answers: z
      .array(z.object({ question_id: z.string().min(1).max(100), choice_id: z.string().min(1).max(100) }).strict(), {
        error: "answers is required",
      })
      .min(1, "answers must not be empty")
      .max(20, "answers has too many entries"),
  })
  .strict()

export type FlexCartQueryType = z.infer<typeof FlexCartQuery>
export type FlexCartBodyType = z.infer<typeof FlexCartBody>
export type FlexAccountLookupType = z.infer<typeof FlexAccountLookup>
export type FlexAccountCreateType = z.infer<typeof FlexAccountCreate>
export type FlexPrequalificationType = z.infer<typeof FlexPrequalification>
export type FlexVerificationAnswersType = z.infer<typeof FlexVerificationAnswers>
