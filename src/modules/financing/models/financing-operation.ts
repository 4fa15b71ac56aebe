import { model } from "@medusajs/framework/utils"
import { FINANCING_OPERATION_OUTCOMES } from "../constants"

/**
 * One row per call to (or event from) a lender: what was asked, how it ended, the lender's ids
 * and the error if any. The admin order widget, retries and reconciliation read it; it holds no
 * secrets (`detail` is redacted by the caller).
 */
export const FinancingOperation = model
  .define("financing_operation", {
    id: model.id({ prefix: "finop" }).primaryKey(),
    // e.g. "pp_payment-assist_payment-assist": the Medusa provider that acted.
    provider_id: model.text().index(),
    lender: model.text(),
    payment_session_id: model.text().index().nullable(),
    payment_id: model.text().index().nullable(),
    order_id: model.text().index().nullable(),
    fulfillment_id: model.text().nullable(),
    // Text rather than enum so lender-specific operations need no migration (see constants.ts).
    operation: model.text(),
    outcome: model.enum([...FINANCING_OPERATION_OUTCOMES]).default("pending"),
    amount: model.bigNumber().nullable(),
    currency_code: model.text().nullable(),
    // The lender's main id for this operation (token, transaction or application id).
    lender_reference: model.text().index().nullable(),
    // Any further lender ids, by name.
    references: model.json().nullable(),
    error_code: model.text().nullable(),
    error_message: model.text().nullable(),
    http_status: model.number().nullable(),
    attempts: model.number().default(1),
    correlation_id: model.text().nullable(),
    // Not unique: retries of one intent may log several rows; lookups take the newest.
    idempotency_key: model.text().index().nullable(),
    detail: model.json().nullable(),
    next_attempt_at: model.dateTime().nullable(),
    completed_at: model.dateTime().nullable(),
  })
  .indexes([
    // The retry/reconcile job asks "what is due?"; only rows with a due date are indexed.
    { on: ["next_attempt_at"], where: "next_attempt_at IS NOT NULL" },
    // Each reconcile run asks for calls and webhook deliveries left pending (reconcile/orders.ts,
    // reconcile/webhooks.ts), oldest first: few rows are pending, so a partial index stays small.
    // Cost, for this index and the next: an index on `outcome` makes the update that completes a
    // row a non-HOT update (every index gets an entry, where before most completions rewrote the
    // row in place). Without them every reconcile run, every five minutes, reads the whole log.
    {
      name: "IDX_financing_operation_pending_created_at",
      on: ["created_at"],
      where: "outcome = 'pending'",
    },
    // FlexShopper's retry (workflows/flexshopper/retry.ts) reads a lender's failed rows oldest
    // first, without a due date in the filter; failed rows are a small share of the log.
    {
      name: "IDX_financing_operation_failed_lender_created_at",
      on: ["lender", "created_at"],
      where: "outcome = 'failed'",
    },
    // The retention job (purgeOperations) deletes the oldest rows in batches.
    { name: "IDX_financing_operation_created_at", on: ["created_at"] },
  ])
