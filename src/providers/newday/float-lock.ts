// Money-moving calls on one authorisation run one at a time in this process, each starting from
// the freshest state known here. Medusa calls the provider with the payment's `data` as it was
// when the request started and writes the returned data only afterwards, so two captures close
// together would otherwise both start from the same settlements list and one would be lost
// (and, with state-derived idempotency keys, replayed instead of made). Only successful work
// updates the known state: a call that failed half-way leaves the next attempt to reuse the
// same keys, which NewDay answers from its idempotency store instead of moving money twice.
// Several Medusa server processes do not share this; see docs/newday.md.
import { type FloatState, mergeFloatStates } from "./payment-data"

const MAX_KNOWN = 1000
const tails = new Map<string, Promise<unknown>>()
const known = new Map<string, FloatState>()

export async function withFloatLock<T>(
  persisted: FloatState,
  work: (current: FloatState) => Promise<{ state: FloatState; result: T }>
): Promise<{ state: FloatState; result: T }> {
  const id = persisted.authorisationId
  const previous = tails.get(id) ?? Promise.resolve()
  const run = previous.catch(() => undefined).then(async () => {
    const outcome = await work(mergeFloatStates(persisted, known.get(id)))
    known.delete(id) // re-insert: most recently used last
    known.set(id, outcome.state)
    if (known.size > MAX_KNOWN) known.delete(known.keys().next().value as string)
    return outcome
  })
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
