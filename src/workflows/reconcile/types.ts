// What a per-lender reconciler is told about a waiting payment session, and what it decided.
import type { MedusaContainer } from "@medusajs/framework/types"

export interface PendingSession {
  id: string
  provider_id: string
  status: string
  amount: unknown
  currency_code: string
  data: Record<string, unknown>
  payment_collection_id: string
  created_at: Date
  updated_at: Date
}

export type SessionVerdict =
  /** The lender approved: the cart was completed (or found completed) through the same path the return/webhook uses. */
  | { result: "completed"; order_id?: string | null; lender_status?: string }
  /** The lender declined, or the application/challenge expired: the session was canceled, no order. */
  | { result: "canceled"; reason: string; lender_status?: string }
  /** Still open at the lender: ask again later (backoff). */
  | { result: "waiting"; reason: string; lender_status?: string }
  /** Cannot be decided automatically: flagged in the financing log for a person. */
  | { result: "action_required"; reason: string; lender_status?: string }
  /** Nothing is pending with the lender for this session (never reached it, or not ours): no entry. */
  | { result: "skipped"; reason: string }

export interface ReconcileContext {
  now: Date
}

export interface SessionReconciler {
  lender: string
  providerId: string
  /** Sessions still waiting after this long are flagged instead of polled for ever. */
  maxWaitMs: number
  reconcile(container: MedusaContainer, session: PendingSession, ctx: ReconcileContext): Promise<SessionVerdict>
}
