// NewDay payment status (our `data.status`) → Medusa payment session status. One table, tested
// exhaustively. A partially settled authorisation is still "authorized" for Medusa: its captures
// say how much was taken.
import { PaymentSessionStatus } from "@medusajs/framework/utils"
import type { NewDayPaymentStatus } from "./payment-data"

export const NEWDAY_STATUS_MAP: Record<NewDayPaymentStatus, PaymentSessionStatus> = {
  pending: PaymentSessionStatus.PENDING,
  requires_sca: PaymentSessionStatus.REQUIRES_MORE,
  authorized: PaymentSessionStatus.AUTHORIZED,
  partially_captured: PaymentSessionStatus.AUTHORIZED,
  captured: PaymentSessionStatus.CAPTURED,
  canceled: PaymentSessionStatus.CANCELED,
}

export function sessionStatusOf(status: unknown): PaymentSessionStatus {
  return NEWDAY_STATUS_MAP[status as NewDayPaymentStatus] ?? PaymentSessionStatus.PENDING
}
