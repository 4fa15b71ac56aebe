// Re-runs FlexShopper confirmations, captures, returns and credits that failed (the financing log
// keeps them with a next attempt time). Used by the flexshopper-retry job and the admin route.
import type { MedusaContainer } from "@medusajs/framework/types"
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type FinancingModuleService from "../../modules/financing/service"
import { FLEXSHOPPER } from "../../providers/flexshopper/session-data"
import { confirmFulfillment, type ConfirmationKind } from "./confirm-fulfillment"
import { returnAndCredit } from "./return-and-credit"
import { MAX_ATTEMPTS } from "./tracked-once"

const RETRIED = ["ship-confirm", "receipt-confirm", "capture", "return", "credit"]

export interface RetryOutcome {
  operation_id: string
  operation: string
  outcome: "succeeded" | "failed"
  error?: string
}

export async function retryFlexShopperOperations(container: MedusaContainer, opts: { order_id?: string; force?: boolean; now?: Date } = {}): Promise<RetryOutcome[]> {
  const financing = container.resolve<FinancingModuleService>(FINANCING_MODULE)
  const now = opts.now ?? new Date()
  const failed = await financing.listFinancingOperations(
    { lender: FLEXSHOPPER, outcome: "failed", operation: RETRIED, ...(opts.order_id ? { order_id: opts.order_id } : {}) },
    { take: 100, order: { created_at: "ASC" } }
  )
  const due = failed.filter((op) => opts.force || (op.next_attempt_at && new Date(op.next_attempt_at) <= now && op.attempts < MAX_ATTEMPTS))
  const outcomes: RetryOutcome[] = []
  const seen = new Set<string>()
  for (const op of due) {
    const detail = (op.detail ?? {}) as { kind?: ConfirmationKind; return_id?: string }
    // One re-run covers every step of the same fulfillment / return.
    const target = op.fulfillment_id ? `f:${op.fulfillment_id}:${detail.kind}` : `r:${detail.return_id}`
    if (seen.has(target)) continue
    seen.add(target)
    try {
      if (op.fulfillment_id) {
        const kind: ConfirmationKind = detail.kind ?? (op.operation === "receipt-confirm" ? "receipt" : "shipment")
        await confirmFulfillment(container, { fulfillment_id: op.fulfillment_id, kind })
      } else if (detail.return_id && op.order_id) {
        await returnAndCredit(container, { order_id: op.order_id, return_id: detail.return_id })
      } else {
        continue
      }
      outcomes.push({ operation_id: op.id, operation: op.operation, outcome: "succeeded" })
    } catch (error) {
      outcomes.push({ operation_id: op.id, operation: op.operation, outcome: "failed", error: (error as Error).message })
    }
  }
  return outcomes
}
