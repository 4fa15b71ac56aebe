// A typed client for every store route medusa-plugin-financing adds, on the store's own js-sdk
// instance (which adds the publishable key). The browser only ever sends the cart id and what the
// shopper typed: amounts, applicants and lease orders are computed by the backend from the cart.
import type Medusa from "@medusajs/js-sdk"
import type {
  FlexApplication,
  FlexCompletion,
  FlexCustomer,
  FlexOptions,
  FlexQuiz,
  FlexSession,
  NewDaySpendOptions,
  PaymentAssistPlans,
  VaultAccount,
  VaultPaymentType,
  FinancingOffers,
} from "./types"

export const PROVIDER_IDS = {
  "payment-assist": "pp_payment-assist_payment-assist",
  flexshopper: "pp_flexshopper_flexshopper",
  newday: "pp_newday_newday",
  vault: "pp_vault_vault",
} as const

export type LenderSlug = keyof typeof PROVIDER_IDS
export type FinancingProviderId = (typeof PROVIDER_IDS)[LenderSlug]

/** The lender behind a payment provider id, or undefined for any other provider. */
export function lenderOf(providerId: string | null | undefined): LenderSlug | undefined {
  return (Object.keys(PROVIDER_IDS) as LenderSlug[]).find((slug) => PROVIDER_IDS[slug] === providerId)
}

export const isFinancing = (providerId: string | null | undefined): providerId is FinancingProviderId =>
  !!lenderOf(providerId)

const BASE = "/store/financing"
const cartPath = (cartId: string) => encodeURIComponent(cartId)

