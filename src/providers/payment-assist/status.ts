// The one place a Payment Assist application status becomes a Medusa status (spec §4). One
// table, tested exhaustively. Unknown values fail safe: never authorized, never treated as a decline.
import { PaymentSessionStatus } from "@medusajs/framework/utils"

/** The statuses the Partner API documents (`in progress` from the 2020 docs is read as `in_progress`). */
export type PaymentAssistStatus = "pending" | "in_progress" | "pending_capture" | "completed" | "failed" | "expired"

export const PAYMENT_ASSIST_STATUS_MAP: Readonly<Record<PaymentAssistStatus, PaymentSessionStatus>> = {
  // The shopper has not finished the hosted application: Medusa must send them (back) to it.
  pending: PaymentSessionStatus.REQUIRES_MORE,
  in_progress: PaymentSessionStatus.REQUIRES_MORE,
  // Approved and signed; the dealer takes the deposit with /capture (autoCapture off).
  pending_capture: PaymentSessionStatus.AUTHORIZED,
  // Plan set up and deposit taken.
  completed: PaymentSessionStatus.CAPTURED,
  failed: PaymentSessionStatus.ERROR,
  expired: PaymentSessionStatus.CANCELED,
}

export function sessionStatusOf(status: string | undefined | null): PaymentSessionStatus {
  const key = (status ?? "").trim().toLowerCase().replace(" ", "_")
  return Object.prototype.hasOwnProperty.call(PAYMENT_ASSIST_STATUS_MAP, key)
    ? PAYMENT_ASSIST_STATUS_MAP[key as PaymentAssistStatus]
    : PaymentSessionStatus.PENDING
}

export type ApplicationOutcome = "waiting" | "approved" | "declined" | "unknown"

/** What the webhook/return/poll handlers do with a status follows from its session status. */
const OUTCOMES: Partial<Record<PaymentSessionStatus, ApplicationOutcome>> = {
  [PaymentSessionStatus.REQUIRES_MORE]: "waiting",
  [PaymentSessionStatus.AUTHORIZED]: "approved",
  [PaymentSessionStatus.CAPTURED]: "approved",
  [PaymentSessionStatus.ERROR]: "declined",
  [PaymentSessionStatus.CANCELED]: "declined",
}

/** The session status and what the handlers do with it (`unknown` for anything the table does not know). */
export function mapApplicationStatus(status: string | undefined | null): {
  session: PaymentSessionStatus
  outcome: ApplicationOutcome
} {
  const session = sessionStatusOf(status)
  return { session, outcome: OUTCOMES[session] ?? "unknown" }
}
