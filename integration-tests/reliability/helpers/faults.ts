// Shared by the reliability fault specs: the fault kinds every lender call is put through, how
// many of an injected fault the sandbox actually applied (its own history, not a constant), what
// a "clear error" must look like to a shopper or admin, the specs' common set-up (seeding, the
// lender's ledger, the orders made from a cart) and their rows of the faults figures table.
import type { MedusaContainer } from "@medusajs/framework/types"
import { seedStore, type SeededStore } from "../../../demo/seed-store"
import type { LenderSlug } from "../../../src/lenders/slugs"
import { FINANCING_MODULE } from "../../../src/modules/financing"
import type FinancingModuleService from "../../../src/modules/financing/service"
import type { FaultMatch, QueuedFaultSpec } from "../../../packages/sandbox/src/faults"
import type { SandboxHandle } from "../../../packages/sandbox/src"
import { recordFigure } from "../../utils/figures"
import type { SandboxAndBackend } from "../../utils/sandbox"
import { adminHeaders, type ApiClient } from "../../utils/store-api"

export interface FaultKindCase {
  /** Name in the figures table. */
  name: "5xx" | "429" | "timeout" | "reset" | "malformed"
  spec: QueuedFaultSpec
  /** The lender acted before the answer was lost: a retry must find the effect, not repeat it. */
  lenderActed: boolean
  /** The HTTP layer may repeat an idempotent call after this kind (a garbled 2xx is an answer: never repeated). */
  retriedWhenIdempotent: boolean
}

export const FAULT_KINDS: readonly FaultKindCase[] = [
  { name: "5xx", spec: { kind: "status", status: 503 }, lenderActed: false, retriedWhenIdempotent: true },
  { name: "429", spec: { kind: "status", status: 429 }, lenderActed: false, retriedWhenIdempotent: true },
  { name: "timeout", spec: { kind: "no-response", phase: "after" }, lenderActed: true, retriedWhenIdempotent: true },
  { name: "reset", spec: { kind: "reset", phase: "after" }, lenderActed: true, retriedWhenIdempotent: true },
  { name: "malformed", spec: { kind: "malformed", phase: "after" }, lenderActed: true, retriedWhenIdempotent: false },
]

/** One more fault than the HTTP layer has attempts (1 + 2 retries), so a retried call still fails. */
export const QUEUED = 3

/** A fault kind queued QUEUED deep for one call (the FlexShopper and Vault specs). */
export interface QueuedKind {
  name: FaultKindCase["name"]
  spec: (match: { method: string; path: string }) => QueuedFaultSpec
  /** The HTTP layer repeats an idempotent call after this kind (a truncated 2xx is an answer). */
  transient: boolean
  /** The lender acted before the fault replaced its answer. */
  lenderActed: boolean
}

/**
 * The FlexShopper and Vault specs' kinds: unlike FAULT_KINDS, the 5xx too comes after the lender
 * acted ("it happened, the answer was lost"); 429 comes before. A truncated body is always the
 * handler's own answer cut short (the sandbox's default phase for it).
 */
export const QUEUED_KINDS: readonly QueuedKind[] = [
  {
    name: "5xx",
    spec: (match) => ({ kind: "status", status: 503, match, count: QUEUED, phase: "after" }),
    transient: true,
    lenderActed: true,
  },
  {
    name: "429",
    spec: (match) => ({ kind: "status", status: 429, match, count: QUEUED }),
    transient: true,
    lenderActed: false,
  },
  {
    name: "timeout",
    spec: (match) => ({ kind: "no-response", match, count: QUEUED, phase: "after" }),
    transient: true,
    lenderActed: true,
  },
  {
    name: "reset",
    spec: (match) => ({ kind: "reset", match, count: QUEUED, phase: "after" }),
    transient: true,
    lenderActed: true,
  },
  {
    name: "malformed",
    spec: (match) => ({ kind: "malformed", match, count: QUEUED }),
    transient: false,
    lenderActed: true,
  },
]

/** Queues `count` faults of this kind for requests matching `match`; returns the fault id. */
export function inject(
  sandbox: SandboxHandle,
  lender: string,
  kind: FaultKindCase,
  match: FaultMatch,
  count = 1,
): string {
  return (sandbox.faults.add(lender, { ...kind.spec, match, count } as QueuedFaultSpec) as { id: string }).id
}

/** How many requests the sandbox answered with this fault (from its applied-fault history). */
export function applied(sandbox: SandboxHandle, lender: string, faultId: string): number {
  return sandbox.faults.history(lender).filter((f) => f.faultId === faultId).length
}

/** Ledger entries that appear more than once for the same (type, ref): a double capture, settle… */
export function duplicateEffects(sandbox: SandboxHandle, lender: string, types: string[]): number {
  const seen = new Map<string, number>()
  for (const entry of sandbox.ledger(lender as never).list()) {
    if (!types.includes(entry.type)) continue
    const key = `${entry.type}:${entry.ref}:${entry.amount ?? ""}`
    seen.set(key, (seen.get(key) ?? 0) + 1)
  }
  return [...seen.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0)
}

