// How long the financing log (financing_operation) keeps finished rows: the option
// `operationRetentionDays`, checked at boot, and the one DELETE the retention job runs per batch.
import type { FinancingModuleOptions } from "./types"

/**
 * Two years. The log is the store's evidence of what it asked each lender and when, read when a
 * payment is questioned later: by the lender (settlement disputes and clawbacks run in weeks or
 * months), by a card scheme (a chargeback on a deposit can come up to 540 days after the
 * transaction) or by the customer. Longer obligations — the credit agreement and the lender's
 * decisions, which the FCA's rules and the 6-year limitation period bear on — sit with the lender
 * as creditor, and the store's side of the sale stays in Medusa's order and payment tables, which
 * this job never touches. A store whose record-keeping policy keeps lender-call evidence longer
 * raises the option (2190 for six years), or sets 0 to keep every row.
 */
export const DEFAULT_OPERATION_RETENTION_DAYS = 730

/**
 * The shortest retention accepted. Reconciliation reads back days, not months (stale pending calls
 * after 15 minutes, Payment Assist applications escalated after 3 days, retry backoff in hours), so
 * 30 days keeps every row it can still act on, with a margin; a smaller value is more likely a unit
 * mistake (hours for days) than a wish, and fails boot.
 */
export const MIN_OPERATION_RETENTION_DAYS = 30

/** Rows deleted per statement: each batch is its own short statement, so no long lock or huge WAL burst. */
export const OPERATION_PURGE_BATCH = 1000

/** Days to keep, or null when retention is off (option 0 or null). Throws, failing boot, on anything else. */
export function resolveOperationRetentionDays(options: FinancingModuleOptions = {}): number | null {
  const value = options.operationRetentionDays
  if (value === undefined) return DEFAULT_OPERATION_RETENTION_DAYS
  if (value === null || value === 0) return null
  if (typeof value !== "number" || !Number.isInteger(value) || value < MIN_OPERATION_RETENTION_DAYS) {
    throw new Error(
      `Financing module: option "operationRetentionDays" must be a whole number of days of at least ` +
        `${MIN_OPERATION_RETENTION_DAYS}, or 0 (or null) to keep every financing log row; got ${describe(value)}.`,
    )
  }
  return value
}

function describe(value: unknown): string {
  return typeof value === "number" ? String(value) : typeof value === "string" ? `the string "${value}"` : typeof value
}

/**
 * Deletes up to `?` (the batch size) finished rows created before `?` (the cutoff), oldest first, and
 * returns how many went. Kept whatever their age: `pending` (a call whose answer is unknown),
 * `action_required` (waiting on a person) and `failed` with a next attempt (the retry job's). The
 * subquery walks IDX_financing_operation_created_at (the rows it skips, kept ones, are few); `= any(array(…))`
 * then deletes by primary key, where `in (…)` lets the planner hash-join a full scan of the table.
 */
export const PURGE_OPERATIONS_SQL = `with gone as (
  delete from "financing_operation" where "id" = any(array(
    select "id" from "financing_operation"
    where "deleted_at" is null and "created_at" < ?
      and ("outcome" = 'succeeded' or ("outcome" = 'failed' and "next_attempt_at" is null))
    order by "created_at"
    limit ?
  ))
  returning 1
)
select count(*)::int as "deleted" from gone`
