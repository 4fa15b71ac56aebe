// FlexShopper lease state → Medusa payment session status, in one table, tested exhaustively.
// The lease state itself (a pure reading of FlexShopper's transaction) is in the lender layer.
import { PaymentSessionStatus } from "@medusajs/framework/utils"
import { leaseStateOf, type LeaseState, type LeaseStateInput } from "../../lenders/flexshopper/status"

export const FLEXSHOPPER_STATUS_MAP: Readonly<Record<LeaseState, PaymentSessionStatus>> = {
  no_transaction: PaymentSessionStatus.PENDING,
  canceled: PaymentSessionStatus.CANCELED,
  // The shopper has not signed in FlexShopper's modal yet.
  awaiting_signature: PaymentSessionStatus.REQUIRES_MORE,
  // Signed but not finalized: the plugin finalizes only after checking the lease against the cart.
  signed: PaymentSessionStatus.PENDING,
  finalized: PaymentSessionStatus.AUTHORIZED,
  // FlexShopper was told every unit was handed over: it pays on that.
  confirmed: PaymentSessionStatus.CAPTURED,
}

export function sessionStatusOf(input: LeaseStateInput): PaymentSessionStatus {
  return FLEXSHOPPER_STATUS_MAP[leaseStateOf(input)]
}
