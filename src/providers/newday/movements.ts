// capture → Settle exactly what Medusa captured (never more than the remaining float);
// cancel → Reverse the remaining float; refund → Refund across the settlement transactions,
// oldest first, never more than settled minus refunded. Idempotency keys derive from the
// authorisation's state and the amount, so a retry after an unclear failure (timeout) resends
// the same key and NewDay replays instead of moving money twice (see ./float-lock.ts).
import type { CancelPaymentInput, CapturePaymentInput, RefundPaymentInput } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { deriveIdempotencyKey } from "../../lenders/newday/idempotency"
import { toMinorUnits } from "../../lenders/money"
import { NEWDAY_NAME } from "../../lenders/newday/name"
import { captureAmountOf } from "../../provider-kit/capture-amount"
import type { NewDayContext, OperationBase } from "./context"
import { withFloatLock } from "./float-lock"
import {
  type FloatState,
  floatStateOf,
  GBP,
  type NewDayPaymentData,
  pounds,
  refundedMinor,
  remainingFloatMinor,
  settledMinor,
  withFloatState,
} from "./payment-data"
import { getCustomerSecret } from "./secrets"

function requireState(data: NewDayPaymentData, operation: string): FloatState {
  const state = floatStateOf(data)
  if (!state) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `NewDay NewPay ${operation} failed: the payment has no NewDay authorisation (authorisation_id).`,
    )
  }
  return state
}

async function customerRefOf(data: NewDayPaymentData, operation: string): Promise<string> {
  const secret = data.session_id ? await getCustomerSecret({ payment_session_id: data.session_id }) : null
  if (!secret?.customerRef) {
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      `NewDay NewPay ${operation} failed: the NewDay customerRef for payment session ${data.session_id ?? "?"} is missing.`,
    )
  }
  return secret.customerRef
}

export async function captureNewDay(nd: NewDayContext, container: Record<string, unknown>, input: CapturePaymentInput) {
  const data = (input.data ?? {}) as NewDayPaymentData
  const persisted = requireState(data, "capture")
  const amountMinor = toMinorUnits(await captureAmountOf(container, input.context?.idempotency_key, NEWDAY_NAME), GBP, {
    rounding: "reject",
  })
  const customerRef = await customerRefOf(data, "capture")
  const base: OperationBase = { payment_session_id: data.session_id, amount: pounds(amountMinor), currency_code: GBP }

  const { state } = await withFloatLock(
    persisted,
    async (current) => {
      const remaining = remainingFloatMinor(current)
      if (amountMinor > remaining) {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `NewDay NewPay settle failed: £${pounds(amountMinor)} is more than the remaining float of £${pounds(remaining)}.`,
        )
      }
      const key = deriveIdempotencyKey(current.authorisationId, "settle", current.settlements.length, amountMinor)
      const settled = await nd.track(
        { ...base, operation: "settle", idempotency_key: key, recordBeforeCall: true },
        () =>
          nd.client.settle(
            customerRef,
            current.authorisationId,
            { amountMinor, description: `Settlement ${current.settlements.length + 1}` },
            { idempotencyKey: key },
          ),
        (r) => ({ lender_reference: r.transactionId, references: { authorisation_id: current.authorisationId } }),
      )
      const next = {
        ...current,
        settlements: [...current.settlements, { transactionId: settled.transactionId, amountMinor, refundedMinor: 0 }],
      }
      return { state: next, result: settled }
    },
    { paymentSessionId: data.session_id },
  )
  return { data: withFloatState(data, state) }
}

export async function cancelNewDay(nd: NewDayContext, input: CancelPaymentInput) {
  const data = (input.data ?? {}) as NewDayPaymentData
  const persisted = floatStateOf(data)
  if (!persisted) return { data: { ...data, status: "canceled" } } // never authorised: nothing held
  const customerRef = await customerRefOf(data, "cancel")
  const base: OperationBase = { payment_session_id: data.session_id, currency_code: GBP }

  const { state } = await withFloatLock(
    persisted,
    async (current) => {
      const remaining = remainingFloatMinor(current)
      if (remaining === 0) return { state: current, result: undefined }
      const key = deriveIdempotencyKey(current.authorisationId, "reverse", current.reversals.length, remaining)
      const reversed = await nd.track(
        { ...base, operation: "reverse", idempotency_key: key, amount: pounds(remaining), recordBeforeCall: true },
        () =>
          nd.client.reverse(customerRef, current.authorisationId, { amountMinor: remaining }, { idempotencyKey: key }),
        (r) => ({
          lender_reference: r.authorisationReversalId,
          references: { authorisation_id: current.authorisationId, remaining_float: pounds(r.remainingFloatMinor) },
        }),
      )
      return {
        state: {
          ...current,
          reversals: [...current.reversals, { id: reversed.authorisationReversalId, amountMinor: remaining }],
        },
        result: reversed,
      }
    },
    { paymentSessionId: data.session_id },
  )
  return { data: withFloatState(data, state) }
}

export async function refundNewDay(nd: NewDayContext, input: RefundPaymentInput) {
  const data = (input.data ?? {}) as NewDayPaymentData
  const persisted = requireState(data, "refund")
  const amountMinor = toMinorUnits(input.amount as never, GBP, { rounding: "reject" })
  if (amountMinor <= 0)
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "NewDay NewPay refund failed: amount must be greater than zero.",
    )
  const customerRef = await customerRefOf(data, "refund")
  const base: OperationBase = { payment_session_id: data.session_id, currency_code: GBP }

  const { state } = await withFloatLock(
    persisted,
    async (current) => {
      const refundable = settledMinor(current) - refundedMinor(current)
      if (amountMinor > refundable) {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `NewDay NewPay refund failed: £${pounds(amountMinor)} is more than can be refunded (£${pounds(refundable)} settled minus refunded).`,
        )
      }
      const settlements = current.settlements.map((s) => ({ ...s }))
      let rest = amountMinor
      for (const settlement of settlements) {
        const part = Math.min(rest, settlement.amountMinor - settlement.refundedMinor)
        if (part <= 0) continue
        const key = deriveIdempotencyKey(settlement.transactionId, "refund", settlement.refundedMinor, part)
        await nd.track(
          { ...base, operation: "refund", idempotency_key: key, amount: pounds(part), recordBeforeCall: true },
          () => nd.client.refund(customerRef, settlement.transactionId, { amountMinor: part }, { idempotencyKey: key }),
          (r) => ({
            lender_reference: r.refundTransactionId,
            references: { transaction_id: settlement.transactionId },
          }),
        )
        settlement.refundedMinor += part
        rest -= part
        if (rest === 0) break
      }
      return { state: { ...current, settlements }, result: undefined }
    },
    { paymentSessionId: data.session_id },
  )
  return { data: withFloatState(data, state) }
}
