// The reconcile job keeps one entry per thing it watches (schedule.ts), `pending` while it will look
// again: a payment session still waiting on its lender, an interrupted lender call whose order
// sync failed, a canceled order's payment that would not cancel. Each part only looks at things
// that are still open, so when something else finishes one in between — the shopper's return or
// the lender's webhook settles the session (retried after a crash, say), an admin cancels the
// payment — the part never sees it again and its entry would stay pending for ever, shown in the
// order's financing history as work still to do. Each pass first closes those entries: the watch
// is over, and the entry says what Medusa shows instead.
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type FinancingModuleService from "../../modules/financing/service"
import type { FinancingOperationDTO } from "../../modules/financing/types"
import { WATCH_KINDS, watchOf, type WatchKind } from "./schedule"

/** Payment session statuses the job still polls the lender for (the rest are settled in Medusa). */
export const WAITING_SESSION_STATUSES: readonly string[] = ["pending", "requires_more"]

/** What Medusa shows now for the watched thing: still open, or how it ended ("removed" when gone). */
type Standing = { open: true } | { open: false; now: string }

export interface ClosedWatch {
  kind: WatchKind
  /** The payment session, lender call (financing_operation) or payment the entry watched. */
  watched_id: string
  lender: string
  now: string
}

const BATCH = 100
const MAX_BATCHES = 10

/** Where the ending shows, for the entry's reason. */
const SHOWN_BY: Record<WatchKind, string> = {
  session: "Medusa shows the payment session",
  operation: "the financing log shows the interrupted call",
  "payment-cancel": "Medusa shows the payment",
}

/** A session stays watched while Medusa shows it waiting (pure). */
export function sessionStanding(session: { status: string } | undefined): Standing {
  if (!session) return { open: false, now: "removed" }
  return WAITING_SESSION_STATUSES.includes(session.status) ? { open: true } : { open: false, now: session.status }
}

/** An interrupted call stays watched while its own entry is pending (pure). */
export function operationStanding(op: { outcome: string } | undefined): Standing {
  if (!op) return { open: false, now: "removed" }
  return op.outcome === "pending" ? { open: true } : { open: false, now: op.outcome }
}

/** A canceled order's payment stays watched until it is canceled, or captured after all (pure). */
export function paymentStanding(
  payment: { canceled_at?: unknown; captured_at?: unknown; captures?: unknown[] | null } | undefined,
): Standing {
  if (!payment) return { open: false, now: "removed" }
  if (payment.canceled_at) return { open: false, now: "canceled" }
  if (payment.captured_at || (payment.captures?.length ?? 0) > 0) return { open: false, now: "captured" }
  return { open: true }
}

type Reader = (container: MedusaContainer, ids: string[]) => Promise<Map<string, Standing>>

const standings = <T extends { id: string }>(rows: T[], ids: string[], of: (row: T | undefined) => Standing) => {
  const byId = new Map(rows.map((row) => [row.id, row]))
  return new Map(ids.map((id) => [id, of(byId.get(id))]))
}

const READERS: Record<WatchKind, Reader> = {
  session: async (container, ids) =>
    standings(
      await container.resolve(Modules.PAYMENT).listPaymentSessions({ id: ids }, { select: ["id", "status"] }),
      ids,
      sessionStanding,
    ),
  operation: async (container, ids) =>
    standings(
      (await container
        .resolve<FinancingModuleService>(FINANCING_MODULE)
        .listFinancingOperations({ id: ids } as never, { select: ["id", "outcome"] } as never)) as unknown as Array<{
        id: string
        outcome: string
      }>,
      ids,
      operationStanding,
    ),
  "payment-cancel": async (container, ids) =>
    standings(
      await container
        .resolve(Modules.PAYMENT)
        .listPayments({ id: ids }, { select: ["id", "canceled_at", "captured_at"], relations: ["captures"] }),
      ids,
      paymentStanding,
    ),
}

/** Closes the finished ones among `entries`; returns what it closed. */
async function closeBatch(
  container: MedusaContainer,
  financing: FinancingModuleService,
  entries: FinancingOperationDTO[],
): Promise<ClosedWatch[]> {
  const closed: ClosedWatch[] = []
  for (const kind of WATCH_KINDS) {
    const watched = entries.flatMap((entry) => {
      const watch = watchOf(entry.idempotency_key)
      return watch?.kind === kind ? [{ entry, id: watch.id }] : []
    })
    if (!watched.length) continue
    const standing = await READERS[kind](
      container,
      watched.map((w) => w.id),
    )
    for (const { entry, id } of watched) {
      const now = standing.get(id)
      if (!now || now.open) continue
      await financing.updateOperation(entry.id, {
        outcome: "succeeded",
        next_attempt_at: null,
        error_message: null,
        detail: {
          ...(entry.detail ?? {}),
          result: "finished_elsewhere",
          reason: `finished outside the reconcile job: ${SHOWN_BY[kind]} ${now.now}`,
          now: now.now,
        },
      })
      closed.push({ kind, watched_id: id, lender: entry.lender, now: now.now })
    }
  }
  return closed
}

/**
 * Closes the pending reconcile entries whose watched thing was finished outside the job, oldest
 * first, a batch at a time; entries still open are skipped past (closed ones leave the filter), up
 * to MAX_BATCHES a pass so a store with thousands of open watches keeps its pass short.
 */
export async function closeFinishedWatches(
  container: MedusaContainer,
  options: { lenders?: string[] } = {},
): Promise<ClosedWatch[]> {
  const financing = container.resolve<FinancingModuleService>(FINANCING_MODULE)
  const closed: ClosedWatch[] = []
  let open = 0
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const entries = (await financing.listFinancingOperations(
      { operation: "reconcile", outcome: "pending", ...(options.lenders && { lender: options.lenders }) } as never,
      { take: BATCH, skip: open, order: { created_at: "ASC", id: "ASC" } } as never,
    )) as unknown as FinancingOperationDTO[]
    const done = await closeBatch(container, financing, entries)
    closed.push(...done)
    open += entries.length - done.length
    if (entries.length < BATCH) break
  }
  return closed
}
