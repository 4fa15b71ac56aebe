// FlexShopper sessions whose shopper closed the window after signing (the modal's onSign never
// reached the store), or whose lease was canceled: read the transaction from FlexShopper. A
// signed lease is completed the way POST /store/financing/flexshopper/complete does it — compared
// with the cart AS IT IS NOW, recorded as checked, then the cart is completed (the provider
// finalizes). A lease that no longer matches is flagged for a person rather than canceled by a
// job; a fully canceled transaction cancels the session.
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { leaseOrderFor } from "../../providers/flexshopper/eligibility"
import { isLenderError } from "../../lenders/errors"
import type { FsTransaction } from "../../lenders/flexshopper"
import { isFullyCanceled, leaseDigest, leaseMismatches, transactionLines } from "../../lenders/flexshopper"
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type FinancingModuleService from "../../modules/financing/service"
import { loadFinancingCart } from "../../provider-kit/cart"
import { findLenderOptions } from "../../provider-kit/provider-options"
import { flexShopperLender } from "../../providers/flexshopper/lender"
import { flexShopperClient, type FlexShopperOptions } from "../../providers/flexshopper/options"
import {
  FLEXSHOPPER,
  FLEXSHOPPER_PROVIDER_ID,
  SECRET,
  flexData,
  type CartCheckSecret,
  type OrderSecret,
} from "../../providers/flexshopper/session-data"
import { cartOfCollection, completeFinancedCart, orderOfCart } from "../cart-links"
import { cancelWaitingSession } from "./cancel-session"
import type { PendingSession, SessionReconciler, SessionVerdict } from "./types"

const CHECK_TTL_MS = 10 * 60 * 1000

async function completeSignedLease(
  container: MedusaContainer,
  session: PendingSession,
  transactionId: string,
  tx: FsTransaction,
): Promise<SessionVerdict> {
  const cartId = await cartOfCollection(container, session.payment_collection_id)
  if (!cartId)
    return {
      result: "action_required",
      reason: "the lease is signed but the session has no cart",
      lender_status: "signed",
    }
  const existing = await orderOfCart(container, cartId)
  if (existing) return { result: "completed", order_id: existing, lender_status: "signed" }
  const financing = container.resolve<FinancingModuleService>(FINANCING_MODULE)
  const expected = await financing.getSecret<OrderSecret>({
    lender: FLEXSHOPPER,
    purpose: SECRET.order,
    cart_id: cartId,
  })
  if (!expected || expected.transactionId !== transactionId) {
    return {
      result: "action_required",
      reason: "the lease is signed but this cart's lease order is gone; review it in FlexShopper's portal",
      lender_status: "signed",
    }
  }
  const cart = await loadFinancingCart(container, cartId)
  const current = await leaseOrderFor(container, cart, transactionId).catch(() => null)
  const problems = current ? leaseMismatches(current, tx) : ["the cart can no longer be leased"]
  // `customer` is on the 3.0 page only: compared when FlexShopper sends it.
  if (tx.customer?.id && tx.customer.id !== expected.userId)
    problems.push("the lease was signed by a different FlexShopper customer")
  if (problems.length) {
    return {
      result: "action_required",
      reason: `the signed lease does not match the cart (${problems.join("; ")})`,
      lender_status: "signed",
    }
  }
  const check: CartCheckSecret = { transactionId, digest: leaseDigest(tx) }
  await financing.putSecret({
    lender: FLEXSHOPPER,
    purpose: SECRET.cartCheck,
    payment_session_id: session.id,
    cart_id: cartId,
    value: check,
    expires_at: new Date(Date.now() + CHECK_TTL_MS),
  })
  const completion = await completeFinancedCart(container, { cartId })
  if (!("order_id" in completion)) {
    if (completion.error?.type === MedusaError.Types.NOT_ALLOWED)
      return {
        result: "action_required",
        reason: completion.error.message ?? "FlexShopper refused",
        lender_status: "signed",
      }
    return { result: "waiting", reason: `completing the cart failed: ${completion.reason}`, lender_status: "signed" }
  }
  await financing.deleteSecrets({ cart_id: cartId, lender: FLEXSHOPPER })
  return { result: "completed", order_id: completion.order_id, lender_status: "signed" }
}

export const flexShopperReconciler: SessionReconciler = {
  lender: FLEXSHOPPER,
  providerId: FLEXSHOPPER_PROVIDER_ID,
  maxWaitMs: 3 * 24 * 60 * 60 * 1000,
  async reconcile(container, session): Promise<SessionVerdict> {
    const options = await findLenderOptions<FlexShopperOptions>(container, flexShopperLender)
    if (!options) return { result: "skipped", reason: "FlexShopper is not configured" }
    const data = flexData(session.data)
    if (!data.transaction_id) return { result: "skipped", reason: "no lease was started" }
    const client = flexShopperClient(options, container.resolve<Logger>(ContainerRegistrationKeys.LOGGER))
    const tx = await client.getTransaction(data.transaction_id).catch((error: unknown) => {
      if (isLenderError(error) && error.httpStatus === 404) return null
      throw error
    })
    if (!tx) return { result: "waiting", reason: "the shopper has not opened the FlexShopper window" }
    if (isFullyCanceled(transactionLines(tx))) {
      await cancelWaitingSession(container, session, { data: { status: "canceled" } })
      return { result: "canceled", reason: "FlexShopper canceled the lease", lender_status: tx.lease?.status }
    }
    if (tx.lease?.status !== "signed")
      return { result: "waiting", reason: "the shopper has not signed the lease", lender_status: tx.lease?.status }
    return completeSignedLease(container, session, data.transaction_id, tx)
  },
}
