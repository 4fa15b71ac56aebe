// One full checkout per flow, through the store API and (for lenders) the sandbox's hosted pages
// played by the integration tests' scripted shoppers. Each returns the order it placed.
import type { SeededStore } from "../../demo/seed-store"
import type { SandboxHandle } from "../../packages/sandbox/src"
import { followReturn, shopperOnHostedPage, startPaymentAssist } from "../../integration-tests/payment-assist/checkout"
import { flexStore, newShopperReady, signModal } from "../../integration-tests/flexshopper/helpers"
import { checkoutWithNewDay } from "../../integration-tests/newday/shopper"
import { payOnHostedPage } from "../../integration-tests/vault/helpers"
import {
  type ApiClient,
  cartReadyForPayment,
  completeCart,
  startPaymentSession,
} from "../../integration-tests/utils/store-api"

export const FLOWS = ["system-default", "payment-assist", "flexshopper", "newday", "vault"] as const
export type Flow = (typeof FLOWS)[number]

export interface FlowContext {
  api: ApiClient
  store: SeededStore
  sandbox: SandboxHandle
  /** Told each cart's id once it exists (the load section checks orders per cart in the database). */
  onCart?: (cartId: string) => void
}

let sequence = 0

function orderIdOrThrow(flow: Flow, value: string | null | undefined, detail: unknown): string {
  if (!value) throw new Error(`${flow} checkout placed no order: ${JSON.stringify(detail).slice(0, 400)}`)
  return value
}

export async function runCheckout(flow: Flow, { api, store, sandbox, onCart }: FlowContext): Promise<string> {
  const n = ++sequence
  switch (flow) {
    case "system-default": {
      const cart = await cartReadyForPayment(api, store, "uk")
      onCart?.(cart.id)
      await startPaymentSession(api, store, cart.id, "pp_system_default")
      const completed = await completeCart(api, store, cart.id)
      return orderIdOrThrow(flow, completed.order?.id, completed)
    }
    case "payment-assist": {
      const cart = await cartReadyForPayment(api, store, "uk")
      onCart?.(cart.id)
      const started = await startPaymentAssist(api, store, cart.id)
      const storefront = await followReturn(api, await shopperOnHostedPage(started.redirect_url))
      return orderIdOrThrow(flow, storefront.searchParams.get("order_id"), storefront.toString())
    }
    case "flexshopper": {
      const cart = await cartReadyForPayment(api, store, "us", { email: `bench.${n}.${Date.now()}@example.com` })
      onCart?.(cart.id)
      const flex = flexStore(api, store)
      await newShopperReady(flex, cart.id, `66610${String(n).padStart(4, "0")}`)
      const session = await flex.post("/session", { cart_id: cart.id })
      if (session.status !== 200)
        throw new Error(`flexshopper session: ${session.status} ${JSON.stringify(session.data).slice(0, 300)}`)
      await signModal(sandbox, session.data)
      const completed = await flex.post("/complete", { cart_id: cart.id })
      return orderIdOrThrow(flow, completed.data?.order?.id, completed.data)
    }
    case "newday": {
      // Under NewDay's SCA threshold: the exempt journey (sign-in widget, spend option, authorise).
      const cart = await cartReadyForPayment(api, store, "uk", { sku: "LAMP-BRASS" })
      onCart?.(cart.id)
      await checkoutWithNewDay(api, store, cart.id, "approve@newpay.test")
      const completed = await completeCart(api, store, cart.id)
      return orderIdOrThrow(flow, completed.order?.id, completed)
    }
    case "vault": {
      const cart = await cartReadyForPayment(api, store, "uk")
      onCart?.(cart.id)
      const collection = await startPaymentSession(api, store, cart.id, "pp_vault_vault")
      const paid = await payOnHostedPage(collection.payment_sessions[0].data.checkout_url, "approve")
      return orderIdOrThrow(flow, paid.storefront.searchParams.get("order_id"), paid.storefront.toString())
    }
  }
}
