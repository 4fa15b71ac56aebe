// What routes, subscribers, jobs and workflow steps need to talk to Payment Assist: the provider's
// configured options (read back from medusa-config, see provider-kit/provider-options.ts) and
// the shared client and quote cache built from them.
import type { MedusaContainer } from "@medusajs/framework/types"
import type { PaymentAssistClient } from "../../lenders/payment-assist/client"
import { findLenderOptions, lenderOptions } from "../../provider-kit/provider-options"
import { paymentAssistClient, type PaymentAssistOptions } from "../../providers/payment-assist/options"
import { paymentAssistLender } from "../../providers/payment-assist/lender"

export { PAYMENT_ASSIST_PROVIDER_ID } from "../../providers/payment-assist/service"
export const PAYMENT_ASSIST = "payment-assist" as const
export const PAYMENT_ASSIST_NAME = "Payment Assist"

type Resolver = Pick<MedusaContainer, "resolve">

/** The options calls use now: the configuration with the owner's settings over it (owner-options.ts). */
export async function paymentAssistOptions(container: Resolver): Promise<PaymentAssistOptions> {
  return await lenderOptions<PaymentAssistOptions>(container, paymentAssistLender)
}

export async function maybePaymentAssistOptions(container: Resolver): Promise<PaymentAssistOptions | undefined> {
  return await findLenderOptions<PaymentAssistOptions>(container, paymentAssistLender)
}

export async function paymentAssistClientFor(container: Resolver): Promise<PaymentAssistClient> {
  return paymentAssistClient(await paymentAssistOptions(container))
}

export { paymentAssistQuotesFor } from "../../providers/payment-assist/options"
