// One verified lender answer per store request. A return or complete request reads the lender's
// status to decide, then Medusa's cart completion calls the provider, which reads the same status
// again to authorize. Inside a read scope the second reader gets the first answer instead of a
// second round trip. The memo lives only as long as the request: a new request always asks the
// lender again, and nothing is ever taken from the browser or the session data.
//
// Safety rules, enforced here and in the HTTP layer (http.ts):
// - only successful answers are kept: a failed read is asked again next time;
// - any request that may change something at the lender (every non-GET not marked readOnly)
//   drops the whole memo before it is sent and again when it has finished, so a read after a
//   write in the same request always goes to the lender;
// - once the scoped function has settled the memo is closed, so background work started from the
//   request (event subscribers inherit the async context) reads the lender itself.
import { AsyncLocalStorage } from "node:async_hooks"

interface ReadScope {
  reads: Map<string, Promise<unknown>>
  open: boolean
}

const storage = new AsyncLocalStorage<ReadScope>()

/** Runs `fn` with a fresh read memo (a nested scope starts its own). */
export async function withLenderReadScope<T>(fn: () => Promise<T> | T): Promise<T> {
  const scope: ReadScope = { reads: new Map(), open: true }
  try {
    return await storage.run(scope, fn)
  } finally {
    scope.open = false
    scope.reads.clear()
  }
}

export interface MemoizedReadOptions {
  /** Ask the lender now (a guard before moving money); the answer replaces the memoized one. */
  fresh?: boolean
}

/**
 * Inside an open scope: the answer already read (or being read) under `key`, else `read()`'s.
 * Outside any scope: just `read()`. The key must name the lender, the credentials the read was
 * made with and the lender's reference, so two merchants or two references never share.
 * Each caller gets its own copy, so one caller editing its answer cannot change another's.
 */
export function memoizedRead<T>(key: string, read: () => Promise<T>, options: MemoizedReadOptions = {}): Promise<T> {
  const scope = storage.getStore()
  if (!scope?.open) return read()
  if (options.fresh) scope.reads.delete(key)
  let pending = scope.reads.get(key) as Promise<T> | undefined
  if (!pending) {
    pending = Promise.resolve().then(read)
    scope.reads.set(key, pending)
    const forget = () => {
      if (scope.reads.get(key) === pending) scope.reads.delete(key)
    }
    pending.catch(forget)
  }
  return pending.then(copyOf)
}

/** Drops every memoized answer of the current scope (no-op outside one). */
export function invalidateLenderReads(): void {
  storage.getStore()?.reads.clear()
}

function copyOf<T>(value: T): T {
  return value !== null && typeof value === "object" ? structuredClone(value) : value
}
