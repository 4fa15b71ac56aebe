// The one place a Payment Assist application status becomes a Medusa status (spec §4).
// Unknown values fail safe: never authorized, never treated as a decline.
import { PaymentSessionStatus } from "@medusajs/framework/utils"

export type ApplicationOutcome = "waiting" | "approved" | "declined" | "unknown"

interface Mapping {
  session: PaymentSessionStatus
  /** What the webhook/return/poll handlers do with it. */
  outcome: ApplicationOutcome
}

export const APPLICATION_STATUS_MAP: Readonly<Record<string, Mapping>> = {
  // The shopper has not finished the hosted application: Medusa must send them (back) to it.
  pending: { session: PaymentSessionStatus.REQUIRES_MORE, outcome: "waiting" },
  in_progress: { session: PaymentSessionStatus.REQUIRES_MORE, outcome: "waiting" },
  // Approved and signed; the dealer takes the deposit with /capture (autoCapture off).
  pending_capture: { session: PaymentSessionStatus.AUTHORIZED, outcome: "approved" },
  // Plan set up and deposit taken.
  completed: { session: PaymentSessionStatus.CAPTURED, outcome: "approved" },
  failed: { session: PaymentSessionStatus.ERROR, outcome: "declined" },
  expired: { session: PaymentSessionStatus.CANCELED, outcome: "declined" },
}

const UNKNOWN: Mapping = { session: PaymentSessionStatus.PENDING, outcome: "unknown" }

export function mapApplicationStatus(status: string | undefined | null): Mapping {
  const key = (status ?? "").trim().toLowerCase().replace(" ", "_")
  return Object.prototype.hasOwnProperty.call(APPLICATION_STATUS_MAP, key) ? APPLICATION_STATUS_MAP[key] : UNKNOWN
}
