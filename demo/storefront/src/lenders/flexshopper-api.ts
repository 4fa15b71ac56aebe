// The plugin's FlexShopper store routes, typed. Every call goes through the js-sdk client (it adds
// the publishable key); amounts and the lease order are always computed by the backend.
import type Medusa from "@medusajs/js-sdk"

export interface FlexCustomer {
  first_name: string
  decision: { status: string; spending_limit: number; available_balance: number } | null
  verification_status: string | null
  spending_hold: boolean
  next_step: "create_account" | "prequalification" | "verification" | "session" | "wait" | "declined" | "sign_in"
}

/**
 * An account found by phone + SSN: the store learns nothing about it (phone and SSN are not proof of
 * being its owner); the shopper signs in to FlexShopper in its own window to use it.
 */
export const SIGN_IN_AT_FLEXSHOPPER: FlexCustomer = { first_name: "", decision: null, verification_status: null, spending_hold: false, next_step: "sign_in" }

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

/** What `actions.transaction.create` receives: built server-side from the cart. */
export type FlexLeaseOrder = { transactionId: string; cost: number; items: unknown[] } & Record<string, unknown>

export interface FlexSession {
  payment_session: { id: string; status: string; data: Record<string, unknown> }
  /** auth_code is null when the shopper signs in to FlexShopper in the modal (sign_in_required). */
  modal: { script_url: string; auth_code: string | null; sign_in_required: boolean; transaction: FlexLeaseOrder }
}

export type FlexCompletion =
  | { type: "order"; order: { id: string; display_id?: number } }
  | { type: "cart"; error?: { message?: string } }

const BASE = "/store/financing/flexshopper"

export function flexShopperApi(sdk: Medusa, cartId: string) {
  const get = <T>(path: string) => sdk.client.fetch<T>(`${BASE}${path}`, { query: { cart_id: cartId } })
  const post = <T>(path: string, body: Record<string, unknown> = {}) =>
    sdk.client.fetch<T>(`${BASE}${path}`, { method: "POST", body: { cart_id: cartId, ...body } })
  return {
    options: () => get<FlexOptions>("/options"),
    customer: () => get<{ customer: FlexCustomer }>("/customer"),
    lookup: (mobilePhone: string, ssn: string) =>
      post<{ found: true; next_step: "sign_in" } | { found: false; next_step: string }>("/account/lookup", { mobile_phone: mobilePhone, ssn }),
    createAccount: () => post<{ created: true; customer: FlexCustomer }>("/account"),
    prequalify: (application: FlexApplication) => post<{ customer: FlexCustomer }>("/prequalification", { ...application }),
    quiz: () => get<{ quiz: FlexQuiz }>("/verification"),
    answer: (quizId: string, answers: Array<{ question_id: string; choice_id: string }>) =>
      post<{ customer: FlexCustomer }>("/verification", { quiz_id: quizId, answers }),
    session: () => post<FlexSession>("/session"),
    authCode: () => post<{ auth_code: string | null; sign_in_required: boolean; script_url: string }>("/auth-code"),
    complete: () => post<FlexCompletion>("/complete"),
  }
}

export type FlexShopperApi = ReturnType<typeof flexShopperApi>

/** The backend's message ("FlexShopper: …") for a failed call, or a plain fallback. */
export function errorText(error: unknown, fallback: string): string {
  const message = (error as { message?: unknown } | null)?.message
  return typeof message === "string" && message.trim() ? message : fallback
}
