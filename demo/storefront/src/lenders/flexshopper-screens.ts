// The shopper-facing steps of a FlexShopper application, each resolving with FlexShopper's view
// of the shopper (`customer.next_step` says what comes next). Personal data (SSN, date of birth,
// income, bank details) goes from the form straight to the store route and is not kept here.
import type { HttpTypes } from "@medusajs/types"
import { el } from "../dom"
import type { FlexCustomer, FlexShopperApi } from "./flexshopper-api"
import { errorText, SIGN_IN_AT_FLEXSHOPPER } from "./flexshopper-api"
import { field, screen } from "./flexshopper-view"
import type { CheckoutContext } from "./types"

const LEAVE = "You left the FlexShopper application. Choose another way to pay."
const text = (values: FormData, name: string) => String(values.get(name) ?? "").trim()
const digitsOf = (value: string) => value.replace(/[\s().-]/g, "")

/** Existing account (phone + SSN lookup) or a new one from the cart's email and name. */
export function accountScreen(ctx: CheckoutContext, api: FlexShopperApi): Promise<FlexCustomer> {
  const phone = usPhone(ctx.cart)
  return screen<FlexCustomer>(ctx.mount, {
    testId: "flexshopper-account",
    title: "Lease to own with FlexShopper",
    intro: [
      el(
        "p",
        {},
        "FlexShopper needs an account to decide on your lease. It takes a few minutes and does not affect your credit score in this demo.",
      ),
    ],
    leaveMessage: LEAVE,
    forms: [
      {
        testId: "flexshopper-create-account",
        heading: "New to FlexShopper",
        fields: [el("p", {}, `We'll create your account for ${ctx.cart.email ?? "the email on this order"}.`)],
        submitLabel: "Create my FlexShopper account",
        onSubmit: async () => {
          try {
            return (await api.createAccount()).customer
          } catch (error) {
            throw new Error(errorText(error, "FlexShopper could not create the account."))
          }
        },
      },
      {
        testId: "flexshopper-lookup",
        heading: "Already have a FlexShopper account",
        fields: [
          field({
            name: "lookup_phone",
            label: "Mobile phone",
            type: "tel",
            value: phone,
            autocomplete: "tel-national",
          }),
          field({ name: "lookup_ssn", label: "Social Security number", inputmode: "numeric" }),
        ],
        submitLabel: "Find my account",
        onSubmit: async (values) => {
          let found
          try {
            found = await api.lookup(text(values, "lookup_phone"), text(values, "lookup_ssn"))
          } catch (error) {
            throw new Error(errorText(error, "FlexShopper could not look the account up."))
          }
          if (!found.found)
            throw new Error(
              "FlexShopper has no account with that phone number and SSN. Check them, or create a new account.",
            )
          return SIGN_IN_AT_FLEXSHOPPER
        },
      },
    ],
  })
}

const PAY_FREQUENCIES = [
  { value: "weekly", label: "Weekly" },
  { value: "biweekly", label: "Every two weeks" },
  { value: "semimonthly", label: "Twice a month" },
  { value: "monthly", label: "Monthly" },
]

/** Prequalification: identity, income and the bank account FlexShopper pays from. */
export function applicationScreen(
  ctx: CheckoutContext,
  api: FlexShopperApi,
  customer: FlexCustomer,
): Promise<FlexCustomer> {
  const address = billingAddress(ctx.cart)
  return screen<FlexCustomer>(ctx.mount, {
    testId: "flexshopper-application",
    title: `Apply for your lease${customer.first_name ? `, ${customer.first_name}` : ""}`,
    intro: [
      el("p", {}, "FlexShopper decides at once. Your details go to FlexShopper only; this store does not keep them."),
    ],
    leaveMessage: LEAVE,
    forms: [
      {
        testId: "flexshopper-apply",
        fields: [
          field({ name: "ssn", label: "Social Security number", inputmode: "numeric", hint: "9 digits" }),
          field({ name: "date_of_birth", label: "Date of birth", type: "date", autocomplete: "bday" }),
          field({ name: "monthly_income", label: "Monthly income (whole dollars)", inputmode: "numeric" }),
          field({
            name: "pay_frequency",
            label: "How often are you paid?",
            choices: PAY_FREQUENCIES,
            value: "biweekly",
          }),
          field({
            name: "mobile_phone",
            label: "Mobile phone",
            type: "tel",
            value: usPhone(ctx.cart),
            autocomplete: "tel-national",
          }),
          field({
            name: "state",
            label: "State (billing address)",
            value: address?.province?.toUpperCase() ?? "",
            hint: "2-letter code, e.g. NY",
            autocomplete: "address-level1",
          }),
          field({ name: "routing_number", label: "Bank routing number", inputmode: "numeric", hint: "9 digits" }),
          field({ name: "account_number", label: "Bank account number", inputmode: "numeric" }),
          field({
            name: "account_type",
            label: "Account type",
            choices: [
              { value: "checking", label: "Checking" },
              { value: "savings", label: "Savings" },
            ],
          }),
        ],
        submitLabel: "Apply",
        onSubmit: async (values) => {
          const income = digitsOf(text(values, "monthly_income")).replace(/,/g, "")
          if (!/^\d+$/.test(income)) throw new Error("Monthly income: enter whole dollars, e.g. 4800.")
          const state = text(values, "state").toUpperCase()
          if (!/^[A-Z]{2}$/.test(state))
            throw new Error("State: enter the 2-letter code of your billing address, e.g. NY.")
          await ensureBillingState(ctx, state)
          try {
            const { customer: next } = await api.prequalify({
              ssn: digitsOf(text(values, "ssn")),
              date_of_birth: text(values, "date_of_birth"),
              monthly_income: Number(income),
              pay_frequency: text(values, "pay_frequency"),
              mobile_phone: digitsOf(text(values, "mobile_phone")).replace(/^\+?1(?=\d{10}$)/, ""),
              bank_account: {
                routing_number: digitsOf(text(values, "routing_number")),
                account_number: digitsOf(text(values, "account_number")),
                type: text(values, "account_type") === "savings" ? "savings" : "checking",
              },
            })
            return next
          } catch (error) {
            throw new Error(errorText(error, "FlexShopper could not take the application."))
          }
        },
      },
    ],
  })
}

