// NewDay's Order Processing API has no status read and sends no webhooks (every movement is a
// synchronous call whose answer the provider already wrote into the payment's data). A sync
// therefore re-derives the status from the recorded authorisation, settlements and reversals
// and repairs `data.status` if an interrupted write left it behind.
import { floatStateOf, statusOf, withFloatState, type NewDayPaymentData } from "../../providers/newday/payment-data"
import type { LenderSync } from "./types"

export const syncNewDay: LenderSync = async ({ data }) => {
  const payment = data as NewDayPaymentData
  const previous = typeof payment.status === "string" ? payment.status : null
  const state = floatStateOf(payment)
  if (!state) return { lender_status: previous, previous_status: previous, acted: false }
  const now = statusOf(state)
  return {
    lender_status: now,
    previous_status: previous,
    acted: false,
    data: now !== previous ? withFloatState(payment, state) : undefined,
    detail: { source: "payment data (NewDay has no status endpoint)" },
  }
}
