// Money-moving calls on one authorisation run one at a time, each starting from the freshest
// state known. Medusa calls the provider with the payment's `data` as it was when the request
// started and writes the returned data only afterwards, so two captures close together would
// otherwise both start from the same settlements list and one would be lost (and, with
// state-derived idempotency keys, replayed instead of made). Only successful work updates the
// known state: a call that failed half-way leaves the next attempt to reuse the same keys,
// which NewDay answers from its idempotency store instead of moving money twice.
//
// Two layers, because Medusa may run as several processes (server + worker: an admin capture on
// the server can race a capture-on-shipment subscriber in the worker):
// - in this process, a promise chain per authorisation plus the last state each call produced;
// - across processes, Medusa's locking module (Modules.LOCKING: Redis in production, in-memory
//   otherwise) around the call, and the last state kept in the financing module (shared DB),
//   read after the lock is taken and written before it is released.
// Without the locking module or the financing log (unit tests, tools) the in-process layer
// alone applies, exactly as before.
import { MedusaModule } from "@medusajs/framework/modules-sdk"
import type { ILockingModule } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { getFinancingLog, type FinancingLog } from "../../modules/financing/registry"
import { type FloatState, mergeFloatStates } from "./payment-data"

const MAX_KNOWN = 1000
/** Seconds to wait for another process's call on the same authorisation (NewDay calls retry). */
const LOCK_WAIT_SECONDS = 60
const FLOAT_STATE_PURPOSE = "float-state"

const tails = new Map<string, Promise<unknown>>()
const known = new Map<string, FloatState>()

type Locking = Pick<ILockingModule, "execute">

export interface FloatLockScope {
  /** The payment session the authorisation belongs to: where the shared state is kept. */
  paymentSessionId?: string
}

export interface FloatLockBackends {
  /** Cross-process lock; defaults to Medusa's locking module when it is loaded. */
  locking?: Locking | null
  /** Shared state; defaults to the financing log when the financing module is loaded. */
  log?: FinancingLog | null
}

function loadedLockingModule(): Locking | null {
  try {
    const loaded = MedusaModule.getModuleInstance(Modules.LOCKING) as Record<string, Locking> | undefined
    const locking = loaded?.[Modules.LOCKING]
    return typeof locking?.execute === "function" ? locking : null
  } catch {
    return null
  }
}

function isFloatState(value: unknown, authorisationId: string): value is FloatState {
  const state = value as FloatState | null
  return (
    !!state &&
    state.authorisationId === authorisationId &&
    Array.isArray(state.settlements) &&
    Array.isArray(state.reversals)
  )
}

async function sharedState(
  log: FinancingLog | null,
  scope: FloatLockScope,
  authorisationId: string,
): Promise<FloatState | undefined> {
  if (!log || !scope.paymentSessionId) return undefined
  const stored = await log.getSecret({
    lender: "newday",
    purpose: FLOAT_STATE_PURPOSE,
    payment_session_id: scope.paymentSessionId,
  })
  return isFloatState(stored, authorisationId) ? stored : undefined
}

async function shareState(log: FinancingLog | null, scope: FloatLockScope, state: FloatState): Promise<void> {
  if (!log || !scope.paymentSessionId) return
  try {
    await log.putSecret({
      lender: "newday",
      purpose: FLOAT_STATE_PURPOSE,
      payment_session_id: scope.paymentSessionId,
      value: { ...state },
    })
  } catch {
    // The money already moved and this process remembers it; failing the call now would tell
    // Medusa it did not. Another process then starts from Medusa's data and reuses the same
    // idempotency keys, which NewDay replays rather than moving money twice.
  }
}

export async function withFloatLock<T>(
  persisted: FloatState,
  work: (current: FloatState) => Promise<{ state: FloatState; result: T }>,
  scope: FloatLockScope = {},
  backends: FloatLockBackends = {},
): Promise<{ state: FloatState; result: T }> {
  const id = persisted.authorisationId
  const locking = backends.locking === undefined ? loadedLockingModule() : backends.locking
  const log = backends.log === undefined ? (getFinancingLog() ?? null) : backends.log

  const critical = async () => {
    const fresh = mergeFloatStates(mergeFloatStates(persisted, known.get(id)), await sharedState(log, scope, id))
    const outcome = await work(fresh)
    known.delete(id) // re-insert: most recently used last
    known.set(id, outcome.state)
    if (known.size > MAX_KNOWN) known.delete(known.keys().next().value as string)
    await shareState(log, scope, outcome.state)
    return outcome
  }

  const previous = tails.get(id) ?? Promise.resolve()
  const run = previous
    .catch(() => undefined)
    .then(() =>
      locking ? locking.execute(`newday:float:${id}`, critical, { timeout: LOCK_WAIT_SECONDS }) : critical(),
    )
  tails.set(id, run)
  try {
    return await run
  } finally {
    if (tails.get(id) === run) tails.delete(id)
  }
}

/** Test hook: forget everything this process knows. */
export function resetFloatLocks(): void {
  tails.clear()
  known.clear()
}
