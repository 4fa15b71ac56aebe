// Runs one recorded webhook delivery (webhooks/delivery.ts) through its lender's processor and
// completes its log entry: succeeded, action_required (for a person), or failed — with a next
// attempt time (WEBHOOK_RETRY_POLICY) when retrying can help, without one when the delivery was
// refused. Called by the financing-webhook-received subscriber and by the reconcile job; both may
// see the same delivery, so it runs under the lender's lock and re-reads the entry first: a
// delivery already done is left alone.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { FinancingOperationDTO } from "../../modules/financing/types"
import { failureFields, failureOutcome } from "../../provider-kit/durable-operation"
import { exclusively, lenderReferenceLockKey } from "../../provider-kit/exclusive"
import { messageOf } from "../../provider-kit/message-of"
import { processPaymentAssistWebhook } from "../payment-assist/process-webhook"
import { processVaultWebhook } from "../vault/process-webhook"
import { WEBHOOK_RETRY_POLICY, webhookLogOf, type WebhookLog, type WebhookResult } from "./delivery"

export interface WebhookProcessor {
  lenderName: string
  /** The lock the delivery is processed under (the same one the lender's other callbacks take). */
  lockKey(op: FinancingOperationDTO): string
  process(container: MedusaContainer, op: FinancingOperationDTO): Promise<WebhookResult>
}

export const WEBHOOK_PROCESSORS: Readonly<Record<string, WebhookProcessor>> = {
  vault: {
    lenderName: "Vault",
    // One delivery at a time; settling takes the session's lock inside (see process-webhook.ts).
    lockKey: (op) => op.idempotency_key ?? `vault:webhook:${op.id}`,
    process: processVaultWebhook,
  },
  "payment-assist": {
    lenderName: "Payment Assist",
    lockKey: (op) => lenderReferenceLockKey("payment-assist", String(op.references?.token ?? op.id)),
    process: processPaymentAssistWebhook,
  },
}

export type WebhookRunOutcome = "succeeded" | "action_required" | "failed" | "skipped"

/** Whether an entry still needs processing: not done, and a webhook of a lender that has a processor (pure). */
export function needsProcessing(
  op: Pick<FinancingOperationDTO, "operation" | "outcome" | "lender"> | null,
  processors: Readonly<Record<string, WebhookProcessor>> = WEBHOOK_PROCESSORS,
): boolean {
  return (
    op !== null &&
    op.operation === "webhook" &&
    (op.outcome === "pending" || op.outcome === "failed") &&
    Object.prototype.hasOwnProperty.call(processors, op.lender)
  )
}

async function loadOperation(log: WebhookLog, id: string): Promise<FinancingOperationDTO | null> {
  const [op] = await log.listFinancingOperations({ id } as never, { take: 1 } as never)
  return (op as unknown as FinancingOperationDTO) ?? null
}

export async function processWebhookDelivery(
  container: MedusaContainer,
  id: string,
  processors: Readonly<Record<string, WebhookProcessor>> = WEBHOOK_PROCESSORS,
): Promise<WebhookRunOutcome> {
  const log = webhookLogOf(container)
  const recorded = await loadOperation(log, id)
  if (!recorded || !needsProcessing(recorded, processors)) return "skipped"
  const processor = processors[recorded.lender]
  return await exclusively(container, processor.lockKey(recorded), async () => {
    // A copy processed while this one waited for the lock is done now.
    const op = await loadOperation(log, id)
    if (!op || !needsProcessing(op, processors)) return "skipped"
    const attempts = op.attempts + 1
    let result: WebhookResult
    try {
      result = await processor.process(container, op)
    } catch (error) {
      const { outcome, next_attempt_at } = failureOutcome(WEBHOOK_RETRY_POLICY, attempts)
      const failure = failureFields(error, processor, "webhook")
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .warn(
          `${processor.lenderName} webhook ${op.id} (attempt ${attempts}) failed: ${messageOf(error)}` +
            (next_attempt_at ? `; retried from ${next_attempt_at.toISOString()}` : "; handed to a person"),
        )
      await log.updateOperation(op.id, { outcome, next_attempt_at, attempts, ...failure })
      return outcome
    }
    const outcome = result.outcome === "refused" ? "failed" : result.outcome
    await log.updateOperation(op.id, {
      outcome,
      attempts,
      next_attempt_at: null,
      error_code: result.outcome === "refused" ? "refused" : null,
      error_message: result.error_message ?? null,
      http_status: null,
      detail: result.detail ?? null,
      ...(result.payment_session_id !== undefined && { payment_session_id: result.payment_session_id }),
      ...(result.payment_id !== undefined && { payment_id: result.payment_id }),
      ...(result.order_id !== undefined && { order_id: result.order_id }),
    })
    return outcome
  })
}
