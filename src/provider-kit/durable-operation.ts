// A lender side effect that must happen once per business event (a shipment confirmation, an
// invoice upload, a settlement) and must not be forgotten when the lender is down: the financing
// log entry under an idempotency key is the record, a failure keeps a next attempt time, and the
// reconcile job runs it again until it is done or the lender's RetryPolicy gives up (then the
// entry is `action_required`, for a person). One policy type and one engine for every lender;
// each lender keeps its own caps and backoff as a named RetryPolicy.
import type { MedusaError } from "@medusajs/framework/utils"
import { isLenderError } from "../lenders/errors"
import type { FinancingOperationDTO, FinancingLog } from "../modules/financing/types"
import { toMedusaError } from "./medusa-error"

export interface RetryPolicy {
  /** Attempts in all (across runs); after the last one the entry is handed to a person. */
  maxAttempts: number
  /** Pause after the first failed attempt; it doubles with every further one… */
  baseMs: number
  /** …up to this (baseMs for a constant pause, Infinity for no cap). */
  maxMs: number
}

/** The pause after `attempts` failed attempts: baseMs × 2^(attempts − 1), at most maxMs. */
export function retryDelayMs(policy: RetryPolicy, attempts: number): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1))
}

export function hasAttemptsLeft(policy: RetryPolicy, attempts: number): boolean {
  return attempts < policy.maxAttempts
}

/** When to try again after `attempts` failed attempts, or null once the policy gives up. */
export function nextAttemptAt(policy: RetryPolicy, attempts: number, now: Date | number = Date.now()): Date | null {
  if (!hasAttemptsLeft(policy, attempts)) return null
  return new Date(new Date(now).getTime() + retryDelayMs(policy, attempts))
}

/** The log outcome of a failed attempt: `failed` with a next attempt, or `action_required` once the policy gives up. */
export function failureOutcome(
  policy: RetryPolicy,
  attempts: number,
  now: Date | number = Date.now(),
): { outcome: "failed" | "action_required"; next_attempt_at: Date | null } {
  const next = nextAttemptAt(policy, attempts, now)
  return { outcome: next ? "failed" : "action_required", next_attempt_at: next }
}

/** Who does the operation: written on the log entry, and named in errors. */
export interface DurableLender {
  lender: string
  provider_id: string
  lenderName: string
  /** The currency of `amount` (a lender works in one currency). */
  currency_code: string
  policy: RetryPolicy
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

/**
 * Runs `call` once per `input.key`. A failed attempt stays in the log with a next attempt time;
 * before repeating a call whose answer was lost, `alreadyApplied` asks the lender whether it went
 * through after all.
 */
export async function trackedOnce(
  log: FinancingLog,
  by: DurableLender,
  input: OnceInput,
  call: () => Promise<unknown>,
  alreadyApplied?: () => Promise<boolean>,
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
      throw await recordFailure(log, by, existing.id, existing.attempts + 1, input, error)
    }
    if (applied) {
      await log.updateOperation(existing.id, {
        outcome: "succeeded",
        next_attempt_at: null,
        error_code: null,
        error_message: null,
      })
      return "found-applied"
    }
  }
  const entry =
    existing ??
    (await log.recordOperation({
      provider_id: by.provider_id,
      lender: by.lender,
      operation: input.operation,
      outcome: "pending",
      idempotency_key: input.key,
      order_id: input.order_id ?? null,
      payment_id: input.payment_id ?? null,
      fulfillment_id: input.fulfillment_id ?? null,
      amount: input.amount ?? null,
      currency_code: input.amount ? by.currency_code : null,
      lender_reference: input.lender_reference ?? null,
      detail: input.detail ?? null,
      attempts: 0,
    }))
  const attempts = entry.attempts + 1
  try {
    await call()
  } catch (error) {
    throw await recordFailure(log, by, entry.id, attempts, input, error)
  }
  await log.updateOperation(entry.id, {
    outcome: "succeeded",
    attempts,
    next_attempt_at: null,
    error_code: null,
    error_message: null,
    detail: input.detail ?? null,
    amount: input.amount ?? null,
  })
  return "done"
}

/** What the log keeps of a failure: the lender's code, status and correlation id when it was the lender's. */
export function failureFields(error: unknown, by: Pick<DurableLender, "lenderName">, operation: string) {
  return {
    error_code: isLenderError(error) ? (error.lenderCode ?? error.kind) : ((error as MedusaError).type ?? "error"),
    error_message: toMedusaError(error, { lenderName: by.lenderName, operation }).message,
    http_status: isLenderError(error) ? (error.httpStatus ?? null) : null,
  }
}

/** Writes a failed attempt (with the policy's next attempt time) and returns the error to throw. */
export async function recordFailure(
  log: FinancingLog,
  by: DurableLender,
  id: string,
  attempts: number,
  input: Pick<OnceInput, "operation" | "detail">,
  error: unknown,
): Promise<MedusaError> {
  await log.updateOperation(id, {
    outcome: "failed",
    attempts,
    ...failureFields(error, by, input.operation),
    correlation_id: isLenderError(error) ? (error.correlationId ?? null) : null,
    next_attempt_at: nextAttemptAt(by.policy, attempts),
    detail: input.detail ?? null,
  })
  return toMedusaError(error, { lenderName: by.lenderName, operation: input.operation })
}

type DueLog = {
  listFinancingOperations(filter: never, config: never): Promise<unknown[]>
  updateOperation(id: string, patch: { next_attempt_at: null }): Promise<unknown>
}

/**
 * Runs `run` once per target for the lender's failed operations that are due (oldest first). Each
 * entry is claimed first (its next attempt time cleared), so an overlapping run does not retry it
 * too; entries without a target, or whose target this run already handled, are only claimed.
 */
export async function retryDueOperations<T>(
  log: DueLog,
  due: { lender: string; operation: string | string[]; now: Date; take?: number },
  targetOf: (op: FinancingOperationDTO) => string | null | undefined,
  run: (op: FinancingOperationDTO, target: string) => Promise<T>,
): Promise<T[]> {
  const operations = (await log.listFinancingOperations(
    { lender: due.lender, operation: due.operation, outcome: "failed", next_attempt_at: { $lte: due.now } } as never,
    { take: due.take ?? 50, order: { created_at: "ASC" } } as never,
  )) as FinancingOperationDTO[]
  const outcomes: T[] = []
  const seen = new Set<string>()
  for (const op of operations) {
    await log.updateOperation(op.id, { next_attempt_at: null })
    const target = targetOf(op)
    if (!target || seen.has(target)) continue
    seen.add(target)
    outcomes.push(await run(op, target))
  }
  return outcomes
}
