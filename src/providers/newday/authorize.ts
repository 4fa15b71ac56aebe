// authorizePayment for NewDay: Initiate decides whether PSD2 SCA is needed. Exempt → authorise
// at once with the exempt token. Required → "requires_more" with the SCA widget URL in session
// data; the widget posts back to /financing/newday/sca/return, which stores the upgraded token
// and completes the cart, calling this again. Authorise uses Medusa's idempotency key (mapped
// to a UUID), so a retried authorisation — even after a timeout — is answered from NewDay's
// idempotency store and places one hold.
import type { AuthorizePaymentInput, AuthorizePaymentOutput } from "@medusajs/framework/types"
import { MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"
import { isLenderError } from "../../lenders/errors"
import { assertAuthorised, deriveIdempotencyKey, NEWDAY_PROBLEM_TYPES } from "../../lenders/newday"
import { paymentSessionIdOf, withQuery } from "../../provider-kit"
import type { NewDayContext } from "./context"
import { type NewDayPaymentData, pence, withFloatState } from "./payment-data"
import {
  type CustomerSecret,
  deleteScaSecret,
  getCustomerSecret,
  getScaSecret,
  newNonce,
  putCustomerSecret,
  putScaSecret,
} from "./secrets"

export function scaReturnUrl(backendUrl: string, paymentSessionId: string, state: string): string {
  return withQuery(`${backendUrl.replace(/\/+$/, "")}/financing/newday/sca/return`, { payment_session_id: paymentSessionId, state })
}

async function signedInCustomer(sessionId: string): Promise<CustomerSecret & { accessToken: string }> {
  const customer = await getCustomerSecret({ payment_session_id: sessionId })
  if (!customer?.customerRef || !customer.accessToken) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "NewDay NewPay authorize failed: the shopper has not signed in with NewDay for this payment session. " +
        "Sign in (POST /store/financing/newday/carts/:id/sign-in) and choose a spend option (POST /store/financing/newday/carts/:id/payment-session) first."
    )
  }
  return customer as CustomerSecret & { accessToken: string }
}

/** Session data with every authorisation key an unverified writer may have set cleared. */
function withoutAuthorisation(data: NewDayPaymentData): NewDayPaymentData {
  const cleared: NewDayPaymentData = { ...data, status: "pending" }
  for (const key of AUTHORISATION_KEYS) delete cleared[key]
  return cleared
}

const AUTHORISATION_KEYS = [
  "authorisation_id",
  "authorised_amount",
  "remaining_float",
  "settled_amount",
  "refunded_amount",
  "settlements",
  "reversals",
] as const

export async function authorizeNewDay(nd: NewDayContext, input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
  const data = (input.data ?? {}) as NewDayPaymentData
  const sessionId = paymentSessionIdOf(input)
  if (!sessionId) throw new MedusaError(MedusaError.Types.INVALID_DATA, "NewDay NewPay authorize failed: the payment session id is missing from data.session_id")
  if (data.authorisation_id) {
    // Trusted only when this provider recorded that very authorisation server-side.
    const recorded = await getCustomerSecret({ payment_session_id: sessionId })
    if (recorded?.authorisationId && recorded.authorisationId === data.authorisation_id) {
      if (data.status === "canceled") {
        throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "NewDay NewPay authorize failed: this authorisation was reversed; start a new NewDay payment session.")
      }
      return { status: PaymentSessionStatus.AUTHORIZED, data }
    }
    return authorizeNewDay(nd, { ...input, data: withoutAuthorisation(data) })
  }
  const amountMinor = pence(data.amount)
  const customer = await signedInCustomer(sessionId)
  const track = nd.tracked({ payment_session_id: sessionId, amount: data.amount, currency_code: "gbp" })

  let sca = await getScaSecret(sessionId)
  if (sca?.status === "challenge" && sca.amountMinor === amountMinor && data.sca_widget_url) {
    // Still waiting for the shopper to finish the widget we already gave them.
    return { status: PaymentSessionStatus.REQUIRES_MORE, data: { ...data, status: "requires_sca" } }
  }
  if (!sca || sca.amountMinor !== amountMinor || (sca.status !== "exempt" && sca.status !== "authenticated")) {
    const attempt = (data.sca_attempt ?? 0) + 1
    const initiated = await track(
      { operation: "initiate", idempotency_key: deriveIdempotencyKey(sessionId, "initiate", attempt) },
      () =>
        nd.client.initiate(
          customer.customerRef,
          { amountMinor, spendOptionId: data.spend_option_id, orderReference: data.cart_id ?? sessionId },
          { customerAccessToken: customer.accessToken, clientSessionId: customer.clientSessionId, idempotencyKey: deriveIdempotencyKey(sessionId, "initiate", attempt) }
        ),
      (r) => ({ outcome: r.scaStatus === "Exempt" ? "succeeded" : "action_required", detail: { scaStatus: r.scaStatus } })
    )
    const state = newNonce()
    if (initiated.scaStatus !== "Exempt") {
      await putScaSecret(sessionId, { status: "challenge", token: initiated.scaToken, amountMinor, state })
      const widget = withQuery(initiated.widgetUrl!, { redirect_uri: scaReturnUrl(nd.options.backendUrl, sessionId, state) })
      return { status: PaymentSessionStatus.REQUIRES_MORE, data: { ...data, status: "requires_sca", sca_widget_url: widget, sca_attempt: attempt } }
    }
    sca = { status: "exempt", token: initiated.scaToken, amountMinor, state }
    await putScaSecret(sessionId, sca)
  }

  const medusaKey = input.context?.idempotency_key || sessionId
  const idempotencyKey = deriveIdempotencyKey(medusaKey, "authorise")
  let response
  try {
    response = await track({ operation: "authorize", idempotency_key: idempotencyKey, recordBeforeCall: true }, async () => {
      const res = await nd.client.authorise(
        customer.customerRef,
        {
          amountMinor,
          orderReference: data.cart_id ?? sessionId,
          description: `${nd.options.description ?? "Order"} ${data.cart_id ?? sessionId}`.slice(0, 100),
          spendOptionId: data.spend_option_id,
        },
        { customerAccessToken: customer.accessToken, clientSessionId: customer.clientSessionId, scaToken: sca!.token, idempotencyKey }
      )
      assertAuthorised(res)
      return res
    }, (r) => ({ lender_reference: r.authorisationId ?? null }))
  } catch (error) {
    // A refused or expired SCA token cannot be reused: the next attempt starts a new Initiate.
    if (isLenderError(error) ? error.lenderCode === NEWDAY_PROBLEM_TYPES.scaRequired : /scaRequired/.test(String((error as Error)?.message))) {
      await putScaSecret(sessionId, { ...sca!, status: "failed" })
    }
    throw error
  }

  await deleteScaSecret(sessionId)
  // The hold exists; settle/reverse/refund only need the customerRef, so the token goes.
  await putCustomerSecret(
    { payment_session_id: sessionId },
    { customerRef: customer.customerRef, clientSessionId: customer.clientSessionId, authorisationId: response.authorisationId!, authorisedMinor: amountMinor }
  )
  const authorised = withFloatState(
    { ...data, sca_widget_url: undefined },
    { authorisationId: response.authorisationId!, authorisedMinor: amountMinor, settlements: [], reversals: [] }
  )
  delete authorised.sca_widget_url
  return { status: PaymentSessionStatus.AUTHORIZED, data: authorised }
}
