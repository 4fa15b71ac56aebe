// When the reconcile job may look at something again. Each thing it watches (a payment session,
// an interrupted lender call) has ONE financing-log entry under `reconcile:<kind>:<id>` whose
// `attempts` and `next_attempt_at` carry the backoff between runs, so a lender that keeps
// answering "still pending" is asked less and less often, and a second run finds nothing due.
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type { FinancingOperationOutcome } from "../../modules/financing/constants"
import type { FinancingOperationDTO } from "../../modules/financing/types"
import type FinancingModuleService from "../../modules/financing/service"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { RetryPolicy } from "../../provider-kit/durable-operation"

/** First re-check 5 minutes after a "still pending", doubling up to 6 hours. */
export const BACKOFF_BASE_MS = 5 * 60 * 1000
export const BACKOFF_MAX_MS = 6 * 60 * 60 * 1000

const reconcilePolicy = (maxAttempts: number): RetryPolicy => ({
  maxAttempts,
  baseMs: BACKOFF_BASE_MS,
  maxMs: BACKOFF_MAX_MS,
})
/** A waiting payment session: 12 checks, then a person decides. */
export const RECONCILE_SESSION_RETRY = reconcilePolicy(12)
/** An interrupted lender call: 8 order syncs. */
export const RECONCILE_ORDER_RETRY = reconcilePolicy(8)
/** A canceled order's leftover lender payment: 10 cancels. */
export const RECONCILE_CANCELED_ORDER_RETRY = reconcilePolicy(10)

/** What the job watches: a waiting payment session, an interrupted lender call, a canceled order's payment. */
export const WATCH_KINDS = ["session", "operation", "payment-cancel"] as const
export type WatchKind = (typeof WATCH_KINDS)[number]

export const reconcileKey = (kind: WatchKind, id: string) => `reconcile:${kind}:${id}`

/** The kind and id an entry watches, from its key (reconcileKey's inverse; pure). */
export function watchOf(key: string | null): { kind: WatchKind; id: string } | undefined {
  const match = key ? /^reconcile:([a-z-]+):(.+)$/.exec(key) : null
  const kind = match?.[1] as WatchKind | undefined
  return match && kind && WATCH_KINDS.includes(kind) ? { kind, id: match[2] } : undefined
}

export interface ReconcileTarget {
  key: string
  provider_id: string
  lender: string
  payment_session_id?: string | null
  order_id?: string | null
  lender_reference?: string | null
}

type Financing = Pick<FinancingModuleService, "findOperationByIdempotencyKey" | "recordOperation" | "updateOperation">

export function financingOf(container: Pick<MedusaContainer, "resolve">): Financing {
  return container.resolve<FinancingModuleService>(FINANCING_MODULE)
}

/** The entry's state: whether it is due now, and how many times the lender was asked before. */
export async function dueState(
  financing: Financing,
  key: string,
  now: Date,
): Promise<{ due: boolean; entry: FinancingOperationDTO | null; attempts: number }> {
  const entry = await financing.findOperationByIdempotencyKey(key)
  if (!entry) return { due: true, entry: null, attempts: 0 }
  // Decided, or handed to a person: the job leaves it alone.
  if (entry.outcome !== "pending") return { due: false, entry, attempts: entry.attempts }
  const next = entry.next_attempt_at ? new Date(entry.next_attempt_at) : null
  return { due: !next || next <= now, entry, attempts: entry.attempts }
}

export interface ReconcileRecord {
  outcome: FinancingOperationOutcome
  attempts: number
  next_attempt_at: Date | null
  order_id?: string | null
  error_message?: string | null
  detail: Record<string, unknown>
}

/** Creates the target's entry or moves the existing one on (one row per target, updated in place). */
export async function writeReconcileEntry(
  financing: Financing,
  target: ReconcileTarget,
  entry: FinancingOperationDTO | null,
  record: ReconcileRecord,
) {
  const fields = {
    outcome: record.outcome,
    attempts: record.attempts,
    next_attempt_at: record.next_attempt_at,
    error_message: record.error_message ?? null,
    detail: record.detail,
    ...(record.order_id ? { order_id: record.order_id } : {}),
  }
  if (entry) return financing.updateOperation(entry.id, fields)
  return financing.recordOperation({
    provider_id: target.provider_id,
    lender: target.lender,
    operation: "reconcile",
    idempotency_key: target.key,
    payment_session_id: target.payment_session_id ?? null,
    order_id: target.order_id ?? null,
    lender_reference: target.lender_reference ?? null,
    ...fields,
  })
}
