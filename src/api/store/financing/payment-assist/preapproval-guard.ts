// The route side of Payment Assist's decline rule; the decision itself lives with the provider
// (providers/payment-assist/decline-guard.ts) so the stock payment-session route obeys it too.
import type { MedusaContainer } from "@medusajs/framework/types"
import { FINANCING_MODULE } from "../../../../modules/financing/constants"
import type FinancingModuleService from "../../../../modules/financing/service"
import type { FinancingCart } from "../../../../provider-kit/cart"
import * as guard from "../../../../providers/payment-assist/decline-guard"
import type { PaymentAssistOptions } from "../../../../providers/payment-assist/options"

export const cartDeclineKey = guard.cartDeclineKey

export function applicantDeclineRef(cart: FinancingCart, options: PaymentAssistOptions): string | undefined {
  return guard.applicantDeclineRef(cart.email, options.apiSecret)
}

const logOf = (container: Pick<MedusaContainer, "resolve">) =>
  container.resolve<FinancingModuleService>(FINANCING_MODULE) as never

export async function wasDeclined(
  container: Pick<MedusaContainer, "resolve">,
  cart: FinancingCart,
  options: PaymentAssistOptions,
): Promise<boolean> {
  return guard.wasDeclined(logOf(container), { cartId: cart.id, email: cart.email }, options.apiSecret)
}

export async function rememberDecline(
  container: Pick<MedusaContainer, "resolve">,
  cart: FinancingCart,
  options: PaymentAssistOptions,
): Promise<void> {
  await guard.rememberDecline(logOf(container), { cartId: cart.id, email: cart.email }, options.apiSecret)
}

export async function refuseIfDeclined(
  container: Pick<MedusaContainer, "resolve">,
  cart: FinancingCart,
  options: PaymentAssistOptions,
): Promise<void> {
  if (await wasDeclined(container, cart, options)) throw guard.declinedError()
}
