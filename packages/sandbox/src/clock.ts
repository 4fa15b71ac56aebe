// Sandbox time = real time + an offset. Time keeps flowing (the demo feels real), yet tests can
// jump ahead to expire sessions and applications without sleeping.

export type ClockListener = (now: Date) => void

export interface Clock {
  now(): Date
  nowMs(): number
  /** Moves sandbox time forward (ms ≥ 0) and returns the new now. */
  advance(ms: number): Date
  /** Moves sandbox time to `date`; it keeps ticking from there. */
  set(date: Date | string | number): Date
  /** Back to real time. */
  reset(): void
  /** Milliseconds sandbox time runs ahead of (or behind) real time. */
  offsetMs(): number
  /** Runs after every advance/set/reset, e.g. to sweep expired records and fire their webhooks. */
  onChange(listener: ClockListener): () => void
}

export function createClock(realNow: () => number = Date.now): Clock {
  let offset = 0
  const listeners = new Set<ClockListener>()

  const notify = (): Date => {
    const now = new Date(realNow() + offset)
    for (const listener of [...listeners]) listener(now)
    return now
  }

  return {
    now: () => new Date(realNow() + offset),
    nowMs: () => realNow() + offset,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError(`clock.advance needs a non-negative number of ms, got ${ms}`)
      offset += ms
      return notify()
    },
    set(date) {
      const target = date instanceof Date ? date.getTime() : new Date(date).getTime()
      if (Number.isNaN(target)) throw new RangeError(`clock.set needs a valid date, got ${String(date)}`)
      offset = target - realNow()
      return notify()
    },
    reset() {
      offset = 0
      notify()
    },
    offsetMs: () => offset,
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
