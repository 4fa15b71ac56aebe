// POST /store/financing/payment-assist/preapproval { cart_id } → { approved }
// Optional eligibility pre-check on the cart's billing details, read server-side. A decline is
// final for this shopper (see ../preapproval-guard.ts).
import type { MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import { toMedusaError } from "../../../../../provider-kit/medusa-error"
import { loadFinancingCart } from "../../../../../provider-kit/cart"
import {
  PAYMENT_ASSIST,
  PAYMENT_ASSIST_NAME,
  PAYMENT_ASSIST_PROVIDER_ID,
  paymentAssistClientFor,
  paymentAssistOptions,
} from "../../../../../workflows/payment-assist/context"
import { recordFinancingOperationWorkflow } from "../../../../../workflows/record-financing-operation"
import { applicantFromCart, requireGbpCart } from "../cart-applicant"
import { refuseIfDeclined, rememberDecline } from "../preapproval-guard"
import type { PaymentAssistCartBodyType } from "../validators"
import { shopperRoute } from "../../shopper-route"

async function handlePost(req: MedusaStoreRequest<PaymentAssistCartBodyType>, res: MedusaResponse) {
  const options = await paymentAssistOptions(req.scope)
  const cart = await loadFinancingCart(req.scope, req.validatedBody.cart_id, { customerId: req.auth_context?.actor_id })
  requireGbpCart(cart)
  const applicant = applicantFromCart(cart)
  await refuseIfDeclined(req.scope, cart, options)

  let approved: boolean
  try {
    ;({ approved } = await (await paymentAssistClientFor(req.scope)).preapproval(applicant))
  } catch (error) {
    throw toMedusaError(error, { lenderName: PAYMENT_ASSIST_NAME, operation: "preapproval" })
  }
  if (approved) {
    await recordFinancingOperationWorkflow(req.scope).run({
      input: {
        provider_id: PAYMENT_ASSIST_PROVIDER_ID,
        lender: PAYMENT_ASSIST,
        operation: "preapproval",
        outcome: "succeeded",
        detail: { approved: true, cart_id: cart.id },
      },
    })
  } else {
    await rememberDecline(req.scope, cart, options)
  }
  res.json({
    approved,
    message: approved
      ? "Pre-approved: the shopper can apply for Payment Assist finance (a full check happens on the application)."
      : "Payment Assist cannot offer finance to this shopper. Offer another payment method.",
  })
}

export const POST = shopperRoute(handlePost)
