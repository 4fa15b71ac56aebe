// POST /store/financing/flexshopper/complete { cart_id } — call it from the modal's onSign.
// The onSign payload is never trusted: the signed lease is read from FlexShopper and compared
// with the cart AS IT IS NOW (items, SKUs, quantities, unit costs, shipping, total, customer).
// A mismatch cancels the lease. A match is recorded for the provider (which refuses to
// authorize without it) and the cart is completed; the answer has the stock complete route's shape.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { leaseDigest, leaseMismatches } from "../../../../../lenders/flexshopper"
import { withLenderReadScope } from "../../../../../lenders/read-scope"
import { completeFinancedCart } from "../../../../../workflows/cart-links"
import {
  FLEXSHOPPER,
  FLEXSHOPPER_PROVIDER_ID,
  SECRET,
  flexData,
  type CartCheckSecret,
  type OrderSecret,
} from "../../../../../providers/flexshopper/session-data"
import { leaseOrderFor } from "../../../../../providers/flexshopper/eligibility"
import { flexCall, flexContext, loadCart } from "../support"
import type { FlexCartBodyType } from "../validators"
import { shopperRoute } from "../../shopper-route"

const CHECK_TTL_MS = 10 * 60 * 1000
const SOFT_ERRORS: string[] = [
  MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
  MedusaError.Types.PAYMENT_REQUIRES_MORE_ERROR,
]

// One store request, one transaction read: the signed lease checked here also serves the
// provider's authorize; finalize (a write) drops it, so later reads ask again (lenders/read-scope.ts).
async function handlePost(req: MedusaRequest, res: MedusaResponse) {
  return withLenderReadScope(() => completeFlexShopperCart(req, res))
}

async function completeFlexShopperCart(req: MedusaRequest, res: MedusaResponse) {
  const { cart_id } = req.validatedBody as FlexCartBodyType
  const ctx = await flexContext(req)
  const cart = await loadCart(req, ctx, cart_id)
  const session = cart.payment_collection?.payment_sessions?.find((s) => s.provider_id === FLEXSHOPPER_PROVIDER_ID)
  const data = flexData(session?.data)
  const expected = await ctx.financing.getSecret<OrderSecret>({
    lender: FLEXSHOPPER,
    purpose: SECRET.order,
    cart_id: cart.id,
  })
  if (!session || !data.transaction_id || expected?.transactionId !== data.transaction_id) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "FlexShopper: this cart has no FlexShopper lease in progress; start one with POST /store/financing/flexshopper/session.",
    )
  }
  const references = { cart_id: cart.id }
  // The path id is the one this plugin generated and keeps server-side, never the onSign payload.
  const transactionId = expected.transactionId
  const tx = await flexCall(ctx, { operation: "get-transaction", payment_session_id: session.id, references }, () =>
    ctx.client.getTransaction(transactionId),
  ).catch((error) => {
    if ((error as MedusaError).type === MedusaError.Types.NOT_FOUND) return null
    throw error
  })
  if (!tx || tx.lease.status !== "signed") {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "FlexShopper: the lease is not signed yet; the shopper signs it in the FlexShopper window.",
    )
  }

  const current = await leaseOrderFor(req.scope, cart, transactionId).catch(() => null)
  const problems = current ? leaseMismatches(current, tx) : ["the cart can no longer be leased"]
  // `customer` is on the 3.0 page only: compared when FlexShopper sends it.
  if (tx.customer?.id && tx.customer.id !== expected.userId)
    problems.push("the lease was signed by a different FlexShopper customer")
  if (problems.length) {
    await flexCall(
      ctx,
      { operation: "cancel", payment_session_id: session.id, detail: { reason: "cart-mismatch" } },
      () => ctx.client.cancelItems(transactionId),
    )
    await ctx.financing.deleteSecrets({ cart_id: cart.id, lender: FLEXSHOPPER, purpose: SECRET.order })
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `FlexShopper: the cart no longer matches the signed lease (${problems.join("; ")}), so the lease was canceled. Start FlexShopper again for this cart.`,
    )
  }
  const check: CartCheckSecret = { transactionId, digest: leaseDigest(tx) }
  await ctx.financing.putSecret({
    lender: FLEXSHOPPER,
    purpose: SECRET.cartCheck,
    payment_session_id: session.id,
    cart_id: cart.id,
    value: check,
    expires_at: new Date(Date.now() + CHECK_TTL_MS),
  })

  const completion = await completeFinancedCart(req.scope, { cartId: cart.id })
  if (!("order_id" in completion)) {
    const error = completion.error as MedusaError
    if (!SOFT_ERRORS.includes(error.type)) throw error
    res.json({
      type: "cart",
      cart: { id: cart.id },
      error: { message: error.message, name: error.name, type: error.type },
    })
    return
  }
  if (!completion.order_id) {
    // Completed, but the order is not readable yet: the storefront asks again (the lease is signed).
    res.json({
      type: "cart",
      cart: { id: cart.id },
      error: { message: "Your order is still being created. Please wait a moment.", name: "Error", type: "conflict" },
    })
    return
  }
  // The order exists: the customer token and lease order have served their purpose.
  await ctx.financing.deleteSecrets({ cart_id: cart.id, lender: FLEXSHOPPER })
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: orders } = await query.graph({
    entity: "order",
    fields: ["id", "display_id", "status", "total", "currency_code", "email"],
    filters: { id: completion.order_id },
  })
  res.json({ type: "order", order: orders[0] })
}

export const POST = shopperRoute(handlePost)
