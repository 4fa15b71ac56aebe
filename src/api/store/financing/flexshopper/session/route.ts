// POST /store/financing/flexshopper/session { cart_id }
// Builds the lease order from the cart (items, SKUs, discounted costs, shipping, total — all read
// server-side), keeps it server-side, creates the FlexShopper payment session and mints the
// single-use auth code that signs the shopper into the modal — except for an account found by Account
// Lookup, whose owner signs in to FlexShopper in the modal themselves (sign_in_required).
// → { payment_session, modal: { script_url, auth_code, transaction } }; never the API key.
import { randomBytes } from "node:crypto"
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { formatDollars, toCents } from "../../../../../lenders/flexshopper"
import { createCartPaymentSession } from "../../../../../provider-kit"
import { sdkScriptUrl } from "../../../../../providers/flexshopper/options"
import {
  FLEXSHOPPER,
  FLEXSHOPPER_PROVIDER_ID,
  SECRET,
  type OrderSecret,
} from "../../../../../providers/flexshopper/session-data"
import { cartTotalCents, ineligibilities, leaseOrderFor } from "../../../../../providers/flexshopper/eligibility"
import {
  flexCall,
  flexContext,
  loadCart,
  lookupCandidate,
  nextStepFor,
  rememberFlexShopperDecline,
  requireCustomer,
  type FlexRequestContext,
  type NextStep,
} from "../support"
import type { FlexCartBodyType } from "../validators"
import { shopperRoute } from "../../shopper-route"

const ORDER_TTL_MS = 2 * 60 * 60 * 1000

const NOT_READY: Record<Exclude<NextStep, "session">, [string, string]> = {
  create_account: [MedusaError.Types.NOT_ALLOWED, "find or create the shopper's FlexShopper account first"],
  prequalification: [
    MedusaError.Types.NOT_ALLOWED,
    "the shopper has to apply first (POST /store/financing/flexshopper/prequalification)",
  ],
  verification: [
    MedusaError.Types.NOT_ALLOWED,
    "the shopper has to verify their identity first (GET /store/financing/flexshopper/verification)",
  ],
  wait: [MedusaError.Types.NOT_ALLOWED, "the shopper's application is still under review"],
  declined: [
    MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
    "FlexShopper cannot offer the shopper a lease (application declined, identity not verified, or a spending hold)",
  ],
}

async function handlePost(req: MedusaRequest, res: MedusaResponse) {
  const { cart_id } = req.validatedBody as FlexCartBodyType
  const ctx = await flexContext(req)
  const cart = await loadCart(req, ctx, cart_id)
  const references = { cart_id: cart.id }

  const usd = cart.currency_code?.toLowerCase() === "usd"
  const settings = usd
    ? await flexCall(ctx, { operation: "lease-settings", references }, () => ctx.client.getLeaseSettings())
    : undefined
  const reasons = ineligibilities(cart, settings ? toCents(settings.minimumOrderValue) : 0)
  if (reasons.length) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, reasons.map((r) => r.message).join(" "))

  // A looked-up account is not the shopper's until they sign in to FlexShopper: the modal opens
  // without an auth code, shows FlexShopper's own sign-in and checks the account there; nothing
  // about the account (limit, balance, decision) is read back here.
  const candidate = await lookupCandidate(ctx, cart.id)
  const totalCents = cartTotalCents(cart)
  const userId = candidate ? candidate.userId : (await readyCustomer(ctx, cart.id, references, totalCents)).userId

  // The merchant's own transaction id (FlexShopper's Magento module uses <quote>-<time>).
  const transactionId = `${cart.id}-${randomBytes(4).toString("hex")}`
  const order = await leaseOrderFor(req.scope, cart, transactionId)
  const secret: OrderSecret = { transactionId, userId, totalCents, order }
  await ctx.financing.putSecret({
    lender: FLEXSHOPPER,
    purpose: SECRET.order,
    cart_id: cart.id,
    value: secret,
    expires_at: new Date(Date.now() + ORDER_TTL_MS),
  })

  const session = await createCartPaymentSession(req.scope, {
    cart,
    providerId: FLEXSHOPPER_PROVIDER_ID,
    data: { cart_id: cart.id, transaction_id: transactionId },
    customerId: ctx.customerId,
  })
  const authCode = candidate
    ? null
    : await flexCall(ctx, { operation: "auth-code", payment_session_id: session.id }, () =>
        ctx.client.createAuthCode(userId),
      )
  res.json({
    payment_session: {
      id: session.id,
      provider_id: session.provider_id,
      status: session.status,
      amount: session.amount,
      data: session.data,
    },
    modal: {
      script_url: sdkScriptUrl(ctx.options),
      auth_code: authCode,
      sign_in_required: !!candidate,
      transaction: order,
    },
  })
}

/** A bound customer (created here, or verified) who FlexShopper says may sign a lease of this size. */
async function readyCustomer(
  ctx: FlexRequestContext,
  cartId: string,
  references: Record<string, unknown>,
  totalCents: number,
) {
  const customer = await requireCustomer(ctx, cartId)
  const me = await flexCall(ctx, { operation: "get-user-info", references }, () =>
    ctx.client.getUserInfo(customer.token),
  )
  const step = nextStepFor(me, customer.applicationCompleted)
  if (step !== "session") {
    if (step === "declined") await rememberFlexShopperDecline(ctx, cartId)
    const [type, message] = NOT_READY[step]
    throw new MedusaError(type, `FlexShopper: ${message}.`)
  }
  const available = toCents(me.decision?.availableBalance ?? 0)
  if (available < totalCents) {
    throw new MedusaError(
      MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
      `FlexShopper: the order (${formatDollars(totalCents)}) is above the shopper's available spending limit (${formatDollars(available)}).`,
    )
  }
  return customer
}

export const POST = shopperRoute(handlePost)
