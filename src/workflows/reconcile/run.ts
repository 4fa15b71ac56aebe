// One reconcile pass: lender webhooks recorded but not (successfully) processed, the job's own
// entries for things finished outside it (closed), payment sessions still waiting on a lender, Medusa captures/refunds whose provider call was interrupted, orders
// whose last lender call was interrupted, canceled orders whose
// lender payment is still open, and each lender's own scheduled work from src/workflows/lenders.ts
// (work for Medusa events its subscribers missed; failed confirmations, settlements and uploads
// that are due again; polls). The plugin's
// reconcile job runs it every 5 minutes.
import type { MedusaContainer } from "@medusajs/framework/types"
import { messageOf } from "../../provider-kit/message-of"
import { LENDER_OPERATIONS, type RetriedOperation } from "../lenders"
import { cancelLeftoverPayments, type CanceledOrderOutcome } from "./canceled-orders"
import { closeFinishedWatches, type ClosedWatch } from "./finished-watches"
import { finishInterruptedMovements, type MovementOutcome } from "./movements"
import { reconcileInterruptedOperations, type OrderReconcileOutcome, type SyncFinancingForOrder } from "./orders"
import { reconcileWaitingSessions, type SessionReconcileOutcome } from "./sessions"
import { reprocessWebhookDeliveries, type WebhookRedelivery } from "./webhooks"

export interface FinancingReconcileOptions {
  /** "Now" for ages, expiries and backoff (tests move it forward instead of waiting). */
  now?: Date
  /** How old a session must be before the job polls its lender. */
  minSessionAgeMs?: number
  lenders?: string[]
  /** Defaults to syncFinancingForOrder from src/workflows/sync. */
  syncOrder?: SyncFinancingForOrder
}

export interface FinancingReconcileSummary {
  sessions: SessionReconcileOutcome[]
  orders: OrderReconcileOutcome[]
  /** Medusa captures/refunds whose provider call was interrupted: finished or removed. */
  movements: MovementOutcome[]
  /** Canceled orders whose lender payment Medusa failed to cancel. */
  canceledOrders: CanceledOrderOutcome[]
  /** Per lender with due retries (LenderOperations.retryDue): what was re-run. */
  confirmations: Record<string, RetriedOperation[]>
  /** Webhook deliveries run again: failed and due, or recorded and never processed. */
  webhooks: WebhookRedelivery[]
  /** Entries of things the job watched that were finished outside it (settled sessions, …): closed. */
  closed: ClosedWatch[]
  errors: string[]
}

export async function runFinancingReconcile(
  container: MedusaContainer,
  options: FinancingReconcileOptions = {},
): Promise<FinancingReconcileSummary> {
  const now = options.now ?? new Date()
  const confirmations = Object.fromEntries(
    LENDER_OPERATIONS.filter((ops) => ops.retryDue).map((ops) => [ops.lender, [] as RetriedOperation[]]),
  )
  const summary: FinancingReconcileSummary = {
    sessions: [],
    orders: [],
    movements: [],
    canceledOrders: [],
    confirmations,
    webhooks: [],
    closed: [],
    errors: [],
  }
  // Each part on its own: one lender being down must not stop the others.
  const part = async (name: string, work: () => Promise<void>) => {
    try {
      await work()
    } catch (error) {
      summary.errors.push(`${name}: ${messageOf(error, "unexpected error")}`)
    }
  }
  // Webhooks first: a delivery that is processed now spares its session a poll below.
  await part("webhooks", async () => {
    summary.webhooks = await reprocessWebhookDeliveries(container, { now, lenders: options.lenders })
  })
  // Then the watches something else finished meanwhile (a webhook just now, say) are closed, so
  // no part looks at them again and nothing stays pending for ever.
  await part("finished watches", async () => {
    summary.closed = await closeFinishedWatches(container, { lenders: options.lenders })
  })
  await part("sessions", async () => {
    summary.sessions = await reconcileWaitingSessions(container, {
      now,
      minAgeMs: options.minSessionAgeMs,
      lenders: options.lenders,
    })
  })
  // Before the order syncs: an order's captures and refunds are settled first.
  await part("movements", async () => {
    summary.movements = await finishInterruptedMovements(container, { now })
  })
  await part("orders", async () => {
    summary.orders = await reconcileInterruptedOperations(container, {
      now,
      sync: options.syncOrder,
      retriedWhenDue: (lender, operation) =>
        LENDER_OPERATIONS.some((ops) => ops.lender === lender && ops.retryDue?.operations.includes(operation)),
    })
  })
  await part("canceled orders", async () => {
    summary.canceledOrders = await cancelLeftoverPayments(container, now, options.lenders)
  })
  const lenders = LENDER_OPERATIONS.filter((ops) => !options.lenders || options.lenders.includes(ops.lender))
  for (const { missedEvents } of lenders) {
    if (missedEvents) await part(missedEvents.label, async () => void (await missedEvents.run(container, now)))
  }
  for (const { lender, retryDue } of lenders) {
    if (retryDue)
      await part(retryDue.label, async () => void (summary.confirmations[lender] = await retryDue.run(container, now)))
  }
  for (const { poll } of lenders) {
    if (poll) await part(poll.label, async () => void (await poll.run(container, now)))
  }
  return summary
}
