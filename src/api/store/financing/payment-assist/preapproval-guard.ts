// Payment Assist's rule (spec §5.2): after a declined pre-approval the merchant must not retry
// with changed details, nor start an application. Declines are remembered in the financing log
// by cart AND by applicant (a keyed hash of the e-mail, so a new cart or a new address does not
// get around it, and no e-mail address is stored in clear).
import { createHmac } from "node:crypto"
import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { FINANCING_MODULE } from "../../../../modules/financing/constants"
import type FinancingModuleService from "../../../../modules/financing/service"
import type { FinancingCart } from "../../../../provider-kit/cart"
import type { PaymentAssistOptions } from "../../../../providers/payment-assist/options"
import { PAYMENT_ASSIST, PAYMENT_ASSIST_PROVIDER_ID } from "../../../../workflows/payment-assist/context"

export const cartDeclineKey = (cartId: string) => `payment-assist:preapproval-declined:cart:${cartId}`

export function applicantDeclineRef(cart: FinancingCart, options: PaymentAssistOptions): string | undefined {
  const email = cart.email?.trim().toLowerCase()
  if (!email) return undefined
  return `applicant:${createHmac("sha256", options.apiSecret).update(email).digest("hex").slice(0, 32)}`
}

export async function wasDeclined(container: Pick<MedusaContainer, "resolve">, cart: FinancingCart, options: PaymentAssistOptions): Promise<boolean> {
  const financing = container.resolve<FinancingModuleService>(FINANCING_MODULE)
  if (await financing.findOperationByIdempotencyKey(cartDeclineKey(cart.id))) return true
  const ref = applicantDeclineRef(cart, options)
  if (!ref) return false
  const [entry] = await financing.listFinancingOperations({ lender: PAYMENT_ASSIST, operation: "preapproval", lender_reference: ref } as never, { take: 1 })
  return Boolean(entry)
}

export async function rememberDecline(container: Pick<MedusaContainer, "resolve">, cart: FinancingCart, options: PaymentAssistOptions): Promise<void> {
  const financing = container.resolve<FinancingModuleService>(FINANCING_MODULE)
  await financing.recordOperation({
    provider_id: PAYMENT_ASSIST_PROVIDER_ID,
    lender: PAYMENT_ASSIST,
    operation: "preapproval",
    outcome: "succeeded",
    idempotency_key: cartDeclineKey(cart.id),
    lender_reference: applicantDeclineRef(cart, options) ?? null,
    detail: { approved: false, cart_id: cart.id },
  })
}

export async function refuseIfDeclined(container: Pick<MedusaContainer, "resolve">, cart: FinancingCart, options: PaymentAssistOptions): Promise<void> {
  if (await wasDeclined(container, cart, options)) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "Payment Assist declined this shopper's pre-approval, and its rules forbid retrying with changed details or starting an application. Offer another payment method."
    )
  }
}
