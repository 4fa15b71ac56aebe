// NewDay has no webhooks and no status endpoint for a checkout in progress: what waits on NewDay
// is (a) an SCA challenge the shopper never finished — NewDay's SCA token lives 15 minutes, after
// which the session is canceled and a late widget post finds no challenge — and (b) a checkout
// whose authorise answer was lost (timeout, reset, garbled body) after the shopper passed SCA or
// was exempt. (b) is completed by running the cart completion again, exactly as the SCA return
// does: authorise resends the same idempotency key, so NewDay replays its answer and there is one
// hold and one order.
import type { MedusaContainer } from "@medusajs/framework/types"
import { providerIdFor } from "../../lenders/slugs"
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type FinancingModuleService from "../../modules/financing/service"
import { findLenderProviderOptions } from "../../provider-kit/provider-options"
import { deleteScaSecret, getScaSecret } from "../../providers/newday/secrets"
import { cartOfCollection, completeFinancedCart } from "../cart-links"
import { cancelWaitingSession } from "./cancel-session"
import type { PendingSession, SessionReconciler, SessionVerdict } from "./types"

/** NewDay's SCA token lifetime (spec §5.3; the sandbox uses the same). */
export const NEWDAY_SCA_TTL_MS = 15 * 60 * 1000

/** Did an authorise for this session end without an answer we could trust (so NewDay may have acted)? */
async function authoriseOutcomeUnknown(container: MedusaContainer, sessionId: string): Promise<boolean> {
  const financing = container.resolve<FinancingModuleService>(FINANCING_MODULE)
  const [last] = await financing.listFinancingOperations(
    { lender: "newday", operation: "authorize", payment_session_id: sessionId } as never,
    { take: 1, order: { created_at: "DESC" } as never },
  )
  if (!last) return false
  return (
    last.outcome === "pending" ||
    (last.outcome === "failed" && (last.http_status === null || (last.http_status >= 200 && last.http_status < 300)))
  )
}

async function completeAgain(
  container: MedusaContainer,
  session: PendingSession,
  why: string,
): Promise<SessionVerdict> {
  const cartId = await cartOfCollection(container, session.payment_collection_id)
  if (!cartId) return { result: "action_required", reason: `${why}, but the session has no cart` }
  const completion = await completeFinancedCart(container, { cartId })
  if ("order_id" in completion) return { result: "completed", order_id: completion.order_id }
  if ("declined" in completion) {
    await deleteScaSecret(session.id)
    await cancelWaitingSession(container, session, { data: { status: "canceled" } })
    return { result: "canceled", reason: `NewDay declined: ${completion.error.message ?? "declined"}` }
  }
  return { result: "waiting", reason: `${why}; completing the cart failed: ${completion.reason}` }
}

export const newDayReconciler: SessionReconciler = {
  lender: "newday",
  providerId: providerIdFor("newday"),
  maxWaitMs: 24 * 60 * 60 * 1000,
  async reconcile(container, session, { now }): Promise<SessionVerdict> {
    if (!findLenderProviderOptions(container, "newday"))
      return { result: "skipped", reason: "NewDay is not configured" }
    if (session.data?.authorisation_id) return { result: "skipped", reason: "already authorised" }
    const sca = await getScaSecret(session.id)
    if (!sca) {
      if (session.data?.status !== "requires_sca") return { result: "skipped", reason: "nothing was asked of NewDay" }
      await cancelWaitingSession(container, session, { data: { status: "canceled" } })
      return { result: "canceled", reason: "the SCA challenge is gone" }
    }
    switch (sca.status) {
      case "authenticated":
        return completeAgain(container, session, "the shopper passed SCA but no order was placed")
      case "exempt":
        if (await authoriseOutcomeUnknown(container, session.id))
          return completeAgain(container, session, "NewDay's answer to authorise was lost")
        return { result: "skipped", reason: "the shopper has not completed the cart" }
      case "failed":
        await deleteScaSecret(session.id)
        await cancelWaitingSession(container, session, { data: { status: "canceled" } })
        return { result: "canceled", reason: "the shopper failed SCA" }
      case "challenge": {
        const age = now.getTime() - new Date(session.updated_at).getTime()
        if (age < NEWDAY_SCA_TTL_MS) return { result: "waiting", reason: "the shopper is in the SCA widget" }
        await deleteScaSecret(session.id)
        await cancelWaitingSession(container, session, { data: { status: "canceled" } })
        return { result: "canceled", reason: "the SCA challenge expired" }
      }
    }
    return { result: "action_required", reason: `unknown SCA state ${String((sca as { status?: unknown }).status)}` }
  },
}