const STACK_LINE = /\n\s+at\s|node_modules|\.ts:\d+|\.js:\d+/

/** The message a failed call gave the shopper/admin, after checking it names the lender and leaks nothing. */
export function clearErrorOf(body: unknown, lenderName: string, secrets: string[]): string {
  const text = typeof body === "string" ? body : JSON.stringify(body ?? "")
  const message =
    typeof body === "object" && body && typeof (body as { message?: unknown }).message === "string"
      ? (body as { message: string }).message
      : text
  if (!message.includes(lenderName)) throw new Error(`error does not name ${lenderName}: ${text.slice(0, 300)}`)
  if (STACK_LINE.test(text)) throw new Error(`error carries a stack trace: ${text.slice(0, 300)}`)
  for (const secret of secrets.filter(Boolean))
    if (text.includes(secret)) throw new Error("error carries a configured secret")
  return message
}

/** A rejected axios call's response (the integration runner's client throws on 4xx/5xx). */
export const failed = (call: Promise<any>) => call.then((r) => r).catch((e: any) => e.response ?? Promise.reject(e))

/**
 * Seeds once (call inside `testSuite`): before each test the sandbox's faults are cleared; the
 * first test runs `seed` and snapshots the database, the template the runner restores every later
 * test from. snapshot() makes the runner skip its next restore, so the second test restores here:
 * it must not see the first's data.
 */
export function seedOnce(
  sandbox: () => SandboxHandle,
  dbUtils: { snapshot: () => Promise<void>; restore: () => Promise<void> },
  seed: () => Promise<void>,
): void {
  let seeded = false
  let restoreNext = false
  beforeEach(async () => {
    sandbox().faults.clear()
    if (!seeded) {
      await seed()
      seeded = true
      await dbUtils.snapshot()
      restoreNext = true
    } else if (restoreNext) {
      restoreNext = false
      await dbUtils.restore()
    }
  })
}

/**
 * What a lender's fault spec works with (call inside `testSuite`). Before each test: a reset
 * sandbox, a freshly seeded store (`store`) and an admin's request headers (`admin`). Also the
 * lender's ledger in the sandbox, the financing module, and the orders Medusa made from a cart.
 */
export function lenderFaultSpec(
  lender: LenderSlug,
  env: SandboxAndBackend,
  { api, getContainer }: { api: ApiClient; getContainer: () => MedusaContainer },
) {
  let store: SeededStore | undefined
  let admin: { headers: Record<string, string> } | undefined
  const sandbox = () => env.sandbox()

  beforeEach(async () => {
    sandbox().reset()
    store = await seedStore(getContainer())
    admin = await adminHeaders(api, getContainer())
  })

  return {
    get store(): SeededStore {
      if (!store) throw new Error("the store is seeded before each test (use it inside tests)")
      return store
    },
    get admin(): { headers: Record<string, string> } {
      if (!admin) throw new Error("the admin signs in before each test (use it inside tests)")
      return admin
    },
    sandbox,
    ledger: (type: string, ref?: string) => sandbox().ledger(lender).list({ type, ref }),
    financing: () => getContainer().resolve<FinancingModuleService>(FINANCING_MODULE),
    ordersForCart: async (cartId: string) =>
      (
        (
          await getContainer()
            .resolve("query")
            .graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
        ).data as Array<{ order_id: string }>
      ).map((r) => r.order_id),
  }
}

/** One row of a spec's faults figures table: the case, how many faults the sandbox applied, then the spec's own columns. */
function recordFaultRow(
  specFile: string,
  lender: string,
  operation: string,
  kind: { name: string },
  injected: number,
  columns: Record<string, string | number | boolean>,
): void {
  recordFigure(specFile, { table: "faults", lender, operation, kind: kind.name, injected, ...columns })
}

/** The Payment Assist and NewDay specs' row: the error as the shopper or admin saw it (cut to 120 characters). */
export function recordFault(
  specFile: string,
  lender: string,
  operation: string,
  kind: { name: string },
  row: { injected: number; error: string; duplicates: number; lost: number },
): void {
  recordFaultRow(specFile, lender, operation, kind, row.injected, {
    "shopper/admin error": row.error.slice(0, 120),
    "duplicates in ledger": row.duplicates,
    "lost orders": row.lost,
  })
}

/** The FlexShopper and Vault specs' row (their own columns): duplicates are the effects beyond the first. */
export function recordQueuedFault(
  specFile: string,
  lender: string,
  operation: string,
  kind: QueuedKind,
  row: { injected: number; retriedByPlugin: boolean; error: string; effects: number; lost: number },
): void {
  recordFaultRow(specFile, lender, operation, kind, row.injected, {
    retried_by_plugin: row.retriedByPlugin,
    error_shown: row.error,
    duplicates_in_ledger: Math.max(0, row.effects - 1),
    lost_orders: row.lost,
  })
}
