// Medusa's payment module commits a capture or refund row BEFORE it calls the provider, and removes
// the row only when the provider throws. A process killed during the lender call leaves the row:
// Medusa shows money moved that the lender may never have moved (or moved without Medusa's data
// knowing). So each provider capture/refund is bracketed by a "Medusa movement" entry in the
// financing log — pending before the provider runs, succeeded or failed after — keyed by Medusa's
// row id (the idempotency key Medusa passes), and every lender call made inside is tagged with
// that id (references.medusa_movement_id). The reconcile job (src/workflows/reconcile/movements.ts)
// finds the entries left pending and finishes or removes their rows.
import { AsyncLocalStorage } from "node:async_hooks"
import type { FinancingLog } from "../modules/financing/types"

export type MovementKind = "capture" | "refund"

/** The log operations of the bracketing entries (never lender calls: the other parts skip them). */
export const MOVEMENT_OPERATIONS: Record<MovementKind, string> = {
  capture: "medusa-capture",
  refund: "medusa-refund",
}

export const MOVEMENT_OPERATION_NAMES = Object.values(MOVEMENT_OPERATIONS)

const current = new AsyncLocalStorage<{ medusaId: string }>()

/** The Medusa capture/refund id the running provider call works for, if any. */
export function currentMedusaMovement(): string | undefined {
  return current.getStore()?.medusaId
}

/** Runs `work` with its lender calls tagged with Medusa's row id (no bracketing entry). */
export function withinMedusaMovement<T>(medusaId: string | undefined, work: () => Promise<T>): Promise<T> {
  return medusaId ? current.run({ medusaId }, work) : work()
}

export interface MovementTarget {
  lender: string
  providerId: string
  log?: FinancingLog
  warn?: (message: string) => void
}

/**
 * Brackets one provider capture/refund: a pending entry, the provider's work with its lender calls
 * tagged, then the entry completed. Without Medusa's row id or the financing log it only runs
 * `work`: there is nothing to find again later.
 */
export async function asMedusaMovement<T>(
  target: MovementTarget,
  kind: MovementKind,
  medusaId: string | undefined,
  work: () => Promise<T>,
): Promise<T> {
  const log = target.log
  if (!medusaId || !log) return withinMedusaMovement(medusaId, work)
  const entry = await log
    .recordOperation({
      provider_id: target.providerId,
      lender: target.lender,
      operation: MOVEMENT_OPERATIONS[kind],
      outcome: "pending",
      // The amount is Medusa's row's: the reconcile job reads it there.
      idempotency_key: medusaId,
    })
    .catch((error: unknown) => {
      target.warn?.(`could not record Medusa's ${kind} ${medusaId} (${(error as Error)?.message ?? "unknown error"})`)
      return undefined
    })
  const complete = (patch: { outcome: "succeeded" | "failed"; error_message?: string }) =>
    entry ? log.updateOperation(entry.id, patch).catch(() => undefined) : undefined
  try {
    const result = await withinMedusaMovement(medusaId, work)
    await complete({ outcome: "succeeded" })
    return result
  } catch (error) {
    // Medusa removes its row when the provider throws: nothing is left to finish.
    await complete({ outcome: "failed", error_message: (error as Error)?.message ?? "failed" })
    throw error
  }
}

/** The lender's own capture/refund for Medusa's row `context.idempotency_key`, lender calls tagged. */
export type MovementFinisher = (
  kind: MovementKind,
  input: { data?: Record<string, unknown>; amount?: unknown; context?: { idempotency_key?: string } },
) => Promise<{ data?: Record<string, unknown> }>

// Filled as Medusa constructs each provider (in every process that loads the payment module).
const finishers = new Map<string, MovementFinisher>()

export function registerMovementFinisher(providerId: string, finisher: MovementFinisher): void {
  finishers.set(providerId, finisher)
}

export function movementFinisherFor(providerId: string): MovementFinisher | undefined {
  return finishers.get(providerId)
}

const OUTCOME_UNKNOWN = Symbol.for("medusa-plugin-financing.lender-outcome-unknown")

/**
 * Marks a provider's refusal to act because an earlier attempt's outcome cannot be known (the
 * lender offers no way to read it back): the reconcile job then keeps Medusa's row and hands the
 * movement to a person, instead of treating it as the lender's "no".
 */
export function outcomeUnknown<E extends Error>(error: E): E {
  Object.defineProperty(error, OUTCOME_UNKNOWN, { value: true })
  return error
}

export function isOutcomeUnknown(error: unknown): boolean {
  return Boolean(error && typeof error === "object" && (error as Record<symbol, unknown>)[OUTCOME_UNKNOWN])
}
