// Shapes shared by the per-lender syncs (one file per lender) and their entry point.
import type { MedusaContainer } from "@medusajs/framework/types"
import type { FinancingOrderRecord } from "../admin/order"
import type { SummaryPaymentRow, SummarySessionRow } from "../admin/summary"

export interface SyncOptions {
  /** Who asked, kept in the log entry ("admin", "reconcile", …). Default "admin". */
  trigger?: string
}

export interface SyncContext {
  container: MedusaContainer
  order: FinancingOrderRecord
  payment: SummaryPaymentRow
  /** The payment's own session (same provider), when Medusa still has it. */
  session?: SummarySessionRow
  data: Record<string, unknown>
  trigger: string
}

/** What one lender's sync found: the lender's status word before and after, and whether anything moved. */
export interface LenderSyncOutcome {
  lender_status: string | null
  previous_status: string | null
  /** Something besides the status word changed (e.g. a workflow completed, captured or flagged the order). */
  acted: boolean
  /** Payment `data` to store, when it changed. */
  data?: Record<string, unknown>
  /** Set when a workflow already logged the change (then no separate sync entry is written). */
  logged?: boolean
  detail?: Record<string, unknown>
}

export type LenderSync = (ctx: SyncContext) => Promise<LenderSyncOutcome>

export interface SyncFinancingResult {
  lender: string
  /** The normalized financing status after the sync (see workflows/admin/status.ts). */
  status: string
  changed: boolean
  /** The lender's own status word after the sync. */
  lender_status: string | null
}
