// What the reconcile job needs to find the Medusa events a lender's subscribers never saw.
// Medusa releases a workflow's events from the orchestrator's "finish" notification, which the
// workflow engine does not await: the admin's "mark as shipped" or "confirm receipt" can be
// answered before the event reaches the event bus, and a process that dies in that moment loses
// it. The lender's work for it (a shipment confirmation, a settlement, an invoice) would then
// never happen. So the job reads Medusa's own records instead: fulfillments shipped, delivered or
// created (and returns received) inside the window, on orders paid with the lender, whose log
// entry is missing — each lender's missedEvents (src/workflows/lenders.ts) then runs its
// subscriber's own work for them, which is once-only by its log keys and locks.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type FinancingModuleService from "../../modules/financing/service"
import { messageOf } from "../../provider-kit/message-of"

/** Long enough for the subscriber to have run (it does within seconds when the event arrives). */
export const MISSED_EVENT_GRACE_MS = 5 * 60 * 1000
/** Events older than this are left alone (a person has dealt with them by then). */
export const MISSED_EVENT_LOOK_BACK_MS = 14 * 24 * 60 * 60 * 1000

/** The window an event's timestamp must fall in: after the grace period, within the look-back. */
export function missedEventWindow(now: Date): { $gte: Date; $lte: Date } {
  return {
    $gte: new Date(now.getTime() - MISSED_EVENT_LOOK_BACK_MS),
    $lte: new Date(now.getTime() - MISSED_EVENT_GRACE_MS),
  }
}

type Query = { graph(config: { entity: string; fields: string[]; filters?: unknown }): Promise<{ data: unknown[] }> }

const queryOf = (container: Pick<MedusaContainer, "resolve">) =>
  container.resolve(ContainerRegistrationKeys.QUERY) as unknown as Query

interface OrderPayments {
  id: string
  payment_collections?: Array<{ payments?: Array<{ provider_id: string; canceled_at?: unknown } | null> | null } | null>
}

/** Of `orderIds`, those with a live payment from `providerId` (one query). */
export async function ordersPaidWith(
  container: Pick<MedusaContainer, "resolve">,
  orderIds: readonly string[],
  providerId: string,
): Promise<Set<string>> {
  if (!orderIds.length) return new Set()
  const { data } = await queryOf(container).graph({
    entity: "order",
    fields: ["id", "payment_collections.payments.provider_id", "payment_collections.payments.canceled_at"],
    filters: { id: [...new Set(orderIds)] },
  })
  return new Set(
    (data as OrderPayments[])
      .filter((o) =>
        (o.payment_collections ?? []).some((c) =>
          (c?.payments ?? []).some((p) => p?.provider_id === providerId && !p.canceled_at),
        ),
      )
      .map((o) => o.id),
  )
}

export interface RecentFulfillment {
  id: string
  order_id: string
  requires_shipping: boolean
}

/** The event a fulfillment's timestamp stands for. */
export type FulfillmentEvent = "created_at" | "shipped_at" | "delivered_at"

/**
 * Live fulfillments on orders paid with `providerId` whose `event` timestamp falls in the window.
 * One query for the fulfillments, one for their orders' payments.
 */
export async function recentFulfillments(
  container: Pick<MedusaContainer, "resolve">,
  providerId: string,
  event: FulfillmentEvent,
  now: Date,
): Promise<RecentFulfillment[]> {
  const { data } = await queryOf(container).graph({
    entity: "fulfillment",
    fields: ["id", "requires_shipping", "order.id"],
    filters: { [event]: missedEventWindow(now), canceled_at: null },
  })
  const rows = (data as Array<{ id: string; requires_shipping?: boolean; order?: { id: string } | null }>)
    .filter((f) => f.order?.id)
    .map((f) => ({ id: f.id, order_id: f.order!.id, requires_shipping: f.requires_shipping !== false }))
  const financed = await ordersPaidWith(
    container,
    rows.map((f) => f.order_id),
    providerId,
  )
  return rows.filter((f) => financed.has(f.order_id))
}

export type KeyedLog = Pick<FinancingModuleService, "loggedIdempotencyKeys">

export const keyedLogOf = (container: Pick<MedusaContainer, "resolve">): KeyedLog =>
  container.resolve<FinancingModuleService>(FINANCING_MODULE)

/** The items whose log key is absent (one statement per 500 keys). */
export async function withoutLogEntry<T>(log: KeyedLog, items: readonly T[], keyOf: (item: T) => string): Promise<T[]> {
  if (!items.length) return []
  const logged = await log.loggedIdempotencyKeys(items.map(keyOf))
  return items.filter((item) => !logged.has(keyOf(item)))
}

/** What a lender's sweep reads; tests pass their own. */
export interface MissedEventDeps {
  log?: KeyedLog
  fulfillments?: typeof recentFulfillments
}

/**
 * The lender's fulfillments whose `event` falls in the window (and that `keep` accepts) and whose
 * log key is absent: the ones whose subscriber never ran.
 */
export async function missedFulfillments(
  container: Pick<MedusaContainer, "resolve">,
  deps: MissedEventDeps,
  find: { providerId: string; event: FulfillmentEvent; now: Date; keyOf: (f: RecentFulfillment) => string },
  keep: (f: RecentFulfillment) => boolean = () => true,
): Promise<RecentFulfillment[]> {
  const recent = await (deps.fulfillments ?? recentFulfillments)(container, find.providerId, find.event, find.now)
  return withoutLogEntry(deps.log ?? keyedLogOf(container), recent.filter(keep), find.keyOf)
}

export interface MissedEventOutcome {
  /** The fulfillment, return or order the event was about. */
  id: string
  order_id: string
  result: "done" | "skipped" | "failed"
  detail?: string
}

/**
 * Runs the subscriber's work for each missed event, one after the other; a failure is reported
 * and the next one still runs (the work logs its own failure for the retry job).
 */
export async function runMissed<T extends { id: string; order_id: string }>(
  items: readonly T[],
  work: (item: T) => Promise<string | undefined>,
): Promise<MissedEventOutcome[]> {
  const outcomes: MissedEventOutcome[] = []
  for (const item of items) {
    const base = { id: item.id, order_id: item.order_id }
    try {
      const skipped = await work(item)
      outcomes.push(skipped ? { ...base, result: "skipped", detail: skipped } : { ...base, result: "done" })
    } catch (error) {
      outcomes.push({ ...base, result: "failed", detail: messageOf(error) })
    }
  }
  return outcomes
}
