// Every provider call that reaches a lender goes through `trackLenderOperation`: the financing
// log gets one entry per operation (what, on which session/payment/order, outcome, lender
// references, lender error), and any failure leaves as a MedusaError that names the lender,
// the operation and the lender's own code — never as an axios error.
import type { Logger } from "@medusajs/framework/types"
import { isLenderError } from "../lenders/errors"
import { toMedusaError } from "./medusa-error"
import { getFinancingLog } from "../modules/financing/registry"
import { currentMedusaMovement } from "./medusa-movement"
import type {
  FinancingLog,
  FinancingOperationDTO,
  FinancingOperationOutcome,
  RecordFinancingOperationInput,
} from "../modules/financing"

export interface TrackTarget {
  lender: string
  lenderName: string
  providerId: string
  logger?: Pick<Logger, "warn">
  /** Defaults to the process-wide log published by the financing module. */
  log?: FinancingLog
}

export type TrackedOperation = Omit<RecordFinancingOperationInput, "provider_id" | "lender" | "outcome"> & {
  /**
   * Write a `pending` entry BEFORE calling the lender. Use it for calls that move money or
   * change lender state (capture, settle, finalize, refund): if the process dies mid-call the
   * reconcile job finds the pending entry. Reads and cheap calls log once, afterwards.
   */
  recordBeforeCall?: boolean
}

export interface TrackedResult {
  outcome?: FinancingOperationOutcome
  lender_reference?: string | null
  references?: Record<string, unknown> | null
  /** Must be redacted already. */
  detail?: Record<string, unknown> | null
  error_code?: string | null
  error_message?: string | null
}

/** The one shape of a tracking call: providers (`LenderPaymentProvider.track`) and flows use it alike. */
export type Track = <T>(
  operation: TrackedOperation,
  call: () => Promise<T>,
  describe?: (result: T) => TrackedResult,
) => Promise<T>

/** `trackLenderOperation` bound to one lender. */
export function lenderTracker(target: TrackTarget): Track {
  return (operation, call, describe) => trackLenderOperation(target, operation, call, describe)
}

export async function trackLenderOperation<T>(
  target: TrackTarget,
  operation: TrackedOperation,
  call: () => Promise<T>,
  describe?: (result: T) => TrackedResult,
): Promise<T> {
  const log = target.log ?? getFinancingLog()
  const { recordBeforeCall, ...fields } = operation
  const base = { ...fields, provider_id: target.providerId, lender: target.lender }
  // A call that moves money inside a Medusa capture/refund: which of Medusa's rows it works for
  // (reads are not tagged: the reconcile job asks only whether the money moved).
  const medusaId = recordBeforeCall ? currentMedusaMovement() : undefined
  if (medusaId) base.references = { ...(base.references ?? {}), medusa_movement_id: medusaId }

  let pending: FinancingOperationDTO | undefined
  if (recordBeforeCall && log) {
    pending = await safely(target, () => log.recordOperation({ ...base, outcome: "pending" }))
  }

  let result: T
  try {
    result = await call()
  } catch (error) {
    const failure = {
      outcome: "failed" as const,
      error_code: isLenderError(error) ? (error.lenderCode ?? error.kind) : "error",
      error_message: isLenderError(error) ? error.message : toMedusaError(error).message,
      http_status: isLenderError(error) ? (error.httpStatus ?? null) : null,
      correlation_id: isLenderError(error) ? (error.correlationId ?? null) : null,
    }
    if (log) await safely(target, () => writeEntry(log, pending, base, failure))
    throw toMedusaError(error, { lenderName: target.lenderName, operation: String(operation.operation) })
  }

  if (log) {
    const described = describe?.(result) ?? {}
    await safely(target, () => writeEntry(log, pending, base, { outcome: "succeeded", ...described }))
  }
  return result
}

/**
 * A log entry that is not a lender call (manual work an operator must finish, a note about what
 * the lender did). Written through the same safe path: a failed write warns, never throws.
 */
export async function recordLenderOperation(
  target: TrackTarget,
  entry: Omit<RecordFinancingOperationInput, "provider_id" | "lender">,
): Promise<void> {
  const log = target.log ?? getFinancingLog()
  if (log)
    await safely(target, () => log.recordOperation({ ...entry, provider_id: target.providerId, lender: target.lender }))
}

function writeEntry(
  log: FinancingLog,
  pending: FinancingOperationDTO | undefined,
  base: RecordFinancingOperationInput,
  patch: Partial<RecordFinancingOperationInput>,
) {
  if (patch.references && base.references) patch = { ...patch, references: { ...base.references, ...patch.references } }
  return pending ? log.updateOperation(pending.id, patch) : log.recordOperation({ ...base, ...patch })
}

// The log is an audit trail: a failure to write it must not fail (or double) a payment.
async function safely<R>(target: TrackTarget, write: () => Promise<R>): Promise<R | undefined> {
  try {
    return await write()
  } catch (error) {
    target.logger?.warn(
      `${target.lenderName}: could not write the financing log (${error instanceof Error ? error.message : "unknown error"})`,
    )
    return undefined
  }
}