export function createFinancingClient(sdk: Medusa) {
  const get = <T>(path: string, query?: Record<string, string>) =>
    sdk.client.fetch<T>(`${BASE}${path}`, query ? { query } : {})
  const post = <T>(path: string, body: Record<string, unknown>) =>
    sdk.client.fetch<T>(`${BASE}${path}`, { method: "POST", body })

  return {
    sdk,
    /**
     * The lenders to show: for a cart, or for a price on a product page ("249.99", with its
     * currency and, when known, the shopper's country). The same rules decide every session start.
     */
    offers: (input: { cart_id: string } | { amount: string; currency_code: string; country_code?: string }) =>
      get<FinancingOffers>("/offers", { ...input }),
    paymentAssist: {
      /** Quote for a price ("450", "12.50") or, with a cart id, the cart's total. */
      plans: (input: { amount: string } | { cart_id: string }) =>
        get<PaymentAssistPlans>("/payment-assist/plans", { ...input }),
      preapproval: (cartId: string) =>
        post<{ approved: boolean; message: string }>("/payment-assist/preapproval", { cart_id: cartId }),
      /** Opens the application; the shopper goes to redirect_url (Payment Assist's hosted page). */
      startSession: (cartId: string) => post<{ redirect_url: string }>("/payment-assist/sessions", { cart_id: cartId }),
    },
    flexshopper: {
      options: (cartId: string) => get<FlexOptions>("/flexshopper/options", { cart_id: cartId }),
      customer: (cartId: string) => get<{ customer: FlexCustomer }>("/flexshopper/customer", { cart_id: cartId }),
      lookup: (cartId: string, mobilePhone: string, ssn: string) =>
        post<{ found: boolean; next_step: string }>("/flexshopper/account/lookup", {
          cart_id: cartId,
          mobile_phone: mobilePhone,
          ssn,
        }),
      createAccount: (cartId: string) =>
        post<{ created: true; customer: FlexCustomer }>("/flexshopper/account", { cart_id: cartId }),
      prequalify: (cartId: string, application: FlexApplication) =>
        post<{ customer: FlexCustomer }>("/flexshopper/prequalification", { cart_id: cartId, ...application }),
      quiz: (cartId: string) => get<{ quiz: FlexQuiz }>("/flexshopper/verification", { cart_id: cartId }),
      answer: (cartId: string, quizId: string, answers: Array<{ question_id: string; choice_id: string }>) =>
        post<{ customer: FlexCustomer }>("/flexshopper/verification", { cart_id: cartId, quiz_id: quizId, answers }),
      session: (cartId: string) => post<FlexSession>("/flexshopper/session", { cart_id: cartId }),
      authCode: (cartId: string) =>
        post<{ auth_code: string | null; sign_in_required: boolean; script_url: string }>("/flexshopper/auth-code", {
          cart_id: cartId,
        }),
      /** Medusa's own complete route refuses FlexShopper: this one reads the signed lease first. */
      complete: (cartId: string) => post<FlexCompletion>("/flexshopper/complete", { cart_id: cartId }),
    },
    newday: {
      /** Illustrations for a price ("450.00"), for product pages and the payment option. */
      spendOptions: (amount: string) => get<NewDaySpendOptions>("/newday/spend-options", { amount }),
      signIn: (cartId: string) => post<{ sign_in_url: string }>(`/newday/carts/${cartPath(cartId)}/sign-in`, {}),
      /** The signed-in shopper's own options for the cart total, each with a spend_option_id. */
      cartSpendOptions: (cartId: string) =>
        get<NewDaySpendOptions>(`/newday/carts/${cartPath(cartId)}/spend-options`, {
          order_by: "InstalmentPaymentAmount",
        }),
      /** No spend option = the shopper's revolving NewPay credit (NewDay's default). */
      choose: (cartId: string, spendOptionId?: string) =>
        post<{ payment_session: { id: string; status: string } }>(
          `/newday/carts/${cartPath(cartId)}/payment-session`,
          spendOptionId ? { spend_option_id: spendOptionId } : {},
        ),
      /** The SCA widget URL NewDay asked for, held on the cart's NewDay session. */
      async scaWidgetUrl(cartId: string): Promise<string | undefined> {
        const { cart } = await sdk.store.cart.retrieve(cartId, {
          fields: "id,*payment_collection,*payment_collection.payment_sessions",
        })
        const session = cart.payment_collection?.payment_sessions?.find((s) => s.provider_id === PROVIDER_IDS.newday)
        const url = session?.status === "requires_more" ? session.data?.sca_widget_url : undefined
        return typeof url === "string" && /^https?:\/\//.test(url) ? url : undefined
      },
    },
    vault: {
      paymentTypes: () => get<{ types: VaultPaymentType[] }>("/vault/payment-types"),
      /** Card on Vault's hosted page: Medusa's stock session route with type CHECKOUT → checkout_url. */
      async startCardPayment(cartId: string): Promise<string | undefined> {
        const { cart } = await sdk.store.cart.retrieve(cartId, {
          fields: "id,*payment_collection,*payment_collection.payment_sessions",
        })
        const { payment_collection } = await sdk.store.payment.initiatePaymentSession(cart, {
          provider_id: PROVIDER_IDS.vault,
          data: { type: "CHECKOUT" },
        })
        const url = payment_collection.payment_sessions?.find((s) => s.provider_id === PROVIDER_IDS.vault)?.data
          ?.checkout_url
        return typeof url === "string" && /^https?:\/\//.test(url) ? url : undefined
      },
      signIn: (cartId: string, phone: string, password: string) =>
        post<{ accounts: VaultAccount[] }>("/vault/platform/sign-in", { cart_id: cartId, phone, password }),
      signOut: (cartId: string) =>
        sdk.client.fetch(`${BASE}/vault/platform/sign-in`, { method: "DELETE", query: { cart_id: cartId } }),
      accounts: (cartId: string) => get<{ accounts: VaultAccount[] }>("/vault/platform/accounts", { cart_id: cartId }),
      payFromAccount: (cartId: string, accountId: string) =>
        post<unknown>("/vault/platform/payment-session", { cart_id: cartId, account_id: accountId }),
    },
    /** Medusa's cart completion: the order, or the reason (in words the shopper can read). */
    async complete(cartId: string): Promise<{ orderId: string } | { error: string }> {
      try {
        const result = await sdk.store.cart.complete(cartId)
        if (result.type === "order") return { orderId: result.order.id }
        return { error: result.error?.message || "The payment was not accepted." }
      } catch (error) {
        return { error: errorMessage(error) }
      }
    },
  }
}

export type FinancingClient = ReturnType<typeof createFinancingClient>

/** The backend's message ("FlexShopper: …") from a js-sdk error, or a plain fallback. */
export function errorMessage(error: unknown, fallback = "Something went wrong. Please try again."): string {
  const message = (error as { message?: unknown } | null)?.message
  return typeof message === "string" && message.trim() ? message.trim() : fallback
}

export function errorStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status
  return typeof status === "number" ? status : undefined
}