/** The knowledge-based identity questions; one wrong answer fails the check for good. */
export async function quizScreen(ctx: CheckoutContext, api: FlexShopperApi): Promise<FlexCustomer> {
  const { quiz } = await api.quiz()
  const questions = quiz.questions.map((q, qi) =>
    el(
      "fieldset",
      { class: "lender-question", "data-testid": "flexshopper-kba-question" },
      el("legend", {}, q.label),
      ...q.choices.map((choice, ci) => {
        const id = `flexshopper-kba-${qi}-${ci}`
        return el(
          "div",
          { class: "lender-choice" },
          el("input", { type: "radio", id, name: q.id, value: choice.id, required: "" }),
          el("label", { for: id }, choice.label),
        )
      }),
    ),
  )
  return screen<FlexCustomer>(ctx.mount, {
    testId: "flexshopper-verification",
    title: "Confirm it's you",
    intro: [el("p", {}, "FlexShopper asks a few questions from public records to confirm your identity.")],
    leaveMessage: LEAVE,
    forms: [
      {
        testId: "flexshopper-kba",
        fields: questions,
        submitLabel: "Confirm my identity",
        onSubmit: async (values) => {
          const answers = quiz.questions.map((q) => ({ question_id: q.id, choice_id: String(values.get(q.id) ?? "") }))
          if (answers.some((a) => !a.choice_id)) throw new Error("Answer every question.")
          try {
            return (await api.answer(quiz.id, answers)).customer
          } catch (error) {
            throw new Error(errorText(error, "FlexShopper could not check the answers."))
          }
        },
      },
    ],
  })
}

function billingAddress(cart: HttpTypes.StoreCart): HttpTypes.StoreCartAddress | undefined {
  return cart.billing_address ?? cart.shipping_address ?? undefined
}

/** The cart's phone as 10 US digits, when it is one. */
function usPhone(cart: HttpTypes.StoreCart): string {
  const digits = (billingAddress(cart)?.phone ?? "").replace(/\D/g, "").replace(/^1(?=\d{10}$)/, "")
  return /^\d{10}$/.test(digits) ? digits : ""
}

/** FlexShopper reads the state from the cart's billing address: make sure it is the one typed. */
async function ensureBillingState(ctx: CheckoutContext, state: string): Promise<void> {
  const address = billingAddress(ctx.cart)
  if (!address) throw new Error("FlexShopper needs the order's billing address; go back and enter it.")
  if ((ctx.cart.billing_address?.province ?? "").toUpperCase() === state) return
  const { first_name, last_name, company, address_1, address_2, city, postal_code, country_code, phone } = address
  const clean = (v: string | null | undefined) => v ?? undefined
  try {
    await ctx.sdk.store.cart.update(ctx.cart.id, {
      billing_address: {
        first_name: clean(first_name),
        last_name: clean(last_name),
        company: clean(company),
        address_1: clean(address_1),
        address_2: clean(address_2),
        city: clean(city),
        postal_code: clean(postal_code),
        country_code: clean(country_code),
        phone: clean(phone),
        province: state,
      },
    })
    ctx.cart = await ctx.refreshCart()
  } catch (error) {
    throw new Error(errorText(error, "The billing address could not be updated."))
  }
}
