// The webhook part of the reconcile pass: deliveries whose processing failed and is due again
// (WEBHOOK_RETRY_POLICY), and deliveries recorded but never processed — the process died between
// the answer and the work, or the event was lost — left pending for over STALE_PENDING_WEBHOOK_MS.
// Each is claimed before it runs, so an overlapping pass does not run it too: a failed one by
// clearing its next attempt time (retryDueOperations), a pending one by a lease in
// next_attempt_at (a pass that dies mid-way leaves it for the pass after the lease).
import type { MedusaContainer } from "@medusajs/framework/types"
import type { FinancingOperationDTO } from "../../modules/financing/types"
import { retryDueOperations } from "../../provider-kit/durable-operation"
import { messageOf } from "../../provider-kit/message-of"
import { STALE_PENDING_WEBHOOK_MS, webhookLogOf } from "../webhooks/delivery"
import { processWebhookDelivery, WEBHOOK_PROCESSORS, type WebhookRunOutcome } from "../webhooks/process"

export interface WebhookRedelivery {
  id: string
  lender: string
  /** What the entry was found as: failed and due, or pending and stale. */
  was: "failed" | "pending"
  outcome: WebhookRunOutcome | "error"
  error?: string
}

export interface WebhookRedeliveryOptions {
  now: Date
  lenders?: string[]
  take?: number
}

/** The filter for pending deliveries nobody is processing (pure): stale and unleased, or lease expired. */
export function stalePendingFilter(lender: string, now: Date, staleMs = STALE_PENDING_WEBHOOK_MS) {
  return {
    lender,
    operation: "webhook",
    outcome: "pending",
    $or: [
      { next_attempt_at: null, created_at: { $lte: new Date(now.getTime() - staleMs) } },
      { next_attempt_at: { $lte: now } },
    ],
  }
}

export async function reprocessWebhookDeliveries(
  container: MedusaContainer,
  options: WebhookRedeliveryOptions,
): Promise<WebhookRedelivery[]> {
  const { now, take = 50 } = options
  const log = webhookLogOf(container)
  const run = async (op: FinancingOperationDTO, was: WebhookRedelivery["was"]): Promise<WebhookRedelivery> => {
    try {
      return { id: op.id, lender: op.lender, was, outcome: await processWebhookDelivery(container, op.id) }
    } catch (error) {
      return { id: op.id, lender: op.lender, was, outcome: "error", error: messageOf(error) }
    }
  }
  const redone: WebhookRedelivery[] = []
  for (const lender of Object.keys(WEBHOOK_PROCESSORS)) {
    if (options.lenders && !options.lenders.includes(lender)) continue
    redone.push(
      ...(await retryDueOperations(
        log,
        { lender, operation: "webhook", now, take },
        (op) => op.id,
        (op) => run(op, "failed"),
      )),
    )
    const stale = (await log.listFinancingOperations(
      stalePendingFilter(lender, now) as never,
      {
        take,
        order: { created_at: "ASC" },
      } as never,
    )) as unknown as FinancingOperationDTO[]
    for (const op of stale) {
      await log.updateOperation(op.id, { next_attempt_at: new Date(now.getTime() + STALE_PENDING_WEBHOOK_MS) })
      redone.push(await run(op, "pending"))
    }
  }
  return redone
}
