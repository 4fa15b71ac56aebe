// authorizePayment for NewDay. Seed 003 makes Initiate conditional ("if SCA is applicable, the
// Initiate endpoint can be called"), so with the provider option sca = "auto" (default) the
// provider authorises first and calls Initiate only when NewDay's answer says SCA is required;
// with sca = "always" (a PSD2 journey) it calls Initiate before every authorise. Initiate Exempt →
// authorise (with the exempt token when NewDay gives one). Required → "requires_more" with the SCA
// widget URL in session data; the widget posts back to /financing/newday/sca/return, which stores
// the upgraded token and completes the cart, calling this again. Authorise uses Medusa's
// idempotency key (mapped to a UUID, and to a new one per SCA attempt), so a retried
// authorisation — even after a timeout — is answered from NewDay's idempotency store and places
// one hold. A spend option is optional: without one NewDay authorises on revolving credit.
import type { AuthorizePaymentInput, AuthorizePaymentOutput } from "@medusajs/framework/types"
import { MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"
import { isLenderError } from "../../lenders/errors"
import { assertAuthorised } from "../../lenders/newday/client"
import { deriveIdempotencyKey } from "../../lenders/newday/idempotency"
import { NEWDAY_PROBLEM_TYPES } from "../../lenders/newday/problem"
import { paymentSessionIdOf } from "../../provider-kit/session-data"
import { withQuery } from "../../provider-kit/urls"
import type { NewDayContext, OperationBase } from "./context"
import { type NewDayPaymentData, pence, withFloatState } from "./payment-data"
import {
  type CustomerSecret,
  type ScaSecret,
  deleteScaSecret,
  getCustomerSecret,
  getScaSecret,
  newNonce,
  putCustomerSecret,
  putScaSecret,
} from "./secrets"

export function scaReturnUrl(backendUrl: string, paymentSessionId: string, state: string): string {
  return withQuery(`${backendUrl.replace(/\/+$/, "")}/financing/newday/sca/return`, {
    payment_session_id: paymentSessionId,
    state,
  })
}

async function signedInCustomer(sessionId: string): Promise<CustomerSecret & { accessToken: string }> {
  const customer = await getCustomerSecret({ payment_session_id: sessionId })
  if (!customer?.customerRef || !customer.accessToken) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "NewDay NewPay authorize failed: the shopper has not signed in with NewDay for this payment session. " +
        "Sign in (POST /store/financing/newday/carts/:id/sign-in) and choose a spend option (POST /store/financing/newday/carts/:id/payment-session) first.",
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

type SignedIn = CustomerSecret & { accessToken: string }

/** NewDay's refusal of an authorise for want of SCA (`scaRequired` problem, or a validation error naming `sca-token`). */
function saysScaRequired(error: unknown): boolean {
  const text = isLenderError(error)
    ? `${error.lenderCode ?? ""} ${error.message}`
    : String((error as Error)?.message ?? "")
  return text.includes(NEWDAY_PROBLEM_TYPES.scaRequired) || /\bscaRequired\b|\bsca-token\b/.test(text)
}

/** Initiate: an exempt SCA state to authorise with, or the "requires_more" answer with the widget. */
async function initiateSca(
  nd: NewDayContext,
  base: OperationBase,
  customer: SignedIn,
  data: NewDayPaymentData,
  sessionId: string,
  amountMinor: number,
): Promise<{ sca: ScaSecret } | { output: AuthorizePaymentOutput }> {
  const attempt = (data.sca_attempt ?? 0) + 1
  // Per amount too: after a decline the cart may change, and a key reused with another body is a conflict.
  const idempotencyKey = deriveIdempotencyKey(sessionId, "initiate", amountMinor, attempt)
  const initiated = await nd.track(
    { ...base, operation: "initiate", idempotency_key: idempotencyKey },
    () =>
      nd.client.initiate(
        customer.customerRef,
        {
          amountMinor,
          ...(data.spend_option_id ? { spendOptionId: data.spend_option_id } : {}),
          orderReference: data.cart_id ?? sessionId,
        },
        { customerAccessToken: customer.accessToken, clientSessionId: customer.clientSessionId, idempotencyKey },
      ),
    (r) => ({ outcome: r.outcome === "exempt" ? "succeeded" : "action_required", detail: { scaStatus: r.scaStatus } }),
  )
  const state = newNonce()
  if (initiated.outcome === "required") {
    await putScaSecret(sessionId, { status: "challenge", token: initiated.scaToken, amountMinor, state, attempt })
    const widget = withQuery(initiated.widgetUrl!, {
      redirect_uri: scaReturnUrl(nd.options.backendUrl, sessionId, state),
    })
    return {
      output: {
        status: PaymentSessionStatus.REQUIRES_MORE,
        data: { ...data, status: "requires_sca", sca_widget_url: widget, sca_attempt: attempt },
      },
    }
  }
  const sca: ScaSecret = { status: "exempt", token: initiated.scaToken, amountMinor, state, attempt }
  await putScaSecret(sessionId, sca)
  return { sca }
}

export async function authorizeNewDay(
  nd: NewDayContext,
  input: AuthorizePaymentInput,
): Promise<AuthorizePaymentOutput> {
  const data = (input.data ?? {}) as NewDayPaymentData
  const sessionId = paymentSessionIdOf(input)
  if (!sessionId)
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "NewDay NewPay authorize failed: the payment session id is missing from data.session_id",
    )
  if (data.authorisation_id) {
    // Trusted only when this provider recorded that very authorisation server-side.
    const recorded = await getCustomerSecret({ payment_session_id: sessionId })
    if (recorded?.authorisationId && recorded.authorisationId === data.authorisation_id) {
      if (data.status === "canceled") {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          "NewDay NewPay authorize failed: this authorisation was reversed; start a new NewDay payment session.",
        )
      }
      return { status: PaymentSessionStatus.AUTHORIZED, data }
    }
    return authorizeNewDay(nd, { ...input, data: withoutAuthorisation(data) })
  }
  const amountMinor = pence(data.amount)
  // Independent reads: one round trip for both (secrets sit on the checkout's path).
  const [customer, stored] = await Promise.all([signedInCustomer(sessionId), getScaSecret(sessionId)])
  const base: OperationBase = { payment_session_id: sessionId, amount: data.amount, currency_code: "gbp" }
  const mode = nd.options.sca ?? "auto"

  let sca = stored
  // A state write the authorise request must wait for, made alongside the log's pending row.
  let written: Promise<void> = Promise.resolve()
  if (sca?.status === "challenge" && sca.amountMinor === amountMinor && data.sca_widget_url) {
    // Still waiting for the shopper to finish the widget we already gave them.
    return { status: PaymentSessionStatus.REQUIRES_MORE, data: { ...data, status: "requires_sca" } }
  }
  if (!sca || sca.amountMinor !== amountMinor || (sca.status !== "exempt" && sca.status !== "authenticated")) {
    if (mode === "always") {
      const step = await initiateSca(nd, base, customer, data, sessionId, amountMinor)
      if ("output" in step) return step.output
      sca = step.sca
    } else {
      // No challenge asked for yet: authorise without an sca-token. Kept as an "exempt" state so a
      // lost answer is replayed with the same idempotency key (and found by the reconcile job).
      sca = { status: "exempt", amountMinor, state: newNonce() }
      written = putScaSecret(sessionId, sca)
      written.catch(() => undefined) // awaited before the request; this only stops an unhandled-rejection warning
    }
  }

  const medusaKey = input.context?.idempotency_key || sessionId
  const authorise = async (with_: ScaSecret) => {
    // One key per amount and per Initiate (NewDay may have stored its refusal of the token-less
    // request), the same on every retry of that request: a lost answer is replayed, never doubled.
    const idempotencyKey = with_.attempt
      ? deriveIdempotencyKey(medusaKey, "authorise", amountMinor, "sca", with_.attempt)
      : deriveIdempotencyKey(medusaKey, "authorise", amountMinor)
    return nd.track(
      { ...base, operation: "authorize", idempotency_key: idempotencyKey, recordBeforeCall: true },
      async () => {
        await written
        const res = await nd.client.authorise(
          customer.customerRef,
          {
            amountMinor,
            orderReference: data.cart_id ?? sessionId,
            description: `${nd.options.description ?? "Order"} ${data.cart_id ?? sessionId}`,
            // Absent: NewDay authorises on the shopper's revolving credit (seed 003 / spec §5.4).
            ...(data.spend_option_id ? { spendOptionId: data.spend_option_id } : {}),
          },
          {
            customerAccessToken: customer.accessToken,
            clientSessionId: customer.clientSessionId,
            ...(with_.token ? { scaToken: with_.token } : {}),
            idempotencyKey,
          },
        )
        assertAuthorised(res)
        return res
      },
      (r) => ({ lender_reference: r.authorisationId ?? null }),
    )
  }
  const refusedForSca = async (error: unknown, used: ScaSecret) => {
    // A refused or expired SCA token cannot be reused: the next attempt starts a new Initiate.
    if (saysScaRequired(error)) await putScaSecret(sessionId, { ...used, status: "failed" })
    return error
  }

  let response
  try {
    response = await authorise(sca)
  } catch (error) {
    if (!(mode === "auto" && !sca.token && sca.status === "exempt" && saysScaRequired(error)))
      throw await refusedForSca(error, sca)
    // NewDay says SCA applies to this purchase: now Initiate decides (exempt token or the widget).
    const step = await initiateSca(nd, base, customer, data, sessionId, amountMinor)
    if ("output" in step) return step.output
    sca = step.sca
    try {
      response = await authorise(sca)
    } catch (again) {
      throw await refusedForSca(again, sca)
    }
  }
  // The hold exists; settle/reverse/refund only need the customerRef, so the tokens go (both writes at once).
  await Promise.all([
    deleteScaSecret(sessionId),
    putCustomerSecret(
      { payment_session_id: sessionId },
      {
        customerRef: customer.customerRef,
        clientSessionId: customer.clientSessionId,
        authorisationId: response.authorisationId!,
        authorisedMinor: amountMinor,
      },
    ),
  ])
  const authorised = withFloatState(
    { ...data, sca_widget_url: undefined },
    { authorisationId: response.authorisationId!, authorisedMinor: amountMinor, settlements: [], reversals: [] },
  )
  delete authorised.sca_widget_url
  return { status: PaymentSessionStatus.AUTHORIZED, data: authorised }
}
