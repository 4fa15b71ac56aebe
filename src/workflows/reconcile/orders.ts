// Lender calls that were left `pending` in the financing log (recorded before the call, never
// finished: the process died, or the answer never came) leave an order whose state at the lender
// is unknown. The admin engineer's syncFinancingForOrder (src/workflows/sync) reads the lender
// and brings the order in line; this finds those orders and runs it, with backoff per call.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type FinancingModuleService from "../../modules/financing/service"
import type { FinancingOperationDTO } from "../../modules/financing/types"
import { syncFinancingForOrder } from "../sync"
import { dueState, RECONCILE_ORDER_RETRY, reconcileKey, writeReconcileEntry } from "./schedule"
import { failureOutcome } from "../../provider-kit/durable-operation"
import { messageOf } from "../../provider-kit/message-of"
import { MOVEMENT_OPERATION_NAMES } from "../../provider-kit/medusa-movement"

export type SyncFinancingForOrder = (
  container: MedusaContainer,
  orderId: string,
) => Promise<{ lender: string; status: string; changed: boolean }>

export interface OrderReconcileOutcome {
  operation_id: string
  order_id: string | null
  result: "synced" | "waiting" | "action_required" | "skipped"
  status?: string
  changed?: boolean
  error?: string
}

/** Interrupted calls older than this are treated as lost (a live call finishes within its timeouts). */
export const STALE_PENDING_MS = 15 * 60 * 1000

async function orderOfOperation(container: MedusaContainer, op: FinancingOperationDTO): Promise<string | null> {
  if (op.order_id) return op.order_id
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const sessionId = op.payment_session_id
  const paymentId = op.payment_id
  let collectionId: string | undefined
  if (paymentId) {
    const { data } = await query.graph({
      entity: "payment",
      fields: ["payment_collection_id"],
      filters: { id: paymentId },
    })
    collectionId = (data[0] as { payment_collection_id?: string } | undefined)?.payment_collection_id
  } else if (sessionId) {
    const { data } = await query.graph({
      entity: "payment_session",
      fields: ["payment_collection_id"],
      filters: { id: sessionId },
    })
    collectionId = (data[0] as { payment_collection_id?: string } | undefined)?.payment_collection_id
  }
  if (!collectionId) return null
  const { data: owned } = await query.graph({
    entity: "order_payment_collection",
    fields: ["order_id"],
    filters: { payment_collection_id: collectionId },
  })
  return (owned[0] as { order_id?: string } | undefined)?.order_id ?? null
}

/** Whether the lender's scheduled retry re-runs this operation (src/workflows/lenders.ts RetryWork). */
export type RetriedWhenDue = (lender: string, operation: string) => boolean

export async function reconcileInterruptedOperations(
  container: MedusaContainer,
  {
    now,
    sync = syncFinancingForOrder,
    retriedWhenDue = () => false,
  }: { now: Date; sync?: SyncFinancingForOrder; retriedWhenDue?: RetriedWhenDue },
): Promise<OrderReconcileOutcome[]> {
  const financing = container.resolve<FinancingModuleService>(FINANCING_MODULE)
  const stale = (await financing.listFinancingOperations(
    {
      outcome: "pending",
      // Webhook deliveries are not calls: their own part runs them again (reconcile/webhooks.ts);
      // nor are Medusa's captures and refunds bracketing them (reconcile/movements.ts).
      operation: { $nin: ["reconcile", "webhook", ...MOVEMENT_OPERATION_NAMES] },
      created_at: { $lte: new Date(now.getTime() - STALE_PENDING_MS) },
    } as never,
    { take: 50, order: { created_at: "ASC" } as never },
  )) as unknown as FinancingOperationDTO[]
  const outcomes: OrderReconcileOutcome[] = []
  const synced = new Set<string>()
  for (const op of stale) {
    const key = reconcileKey("operation", op.id)
    const state = await dueState(financing, key, now)
    if (!state.due) continue
    const orderId = await orderOfOperation(container, op).catch(() => null)
    const target = {
      key,
      provider_id: op.provider_id,
      lender: op.lender,
      payment_session_id: op.payment_session_id,
      order_id: orderId,
      lender_reference: op.lender_reference,
    }
    const attempts = state.attempts + 1
    if (!orderId) {
      // A call on a session that never became an order: the session reconcile covers it.
      await financing.updateOperation(op.id, {
        outcome: "failed",
        error_code: "interrupted",
        error_message: "Interrupted before the lender answered; no order was placed from this session.",
      })
      outcomes.push({ operation_id: op.id, order_id: null, result: "skipped" })
      continue
    }
    try {
      const result = synced.has(orderId) ? undefined : await sync(container, orderId)
      synced.add(orderId)
      // A confirmation, settlement or upload the process died in the middle of is still owed to
      // the lender: due now, the lender's retry (later in this pass) asks the lender whether it
      // landed, or repeats it under the same idempotency key. Anything else is the admin's to judge.
      const redo = retriedWhenDue(op.lender, op.operation)
      const syncNote = `the order was synced with ${op.lender}${result ? ` (status ${result.status})` : ""}`
      await financing.updateOperation(op.id, {
        outcome: "failed",
        error_code: "interrupted",
        next_attempt_at: redo ? now : null,
        error_message: redo
          ? `Interrupted before the lender answered; ${syncNote}, and the call is checked with the lender and finished by the reconcile job.`
          : `Interrupted before the lender answered; ${syncNote}.`,
      })
      await writeReconcileEntry(financing, target, state.entry, {
        outcome: "succeeded",
        attempts,
        next_attempt_at: null,
        order_id: orderId,
        detail: { operation_id: op.id, lender_status: result?.status ?? null, changed: result?.changed ?? false },
      })
      outcomes.push({
        operation_id: op.id,
        order_id: orderId,
        result: "synced",
        status: result?.status,
        changed: result?.changed,
      })
    } catch (error) {
      const retry = failureOutcome(RECONCILE_ORDER_RETRY, attempts, now)
      const give = retry.outcome === "action_required"
      const message = messageOf(error)
      await writeReconcileEntry(financing, target, state.entry, {
        outcome: give ? "action_required" : "pending",
        attempts,
        next_attempt_at: retry.next_attempt_at,
        order_id: orderId,
        error_message: `Syncing order ${orderId} with ${op.lender} failed: ${message}`,
        detail: { operation_id: op.id, operation: op.operation },
      })
      outcomes.push({
        operation_id: op.id,
        order_id: orderId,
        result: give ? "action_required" : "waiting",
        error: message,
      })
    }
  }
  return outcomes
}
