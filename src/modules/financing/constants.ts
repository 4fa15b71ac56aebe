// Kept apart from index.ts so providers, routes and admin code can import the names without
// loading the service (and with it the ORM models).
export const FINANCING_MODULE = "financing"

/**
 * Operations the plugin itself records. The column is plain text, not an enum, so a lender
 * adapter can log an operation of its own (e.g. "kba-submit") without a migration.
 */
export const FINANCING_OPERATIONS = [
  "initiate",
  "update",
  "authorize",
  "capture",
  "cancel",
  "refund",
  "delete",
  "status",
  "ship-confirm",
  "receipt-confirm",
  "invoice-upload",
  "settle",
  "reverse",
  "webhook",
  "return",
  "sync",
  "preapproval",
  "reconcile",
  // A lender declined a cart or its application was abandoned: left out for that cart (provider-kit/turned-away.ts).
  "turned-away",
] as const

export type KnownFinancingOperation = (typeof FINANCING_OPERATIONS)[number]
/** A known operation, or any other lender-specific name (the `string & {}` keeps autocompletion). */
export type FinancingOperationName = KnownFinancingOperation | (string & {})

export const FINANCING_OPERATION_OUTCOMES = ["succeeded", "failed", "pending", "action_required"] as const
export type FinancingOperationOutcome = (typeof FINANCING_OPERATION_OUTCOMES)[number]

/** Outcomes after which nothing more happens to the operation; `completed_at` is stamped on them. */
export const FINAL_OPERATION_OUTCOMES: readonly FinancingOperationOutcome[] = ["succeeded", "failed"]

/** Environment variable read when the module option `encryptionKey` is not set. */
export const ENCRYPTION_KEY_ENV_VAR = "FINANCING_ENCRYPTION_KEY"
