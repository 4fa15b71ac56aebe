// The workflow-level facts of each lender, in one registry (the provider-level facts are in
// src/providers/lenders.ts): how the reconcile job decides a payment session still waiting on it,
// how an order is synced with it, what the admin's "retry" re-runs (by operation name: the
// lender definition's `retryableOperations`), and what the reconcile job runs for it on every
// pass (its due retries, its polls). Each lender's own list is src/workflows/<slug>/operations.ts.
import type { MedusaContainer } from "@medusajs/framework/types"
import type { LenderSlug } from "../lenders/slugs"
import type { FinancingOperationDTO } from "../modules/financing/types"
import type { FinancingOrderRecord } from "./admin/order"
import { flexShopperOperations } from "./flexshopper/operations"
import { newDayOperations } from "./newday/operations"
import { paymentAssistOperations } from "./payment-assist/operations"
import type { SessionReconciler } from "./reconcile/types"
import type { LenderSync } from "./sync/types"
import { vaultOperations } from "./vault/operations"

/** Re-runs one failed operation for the admin; undefined on success, or why the work could not be done. */
export type RedoOperation = (
  container: MedusaContainer,
  op: FinancingOperationDTO,
  order: FinancingOrderRecord,
) => Promise<string | undefined>

/** What a re-run reports (each lender adds its own fields). */
export interface RetriedOperation {
  outcome: string
  error?: string
}

/** Work the reconcile job runs for a lender on every pass; `label` names it in the job's errors. */
export interface ScheduledWork<T> {
  label: string
  run(container: MedusaContainer, now: Date): Promise<T>
}

/**
 * The reconcile job's re-run of due failures, and the operations it re-runs: an interrupted call
 * of one of these (the process died mid-call) is made due again rather than left for a person,
 * because each re-run asks the lender first or repeats the call under the same idempotency key.
 */
export interface RetryWork extends ScheduledWork<RetriedOperation[]> {
  operations: readonly string[]
}

export interface LenderOperations {
  lender: LenderSlug
  reconciler: SessionReconciler
  sync: LenderSync
  /** By operation name; exactly the lender definition's retryableOperations. */
  redo: Readonly<Record<string, RedoOperation>>
  /** Failed side effects (confirmations, settlements, uploads) that are due again. */
  retryDue?: RetryWork
  /** Reads of the lender for what may have changed without a notification. */
  poll?: ScheduledWork<unknown>
  /**
   * The lender's work for Medusa events its subscribers may have missed, found from Medusa's
   * records: Medusa releases a workflow's events after the workflow has returned, so a process
   * that dies in between loses them.
   */
  missedEvents?: ScheduledWork<unknown>
}

/** In LENDER_SLUGS order (the order the reconcile job visits them). */
export const LENDER_OPERATIONS: readonly LenderOperations[] = [
  paymentAssistOperations,
  flexShopperOperations,
  newDayOperations,
  vaultOperations,
]

const BY_SLUG = new Map<string, LenderOperations>(LENDER_OPERATIONS.map((ops) => [ops.lender, ops]))

export function lenderOperations(slug: LenderSlug): LenderOperations {
  const ops = BY_SLUG.get(slug)
  if (!ops) throw new Error(`src/workflows/lenders.ts has no operations for the lender "${slug}".`)
  return ops
}
