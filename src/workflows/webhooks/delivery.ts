// Lender webhooks are acknowledged at once and processed afterwards (issue #20). The lenders retry
// an answer that is slow, so the route only verifies the delivery, writes it down and answers; the
// work (fetch-back, settlement, placing the order) runs from Medusa's event bus — in a worker
// process when Medusa runs split with Redis. The durable record is what makes this at-least-once:
// a `financing_operation` row (operation "webhook", outcome "pending") keyed by the delivery, holding
// only the ids needed to process it. If the event is lost (the process dies, Redis is down) or the
// processing fails, the reconcile job finds the row and runs it again (reconcile/webhooks.ts).
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type FinancingModuleService from "../../modules/financing/service"
import type { FinancingOperationDTO, UpdateFinancingOperationInput } from "../../modules/financing/types"
import type { RetryPolicy } from "../../provider-kit/durable-operation"
import { exclusively } from "../../provider-kit/exclusive"
import { messageOf } from "../../provider-kit/message-of"

/** Emitted once a delivery is recorded; `data.id` is the financing_operation id. */
export const WEBHOOK_RECEIVED_EVENT = "financing.webhook.received"

/**
 * Failed processing (the lender's fetch-back or Medusa's order placement threw) is retried by the
 * reconcile job: 1, 2, 4 … minutes apart, at most an hour, eight attempts in all (about 3½ hours,
 * longer than the lenders' own retry windows); then the entry is action_required, for a person.
 */
export const WEBHOOK_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseMs: 60_000, maxMs: 60 * 60_000 }

/** A pending delivery untouched for this long lost its event (or its processor): reconcile runs it. */
export const STALE_PENDING_WEBHOOK_MS = 60_000

/** Outcomes after which a copy of the delivery has nothing left to do. */
const SETTLED_OUTCOMES: readonly string[] = ["succeeded", "pending", "action_required"]

export type WebhookLog = Pick<
  FinancingModuleService,
  "recordOperation" | "updateOperation" | "findOperationByIdempotencyKey" | "listFinancingOperations"
>

export const webhookLogOf = (container: Pick<MedusaContainer, "resolve">) =>
  container.resolve<WebhookLog>(FINANCING_MODULE)

export interface WebhookDelivery {
  lender: string
  provider_id: string
  /** The delivery's key (`<lender>:webhook:<hash>`): copies, retries and replays share it. */
  idempotency_key: string
  lender_reference: string
  /** Only the ids processing needs, never secrets or personal data. */
  references: Record<string, string | null>
}

export type AcceptedDelivery = { duplicate: true } | { duplicate: false; id: string }

/** True when an earlier copy of the delivery is recorded and not failed: this one has nothing to add (pure). */
export function isDuplicateDelivery(existing: Pick<FinancingOperationDTO, "outcome"> | null): boolean {
  return existing !== null && SETTLED_OUTCOMES.includes(existing.outcome)
}

/**
 * The durable record of a verified delivery. Copies arriving together are serialised on the key
 * (a lock of its own, so a copy never waits for the processing of the first); a copy of one that
 * failed puts that entry back to pending instead of adding a second.
 */
export async function recordWebhookDelivery(
  container: Pick<MedusaContainer, "resolve">,
  delivery: WebhookDelivery,
): Promise<AcceptedDelivery> {
  const log = webhookLogOf(container)
  return await exclusively(container, `${delivery.idempotency_key}:accept`, async () => {
    const existing = await log.findOperationByIdempotencyKey(delivery.idempotency_key)
    if (isDuplicateDelivery(existing)) return { duplicate: true }
    if (existing) {
      await log.updateOperation(existing.id, { outcome: "pending", next_attempt_at: null })
      return { duplicate: false, id: existing.id }
    }
    const entry = await log.recordOperation({
      provider_id: delivery.provider_id,
      lender: delivery.lender,
      operation: "webhook",
      outcome: "pending",
      idempotency_key: delivery.idempotency_key,
      lender_reference: delivery.lender_reference,
      references: delivery.references,
      attempts: 0,
    })
    return { duplicate: false, id: entry.id }
  })
}

/**
 * Hands a recorded delivery to the event bus. A failure to emit is not the lender's problem (the
 * delivery is recorded; the reconcile job runs it within minutes), so it is logged, not thrown.
 */
export async function announceWebhookDelivery(container: Pick<MedusaContainer, "resolve">, id: string): Promise<void> {
  try {
    await container.resolve(Modules.EVENT_BUS).emit({ name: WEBHOOK_RECEIVED_EVENT, data: { id } })
  } catch (error) {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(
        `Financing webhook ${id} recorded but not announced (${messageOf(error)}); the reconcile job will process it.`,
      )
  }
}

/** How one processing attempt ended; `refused` is final (retrying cannot change it). */
export type WebhookResult = {
  outcome: "succeeded" | "action_required" | "refused"
  detail?: Record<string, unknown> | null
  error_message?: string | null
} & Pick<UpdateFinancingOperationInput, "payment_session_id" | "payment_id" | "order_id">
