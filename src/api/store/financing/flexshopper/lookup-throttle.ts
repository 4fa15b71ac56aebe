// Attempt limits for FlexShopper's Account Lookup (phone + SSN). Without them the route is an oracle:
// anyone holding a phone number can try SSNs until one matches. Each attempt is reserved BEFORE
// FlexShopper is asked — under Medusa's lock, so parallel requests can't all slip under the limit —
// and given back when the lookup finds the account; what stays counted are misses. Counts live in
// Medusa's cache module (Redis when the host configures @medusajs/medusa/cache-redis, as the
// distributed setup does), so every server process sees the same counts; keys hold no phone number
// in clear (a hash) and never the SSN.
import { createHash } from "node:crypto"
import type { MedusaRequest } from "@medusajs/framework/http"
import type { ICacheService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

export interface LookupLimits {
  /** Misses per cart and per phone number within the window before they are locked (default 5). */
  maxAttempts: number
  /** Misses per client address within the window (default 20: shoppers can share an address). */
  maxAttemptsPerAddress: number
  /** How far back misses count (default 15 minutes). */
  windowMinutes: number
  /** How long a lock lasts (default 15 minutes). */
  lockMinutes: number
}

export const DEFAULT_LOOKUP_LIMITS: LookupLimits = {
  maxAttempts: 5,
  maxAttemptsPerAddress: 20,
  windowMinutes: 15,
  lockMinutes: 15,
}

/** The provider option `lookupLimits` over the defaults; unusable values fall back to the default. */
export function lookupLimitsOf(options: { lookupLimits?: Partial<LookupLimits> }): LookupLimits {
  const given = options.lookupLimits ?? {}
  const pick = (key: keyof LookupLimits) => {
    const value = given[key]
    return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : DEFAULT_LOOKUP_LIMITS[key]
  }
  return {
    maxAttempts: pick("maxAttempts"),
    maxAttemptsPerAddress: pick("maxAttemptsPerAddress"),
    windowMinutes: pick("windowMinutes"),
    lockMinutes: pick("lockMinutes"),
  }
}

interface Counter {
  count: number
  windowStartMs: number
  lockedUntilMs: number
}

interface Subject {
  key: string
  max: number
}

export interface LookupReservation {
  /** Gives the attempt back (the lookup found the account). */
  release(): Promise<void>
}

export type ReserveResult = { ok: true; reservation: LookupReservation } | { ok: false; retryAfterSeconds: number }

const PREFIX = "financing:flexshopper:lookup:"

const hash = (value: string) => createHash("sha256").update(value).digest("hex").slice(0, 32)

export function lookupSubjects(
  limits: LookupLimits,
  input: { cartId: string; mobilePhone: string; clientAddress?: string },
): Subject[] {
  const subjects = [
    { key: `${PREFIX}cart:${input.cartId}`, max: limits.maxAttempts },
    { key: `${PREFIX}phone:${hash(input.mobilePhone)}`, max: limits.maxAttempts },
  ]
  if (input.clientAddress)
    subjects.push({ key: `${PREFIX}address:${hash(input.clientAddress)}`, max: limits.maxAttemptsPerAddress })
  return subjects
}

export function clientAddressOf(req: MedusaRequest): string | undefined {
  return req.ip || req.socket?.remoteAddress || undefined
}

/** Reserves one attempt on every subject, or says how long the shopper has to wait. */
export async function reserveLookupAttempt(
  req: MedusaRequest,
  limits: LookupLimits,
  subjects: Subject[],
  nowMs = Date.now(),
): Promise<ReserveResult> {
  const cache = req.scope.resolve<ICacheService>(Modules.CACHE)
  const keys = subjects.map((s) => s.key)
  const windowMs = limits.windowMinutes * 60_000
  const lockMs = limits.lockMinutes * 60_000
  const ttlSeconds = Math.ceil((windowMs + lockMs) / 1000)

  // Every subject's key is locked, so requests sharing only the phone (or only the address) wait too.
  const locking = req.scope.resolve(Modules.LOCKING)
  const exclusive = <T>(work: () => Promise<T>) => locking.execute(keys, work, { timeout: 10 })

  return exclusive(async () => {
    const counters = await Promise.all(
      subjects.map(async (s) => fresh(await cache.get<Counter>(s.key), nowMs, windowMs)),
    )
    const lockedUntil = Math.max(...counters.map((c) => c.lockedUntilMs))
    if (lockedUntil > nowMs) return { ok: false as const, retryAfterSeconds: Math.ceil((lockedUntil - nowMs) / 1000) }
    // The attempt that reaches the limit still runs; the next one is refused until the lock ends.
    await Promise.all(
      subjects.map((s, i) => {
        const c = counters[i]
        const count = c.count + 1
        const next: Counter = {
          count,
          windowStartMs: c.windowStartMs,
          lockedUntilMs: count >= s.max ? nowMs + lockMs : 0,
        }
        return cache.set(s.key, next, ttlSeconds)
      }),
    )
    const reservation: LookupReservation = {
      release: () =>
        exclusive(async () => {
          await Promise.all(
            subjects.map(async (s) => {
              const c = await cache.get<Counter>(s.key)
              if (!c) return
              const count = Math.max(0, c.count - 1)
              await cache.set(
                s.key,
                { count, windowStartMs: c.windowStartMs, lockedUntilMs: count >= s.max ? c.lockedUntilMs : 0 },
                ttlSeconds,
              )
            }),
          )
        }),
    }
    return { ok: true as const, reservation }
  })
}

function fresh(counter: Counter | null, nowMs: number, windowMs: number): Counter {
  if (!counter) return { count: 0, windowStartMs: nowMs, lockedUntilMs: 0 }
  if (counter.lockedUntilMs > nowMs) return counter
  if (nowMs - counter.windowStartMs >= windowMs) return { count: 0, windowStartMs: nowMs, lockedUntilMs: 0 }
  return { ...counter, lockedUntilMs: 0 }
}
