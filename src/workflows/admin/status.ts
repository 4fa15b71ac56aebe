// One financing status for the admin, whatever the lender: the order widget shows it as a badge
// and the reconcile job compares it. Money decides first (what Medusa captured and refunded),
// then the lender's own word (canceled, declined), then anything left for a person to do.
import { compareMinor } from "../../lenders/money"

export const FINANCING_STATUSES = [
  "pending",
  "authorized",
  "partially_captured",
  "captured",
  "partially_refunded",
  "refunded",
  "canceled",
  "action_required",
] as const

export type FinancingStatus = (typeof FINANCING_STATUSES)[number]

export const FINANCING_STATUS_LABELS: Record<FinancingStatus, string> = {
  pending: "Pending",
  authorized: "Authorized",
  partially_captured: "Partially captured",
  captured: "Captured",
  partially_refunded: "Partially refunded",
  refunded: "Refunded",
  canceled: "Canceled",
  action_required: "Action required",
}

/** Lender statuses (lower-cased) that mean the finance ended without the merchant being paid. */
const LENDER_ENDED = new Set(["canceled", "cancelled", "expired", "failed", "declined", "voided", "reversed"])

export interface StatusFacts {
  /** Integer minor units. */
  authorizedMinor: number
  capturedMinor: number
  refundedMinor: number
  /** Medusa canceled the payment. */
  canceled: boolean
  /** Medusa holds a payment (authorization happened). */
  hasPayment: boolean
  /** The lender's own status word, as it reported it. */
  lenderStatus?: string | null
  /** An operation is waiting for a person (outcome action_required, not resolved since). */
  actionRequired: boolean
}

export function normalizeFinancingStatus(facts: StatusFacts): FinancingStatus {
  if (facts.actionRequired) return "action_required"
  const lender = (facts.lenderStatus ?? "").trim().toLowerCase()
  if (facts.capturedMinor > 0) {
    if (facts.refundedMinor > 0)
      return compareMinor(facts.refundedMinor, facts.capturedMinor) >= 0 ? "refunded" : "partially_refunded"
    return compareMinor(facts.capturedMinor, facts.authorizedMinor) >= 0 ? "captured" : "partially_captured"
  }
  if (facts.canceled) return "canceled"
  if (facts.hasPayment) {
    // Medusa still holds an authorization the lender says is over: someone must look.
    return LENDER_ENDED.has(lender) ? "action_required" : "authorized"
  }
  return LENDER_ENDED.has(lender) ? "canceled" : "pending"
}

export function financingStatusLabel(status: FinancingStatus): string {
  return FINANCING_STATUS_LABELS[status]
}
