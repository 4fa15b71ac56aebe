// What routes, subscribers, jobs and workflow steps need to talk to Payment Assist: the provider's
// configured options (read back from medusa-config, see provider-kit/provider-options.ts) and
// the shared client and quote cache built from them.
import type { MedusaContainer } from "@medusajs/framework/types"
import type { PaymentAssistClient } from "../../lenders/payment-assist/client"
import { findLenderProviderOptions, requireLenderProviderOptions } from "../../provider-kit/provider-options"
import { paymentAssistClient, type PaymentAssistOptions } from "../../providers/payment-assist/options"
import { paymentAssistLender } from "../../providers/payment-assist/lender"

export { PAYMENT_ASSIST_PROVIDER_ID } from "../../providers/payment-assist/service"
export const PAYMENT_ASSIST = "payment-assist" as const
export const PAYMENT_ASSIST_NAME = "Payment Assist"

type Resolver = Pick<MedusaContainer, "resolve">

export function paymentAssistOptions(container: Resolver): PaymentAssistOptions {
  return requireLenderProviderOptions<PaymentAssistOptions>(container, paymentAssistLender)
}

export function maybePaymentAssistOptions(container: Resolver): PaymentAssistOptions | undefined {
  return findLenderProviderOptions<PaymentAssistOptions>(container, PAYMENT_ASSIST)
}

export function paymentAssistClientFor(container: Resolver): PaymentAssistClient {
  return paymentAssistClient(paymentAssistOptions(container))
}

export { paymentAssistQuotesFor } from "../../providers/payment-assist/options"
