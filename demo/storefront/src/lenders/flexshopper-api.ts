// The plugin's FlexShopper store routes, typed. Every call goes through the js-sdk client (it adds
// the publishable key); amounts and the lease order are always computed by the backend.
import type Medusa from "@medusajs/js-sdk"
// The route shapes are the storefront kit's (packages/storefront-kit), written once.
import type {
  FlexApplication,
  FlexCompletion,
  FlexCustomer,
  FlexOptions,
  FlexQuiz,
  FlexSession,
} from "../../../../packages/storefront-kit/src/types"
export type {
  FlexApplication,
  FlexCompletion,
  FlexCustomer,
  FlexLeaseOrder,
  FlexOptions,
  FlexQuiz,
  FlexSession,
} from "../../../../packages/storefront-kit/src/types"

/**
 * An account found by phone + SSN: the store learns nothing about it (phone and SSN are not proof of
 * being its owner); the shopper signs in to FlexShopper in its own window to use it.
 */
export const SIGN_IN_AT_FLEXSHOPPER: FlexCustomer = {
  first_name: "",
  decision: null,
  verification_status: null,
  spending_hold: false,
  next_step: "sign_in",
}

const BASE = "/store/financing/flexshopper"

export function flexShopperApi(sdk: Medusa, cartId: string) {
  const get = <T>(path: string) => sdk.client.fetch<T>(`${BASE}${path}`, { query: { cart_id: cartId } })
  const post = <T>(path: string, body: Record<string, unknown> = {}) =>
    sdk.client.fetch<T>(`${BASE}${path}`, { method: "POST", body: { cart_id: cartId, ...body } })
  return {
    options: () => get<FlexOptions>("/options"),
    customer: () => get<{ customer: FlexCustomer }>("/customer"),
    lookup: (mobilePhone: string, ssn: string) =>
      post<{ found: true; next_step: "sign_in" } | { found: false; next_step: string }>("/account/lookup", {
        mobile_phone: mobilePhone,
        ssn,
      }),
    createAccount: () => post<{ created: true; customer: FlexCustomer }>("/account"),
    prequalify: (application: FlexApplication) =>
      post<{ customer: FlexCustomer }>("/prequalification", { ...application }),
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
