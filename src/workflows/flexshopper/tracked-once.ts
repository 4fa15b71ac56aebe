// Lender calls from subscribers and jobs that must happen exactly once per business event (one
// shipment confirmation per fulfillment, one return per Medusa return): the financing log entry
// under an idempotency key is the record. A failed attempt stays in the log with a next attempt
// time for the retry job; before repeating a call whose answer was lost, `alreadyApplied` asks
// the lender whether it went through after all.
import { MedusaError } from "@medusajs/framework/utils"
import { FLEXSHOPPER_NAME } from "../../lenders/flexshopper"
import { isLenderError } from "../../lenders/errors"
import { toMedusaError } from "../../provider-kit/medusa-error"
import type { FinancingLog } from "../../modules/financing/types"
import { FLEXSHOPPER, FLEXSHOPPER_PROVIDER_ID } from "../../providers/flexshopper/session-data"

export const MAX_ATTEMPTS = 8
const BASE_DELAY_MS = 60_000

export function nextAttemptAt(attempts: number, now = Date.now()): Date | null {
  if (attempts >= MAX_ATTEMPTS) return null
  return new Date(now + BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1))
}

export interface OnceInput {
  key: string
  operation: string
  order_id?: string
  payment_id?: string
  fulfillment_id?: string
  amount?: string
  detail?: Record<string, unknown>
  lender_reference?: string
}

export type OnceOutcome = "done" | "already-done" | "found-applied"

export async function trackedOnce(
  log: FinancingLog,
  input: OnceInput,
  call: () => Promise<unknown>,
  alreadyApplied?: () => Promise<boolean>
): Promise<OnceOutcome> {
  const existing = await log.findOperationByIdempotencyKey(input.key)
  if (existing?.outcome === "succeeded") return "already-done"
  if (existing && alreadyApplied) {
    let applied: boolean
    try {
      applied = await alreadyApplied()
    } catch (error) {
      // The lender could not even be asked: that is an attempt too, or a dead lender would be
      // asked every run for ever without ever reaching the attempt cap.
      throw await recordFailure(log, existing.id, existing.attempts + 1, input, error)
    }
    if (applied) {
      await log.updateOperation(existing.id, { outcome: "succeeded", next_attempt_at: null, error_code: null, error_message: null })
      return "found-applied"
    }
  }
  const entry =
    existing ??
    (await log.recordOperation({
      provider_id: FLEXSHOPPER_PROVIDER_ID,
      lender: FLEXSHOPPER,
      operation: input.operation,
      outcome: "pending",
      idempotency_key: input.key,
      order_id: input.order_id ?? null,
      payment_id: input.payment_id ?? null,
      fulfillment_id: input.fulfillment_id ?? null,
      amount: input.amount ?? null,
      currency_code: input.amount ? "usd" : null,
      lender_reference: input.lender_reference ?? null,
      detail: input.detail ?? null,
      attempts: 0,
    }))
  const attempts = entry.attempts + 1
  try {
    await call()
  } catch (error) {
    throw await recordFailure(log, entry.id, attempts, input, error)
  }
  await log.updateOperation(entry.id, { outcome: "succeeded", attempts, next_attempt_at: null, error_code: null, error_message: null, detail: input.detail ?? null, amount: input.amount ?? null })
  return "done"
}

async function recordFailure(log: FinancingLog, id: string, attempts: number, input: OnceInput, error: unknown): Promise<MedusaError> {
  await log.updateOperation(id, {
    outcome: "failed",
    attempts,
    error_code: isLenderError(error) ? error.lenderCode ?? error.kind : (error as MedusaError).type ?? "error",
    error_message: toMedusaError(error, { lenderName: FLEXSHOPPER_NAME, operation: input.operation }).message,
    http_status: isLenderError(error) ? error.httpStatus ?? null : null,
    correlation_id: isLenderError(error) ? error.correlationId ?? null : null,
    next_attempt_at: nextAttemptAt(attempts),
    detail: input.detail ?? null,
  })
  return toMedusaError(error, { lenderName: FLEXSHOPPER_NAME, operation: input.operation })
}
