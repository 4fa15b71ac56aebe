// Payment sessions still waiting on a lender: each due one is handed to its lender's reconciler,
// and the verdict is written to the session's reconcile entry (see schedule.ts) — decided ones
// are never looked at again, waiting ones come back after a growing pause, and ones no lender
// answer settles (or that wait past the lender's expiry) are flagged `action_required`.
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { cartOfCollection, finishOrderOfCart } from "../cart-links"
import { LENDER_OPERATIONS } from "../lenders"
import { hasAttemptsLeft, nextAttemptAt } from "../../provider-kit/durable-operation"
import { messageOf } from "../../provider-kit/message-of"
import { dueState, financingOf, RECONCILE_SESSION_RETRY, reconcileKey, writeReconcileEntry } from "./schedule"
import { WAITING_SESSION_STATUSES } from "./finished-watches"
import type { PendingSession, SessionReconciler, SessionVerdict } from "./types"

export const SESSION_RECONCILERS: readonly SessionReconciler[] = LENDER_OPERATIONS.map((ops) => ops.reconciler)

/** Sessions younger than this are still in the shopper's hands (return or webhook on its way). */
export const MIN_SESSION_AGE_MS = 10 * 60 * 1000
/** Older sessions are abandoned carts; the lenders have long expired them. */
export const LOOK_BACK_MS = 14 * 24 * 60 * 60 * 1000
const BATCH = 100

export interface SessionReconcileOutcome {
  payment_session_id: string
  lender: string
  result: SessionVerdict["result"] | "not_due" | "error"
  order_id?: string | null
  reason?: string
  lender_status?: string
  attempts?: number
}

export interface SessionReconcileOptions {
  now: Date
  minAgeMs?: number
  /** Only these lenders (slugs); all by default. */
  lenders?: string[]
}

/** A session still "waiting" after the policy's checks, or past the lender's own expiry, is handed to a person (pure). */
export function giveUpWaiting(
  verdict: SessionVerdict,
  attempts: number,
  waitedMs: number,
  maxWaitMs: number,
): SessionVerdict {
  if (verdict.result !== "waiting" || (hasAttemptsLeft(RECONCILE_SESSION_RETRY, attempts) && waitedMs <= maxWaitMs))
    return verdict
  return {
    result: "action_required",
    reason: `still undecided after ${attempts} checks: ${verdict.reason}`,
    lender_status: verdict.lender_status,
  }
}

export async function listWaitingSessions(
  container: MedusaContainer,
  options: SessionReconcileOptions,
  reconciler: SessionReconciler,
): Promise<PendingSession[]> {
  const payments = container.resolve(Modules.PAYMENT)
  const now = options.now.getTime()
  const sessions = await payments.listPaymentSessions(
    {
      provider_id: reconciler.providerId,
      status: [...WAITING_SESSION_STATUSES],
      created_at: {
        $lte: new Date(now - (options.minAgeMs ?? MIN_SESSION_AGE_MS)),
        $gte: new Date(now - LOOK_BACK_MS),
      },
    } as never,
    { take: BATCH, order: { created_at: "ASC" } },
  )
  return sessions as unknown as PendingSession[]
}

/**
 * A waiting session whose cart already has an order is a completion that died before the payment
 * was authorized (interrupted-completion.ts): it is finished here for every lender, rather than
 * asked about as a checkout still in the shopper's hands. Undefined when the cart has no order.
 */
async function interruptedCompletionVerdict(
  container: MedusaContainer,
  session: PendingSession,
): Promise<SessionVerdict | undefined> {
  const cartId = await cartOfCollection(container, session.payment_collection_id)
  if (!cartId) return undefined
  const finished = await finishOrderOfCart(container, cartId)
  if (!finished) return undefined
  const { orderId, outcome } = finished
  switch (outcome.result) {
    case "complete":
    case "authorized":
      return { result: "completed", order_id: orderId }
    case "canceled":
      return { result: "canceled", reason: `the order ${orderId} was canceled: ${outcome.reason}` }
    case "waiting":
      return { result: "waiting", reason: `the order ${orderId} waits for its payment: ${outcome.reason}` }
  }
}

export async function reconcileWaitingSessions(
  container: MedusaContainer,
  options: SessionReconcileOptions,
): Promise<SessionReconcileOutcome[]> {
  const financing = financingOf(container)
  const outcomes: SessionReconcileOutcome[] = []
  for (const reconciler of SESSION_RECONCILERS) {
    if (options.lenders && !options.lenders.includes(reconciler.lender)) continue
    for (const session of await listWaitingSessions(container, options, reconciler)) {
      const key = reconcileKey("session", session.id)
      const state = await dueState(financing, key, options.now)
      if (!state.due) {
        outcomes.push({ payment_session_id: session.id, lender: reconciler.lender, result: "not_due" })
        continue
      }
      let verdict: SessionVerdict
      try {
        verdict =
          (await interruptedCompletionVerdict(container, session)) ??
          (await reconciler.reconcile(container, session, { now: options.now }))
      } catch (error) {
        // The lender is down or answered nonsense, or a completion still holds the cart's lock:
        // nothing was decided, ask again later (finished-watches.ts closes the entry if that completion won).
        verdict = { result: "waiting", reason: `could not check the session: ${messageOf(error, "unexpected error")}` }
      }
      if (verdict.result === "skipped") {
        outcomes.push({
          payment_session_id: session.id,
          lender: reconciler.lender,
          result: "skipped",
          reason: verdict.reason,
        })
        continue
      }
      const attempts = state.attempts + 1
      verdict = giveUpWaiting(
        verdict,
        attempts,
        options.now.getTime() - new Date(session.created_at).getTime(),
        reconciler.maxWaitMs,
      )
      const decided = verdict.result === "completed" || verdict.result === "canceled"
      const lender_status = "lender_status" in verdict ? verdict.lender_status : undefined
      const reason = "reason" in verdict ? verdict.reason : undefined
      const orderId = verdict.result === "completed" ? (verdict.order_id ?? null) : null
      await writeReconcileEntry(
        financing,
        {
          key,
          provider_id: reconciler.providerId,
          lender: reconciler.lender,
          payment_session_id: session.id,
          lender_reference: null,
        },
        state.entry,
        {
          outcome: decided ? "succeeded" : verdict.result === "action_required" ? "action_required" : "pending",
          attempts,
          next_attempt_at:
            verdict.result === "waiting" ? nextAttemptAt(RECONCILE_SESSION_RETRY, attempts, options.now) : null,
          order_id: orderId,
          error_message:
            verdict.result === "action_required"
              ? `${reconciler.lender}: ${reason}; review the payment session ${session.id}.`
              : null,
          detail: { result: verdict.result, reason: reason ?? null, lender_status: lender_status ?? null },
        },
      )
      outcomes.push({
        payment_session_id: session.id,
        lender: reconciler.lender,
        result: verdict.result,
        order_id: orderId,
        reason,
        lender_status,
        attempts,
      })
    }
  }
  return outcomes
}
