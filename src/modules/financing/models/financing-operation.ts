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
  ])
