// What a NewDay payment session / payment keeps in Medusa's `data` (visible to the storefront:
// lender references and amounts only — the customerRef and every token live in the financing
// module's encrypted secrets, see ./secrets.ts). Amounts are major-unit strings ("220.00").
import { fromMinorUnits, parseMajorUnitString } from "../../lenders/money"

export type NewDayPaymentStatus =
  "pending" | "requires_sca" | "authorized" | "partially_captured" | "captured" | "canceled"

export interface NewDaySettlement {
  transaction_id: string
  amount: string
  refunded: string
}

export interface NewDayReversal {
  id: string
  amount: string
}

export interface NewDaySpendOptionSummary {
  name: string
  spend_type?: string
  duration?: number
  interest_rate?: number
  monthly_payment?: string
  total_repayable?: string
}

export interface NewDayPaymentData extends Record<string, unknown> {
  session_id?: string
  cart_id?: string
  amount?: string
  currency_code?: string
  spend_option_id?: string
  spend_option?: NewDaySpendOptionSummary
  status?: NewDayPaymentStatus
  /** The SCA widget to show (iframe or redirect) while status is requires_sca. */
  sca_widget_url?: string
  sca_attempt?: number
  authorisation_id?: string
  authorised_amount?: string
  remaining_float?: string
  settled_amount?: string
  refunded_amount?: string
  settlements?: NewDaySettlement[]
  reversals?: NewDayReversal[]
}

export const GBP = "gbp"

export const pence = (amount: string | undefined): number => (amount ? parseMajorUnitString(amount, GBP) : 0)
export const pounds = (minor: number): string => fromMinorUnits(minor, GBP)

/** The money side of an authorisation, in pence, rebuilt from data (and merged across callers). */
export interface FloatState {
  authorisationId: string
  authorisedMinor: number
  settlements: Array<{ transactionId: string; amountMinor: number; refundedMinor: number }>
  reversals: Array<{ id: string; amountMinor: number }>
}

export function floatStateOf(data: NewDayPaymentData): FloatState | undefined {
  if (!data.authorisation_id) return undefined
  return {
    authorisationId: data.authorisation_id,
    authorisedMinor: pence(data.authorised_amount),
    settlements: (data.settlements ?? []).map((s) => ({
      transactionId: s.transaction_id,
      amountMinor: pence(s.amount),
      refundedMinor: pence(s.refunded),
    })),
    reversals: (data.reversals ?? []).map((r) => ({ id: r.id, amountMinor: pence(r.amount) })),
  }
}

export const settledMinor = (s: FloatState) => s.settlements.reduce((sum, t) => sum + t.amountMinor, 0)
export const reversedMinor = (s: FloatState) => s.reversals.reduce((sum, r) => sum + r.amountMinor, 0)
export const refundedMinor = (s: FloatState) => s.settlements.reduce((sum, t) => sum + t.refundedMinor, 0)
export const remainingFloatMinor = (s: FloatState) => s.authorisedMinor - settledMinor(s) - reversedMinor(s)

/**
 * Union of two views of one authorisation. Settlements and reversals are only ever added and
 * refunds only grow, so the union is always at least as fresh as either side.
 */
export function mergeFloatStates(a: FloatState, b: FloatState | undefined): FloatState {
  if (!b || b.authorisationId !== a.authorisationId) return a
  const settlements = new Map(a.settlements.map((s) => [s.transactionId, { ...s }]))
  for (const s of b.settlements) {
    const known = settlements.get(s.transactionId)
    settlements.set(
      s.transactionId,
      known ? { ...known, refundedMinor: Math.max(known.refundedMinor, s.refundedMinor) } : { ...s },
    )
  }
  const reversals = new Map(a.reversals.map((r) => [r.id, r]))
  for (const r of b.reversals) reversals.set(r.id, r)
  return { ...a, settlements: [...settlements.values()], reversals: [...reversals.values()] }
}

export function statusOf(state: FloatState): NewDayPaymentStatus {
  const settled = settledMinor(state)
  if (remainingFloatMinor(state) > 0) return settled > 0 ? "partially_captured" : "authorized"
  if (settled === 0) return "canceled"
  return settled === state.authorisedMinor ? "captured" : "partially_captured"
}

/** `data` with the float state written back into it (the whole object: Medusa replaces data). */
export function withFloatState(data: NewDayPaymentData, state: FloatState): NewDayPaymentData {
  return {
    ...data,
    status: statusOf(state),
    authorisation_id: state.authorisationId,
    authorised_amount: pounds(state.authorisedMinor),
    remaining_float: pounds(remainingFloatMinor(state)),
    settled_amount: pounds(settledMinor(state)),
    refunded_amount: pounds(refundedMinor(state)),
    settlements: state.settlements.map((s) => ({
      transaction_id: s.transactionId,
      amount: pounds(s.amountMinor),
      refunded: pounds(s.refundedMinor),
    })),
    reversals: state.reversals.map((r) => ({ id: r.id, amount: pounds(r.amountMinor) })),
  }
}
