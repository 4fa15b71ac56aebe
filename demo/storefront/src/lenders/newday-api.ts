// The plugin's NewDay NewPay store routes, typed, and the two things the storefront reads from
// Medusa itself: cart completion and, when NewDay asks for SCA, the widget URL on the session.
import type Medusa from "@medusajs/js-sdk"

export interface NewDaySpendOption {
  spend_option_id?: string
  name: string
  description?: string
  spend_type: string
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

export const NEWDAY_PROVIDER_ID = "pp_newday_newday"

export function newDayApi(sdk: Medusa, cartId: string) {
  const cartPath = `/store/financing/newday/carts/${encodeURIComponent(cartId)}`
  return {
    /** Illustrations for a shopper NewDay does not know yet (not choosable). */
    productOptions: (amount: string) =>
      sdk.client.fetch<NewDaySpendOptions>("/store/financing/newday/spend-options", { query: { amount } }),
    signIn: () => sdk.client.fetch<{ sign_in_url: string }>(`${cartPath}/sign-in`, { method: "POST", body: {} }),
    /** The signed-in shopper's own options for the cart's total, each with a spend_option_id. */
    spendOptions: () =>
      sdk.client.fetch<NewDaySpendOptions>(`${cartPath}/spend-options`, {
        query: { order_by: "InstalmentPaymentAmount" },
      }),
    /** Without a spend option the purchase goes on the shopper's revolving credit (NewDay's default). */
    choose: (spendOptionId?: string) =>
      sdk.client.fetch<{ payment_session: { id: string; status: string } }>(`${cartPath}/payment-session`, {
        method: "POST",
        body: spendOptionId ? { spend_option_id: spendOptionId } : {},
      }),
    /** The NewDay session's SCA widget, when completion stopped for strong customer authentication. */
    async scaWidgetUrl(): Promise<string | undefined> {
      const { cart } = await sdk.store.cart.retrieve(cartId, {
        fields: "id,*payment_collection,*payment_collection.payment_sessions",
      })
      const session = cart.payment_collection?.payment_sessions?.find((s) => s.provider_id === NEWDAY_PROVIDER_ID)
      const url = session?.status === "requires_more" ? session.data?.sca_widget_url : undefined
      return typeof url === "string" && /^https?:\/\//.test(url) ? url : undefined
    },
  }
}

/** Pounds as "459.95" from Medusa's cart total (a number in major units), via whole pence. */
export function poundsText(total: number | string | null | undefined): string {
  const pence = Math.round(Number(total ?? 0) * 100)
  return `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, "0")}`
}

/** The backend's message for a failed call ("NewDay NewPay …"), or a plain fallback. */
export function errorText(error: unknown, fallback: string): string {
  const message = (error as { message?: unknown } | null)?.message
  return typeof message === "string" && message.trim() ? message : fallback
}

export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status
  return typeof status === "number" ? status : undefined
}
