// POST /store/financing/payment-assist/sessions { cart_id }
//   → { payment_session: { id, status, data }, redirect_url }
// Creates the Payment Assist payment session from the cart: applicant, amount and currency are
// read server-side, so nothing the browser sends can change what is financed.
import type { MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { fromMinorUnits, toMinorUnits } from "../../../../../lenders/money"
import { financeableRange } from "../../../../../lenders/payment-assist/quotes"
import { createCartPaymentSession } from "../../../../../provider-kit/cart-payment-session"
import { loadFinancingCart } from "../../../../../provider-kit/cart"
import type { PaymentAssistOptions } from "../../../../../providers/payment-assist/options"
import {
  PAYMENT_ASSIST_PROVIDER_ID,
  paymentAssistOptions,
  paymentAssistQuotesFor,
} from "../../../../../workflows/payment-assist/context"
import { applicantFromCart, requireGbpCart } from "../cart-applicant"
import { refuseIfDeclined } from "../preapproval-guard"
import type { PaymentAssistCartBodyType } from "../validators"
import { shopperRoute } from "../../shopper-route"

async function handlePost(req: MedusaStoreRequest<PaymentAssistCartBodyType>, res: MedusaResponse) {
  const options = await paymentAssistOptions(req.scope)
  const customerId = req.auth_context?.actor_id
  const cart = await loadFinancingCart(req.scope, req.validatedBody.cart_id, { customerId })
  requireGbpCart(cart)
  const applicant = applicantFromCart(cart, { forBegin: true })
  await refuseIfDeclined(req.scope, cart, options)
  await refuseOutsidePlanLimits(options, toMinorUnits(cart.total as never, "gbp"))

  const session = await createCartPaymentSession(req.scope, {
    cart,
    providerId: PAYMENT_ASSIST_PROVIDER_ID,
    data: { cart_id: cart.id, applicant },
    customerId,
  })
  res.json({
    payment_session: {
      id: session.id,
      status: session.status,
      amount: session.amount,
      currency_code: session.currency_code,
      data: session.data,
    },
    redirect_url: (session.data as Record<string, unknown>)?.redirect_url,
  })
}

/** A clear answer in pounds before any application exists; the lender re-checks on /begin. */
async function refuseOutsidePlanLimits(options: PaymentAssistOptions, totalPence: number): Promise<void> {
  let range: ReturnType<typeof financeableRange>
  try {
    range = financeableRange((await paymentAssistQuotesFor(options).account()).plans, options.planId)
  } catch {
    return // The lender is unreachable for the pre-check; /begin will give its own answer.
  }
  const pounds = (pence: number) => `£${fromMinorUnits(pence, "gbp")}`
  if (!range) return
  if (range.max !== null && totalPence > range.max) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `The cart total ${pounds(totalPence)} is above the most Payment Assist can finance (${pounds(range.max)}).`,
    )
  }
  if (range.min !== null && totalPence < range.min) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `The cart total ${pounds(totalPence)} is below the least Payment Assist can finance (${pounds(range.min)}).`,
    )
  }
}

export const POST = shopperRoute(handlePost)
