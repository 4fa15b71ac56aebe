// What the plugin's store routes answer (the fields a storefront reads; see docs/storefront.md).

export interface PaymentAssistPlan {
  plan_id: number
  name: string
  instalments: number
  eligible: boolean
  reason: { code: string; limit: string | null; message: string } | null
  schedule?: Array<{ date: string; amount: string }>
  headline?: string
}

export interface PaymentAssistPlans {
  currency_code: string
  amount: string
  /** Major units as text ("112.50"); null when no plan covers the amount. */
  from_monthly: string | null
  plans: PaymentAssistPlan[]
}

export interface FlexCustomer {
  first_name: string
  decision: { status: string; spending_limit: number; available_balance: number } | null
  verification_status: string | null
  spending_hold: boolean
  next_step: "create_account" | "prequalification" | "verification" | "session" | "wait" | "declined" | "sign_in"
}

export interface FlexOptions {
  available: boolean
  reasons: Array<{ code: string; message: string }>
  cart_total: string | null
  minimum_order_value: string | null
  currency_code: string
}

export interface FlexQuiz {
  id: string
  questions: Array<{ id: string; label: string; choices: Array<{ id: string; label: string }> }>
}

export interface FlexApplication {
  ssn: string
  date_of_birth: string
  monthly_income: number
  pay_frequency: string
  mobile_phone: string
  bank_account: { routing_number: string; account_number: string; type: "checking" | "savings" }
}

/** What FlexSDK's `actions.transaction.create` receives: built by the backend from the cart. */
export type FlexLeaseOrder = { transactionId: string; cost: number; items: unknown[] } & Record<string, unknown>

export interface FlexSession {
  payment_session: { id: string; status: string; data: Record<string, unknown> }
  /** auth_code is null when the shopper signs in to FlexShopper in its window (sign_in_required). */
  modal: { script_url: string; auth_code: string | null; sign_in_required: boolean; transaction: FlexLeaseOrder }
}

export type FlexCompletion =
  { type: "order"; order: { id: string; display_id?: number } } | { type: "cart"; error?: { message?: string } }

export interface NewDaySpendOption {
  spend_option_id?: string
  name: string
  description?: string
  spend_type: string
  /** A fraction: 0.199 = 19.9 %. */
  interest_rate: number
  duration?: number
  monthly_payment?: string
  interest_to_pay?: string
  total_repayable?: string
}

export interface NewDaySpendOptions {
  amount: string
  currency_code: string
  options: NewDaySpendOption[]
  from_monthly_payment: string | null
  from_duration: number | null
}

export interface VaultPaymentType {
  type: "CHECKOUT" | "PLATFORM" | "EXTERNAL"
  name: string
  description: string
}

export interface VaultAccount {
  id: string
  name: string | null
  currency: string
  available_balance: string
  usable: boolean
  sufficient: boolean
}

/** GET /store/financing/offers: the lenders this cart (or amount) may use, in the store owner's order. */
/**
 * A repayment figure and the representative example it needs (FCA CONC 3.5.5R), in the store
 * owner's wording. Show the example more prominently than the headline.
 */
export interface FinancingPromotion {
  /** "From £112.50 a month with Payment Assist". */
  headline: string
  representative_example: string
  /** The example's figures; amounts in major units as text, rates as percentage text. */
  figures: {
    currency: string
    cash_price: string
    deposit: string
    credit_amount: string
    instalments: number
    instalment: string
    duration_months: number
    total_payable: string
    interest: string
    apr: string
    interest_rate: string
  }
}

export interface FinancingOffers {
  cart_id?: string
  offers: Array<{
    lender: string
    provider_id: string
    /** The name and description the store owner chose. */
    name: string
    description: string | null
    /** Null when the owner turned messaging off or the lender quotes no repayments for the amount. */
    promotion: FinancingPromotion | null
  }>
  /** Each lender left out, with why and a sentence to show the shopper. */
  not_offered: Array<{
    lender: string
    provider_id: string
    reason:
      | "disabled"
      | "currency"
      | "country"
      | "below_minimum"
      | "above_maximum"
      | "not_in_region"
      | "not_installed"
      | "declined"
      | "abandoned"
    message: string
  }>
}
