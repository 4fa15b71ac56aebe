// FlexShopper credits (POST /v3/transactions/:id/refund) cannot be read back: the transaction
// shows shipped, received, canceled and returned units but no credits. So a credit whose answer
// was lost (timeout, reset, 5xx, unreadable body) may or may not have been applied, and sending
// it again could credit the same line twice. Each credit therefore gets a key naming its intent
// (lease, lines, what was credited before): a retry of the same intent finds the earlier attempt
// in the financing log and is sent again only when FlexShopper clearly refused it before.
import { MedusaError } from "@medusajs/framework/utils"
import { formatDollars } from "../../lenders/flexshopper/money"
import type { LineCreditCents, LineCredits } from "../../lenders/flexshopper/lines"
import type { FinancingOperationDTO } from "../../modules/financing"
import type { FinancingLog } from "../../modules/financing/registry"
import { outcomeUnknown } from "../../provider-kit/medusa-movement"

export function creditIntentKey(transactionId: string, credits: LineCreditCents[], before: LineCredits): string {
  const lines = credits.map((c) => {
    const had = before[String(c.lineNumber)] ?? {}
    return `${c.lineNumber}.${c.sku}:i${had.item ?? 0}+${c.itemCents ?? 0}:s${had.shipping ?? 0}+${c.shippingCents ?? 0}`
  })
  return `flexshopper:credit:${transactionId}:${lines.join(",")}`
}

/** No clear answer: FlexShopper may have applied it. 429 and other 4xx are refusals before any effect. */
export function creditOutcomeUnknown(
  op: Pick<FinancingOperationDTO, "outcome" | "error_code" | "http_status">,
): boolean {
  if (op.outcome === "pending" || op.outcome === "action_required") return true
  if (op.outcome !== "failed") return false
  if (op.error_code === "network" || op.error_code === "timeout" || op.error_code === "malformed") return true
  return (op.http_status ?? 0) >= 500
}

export type CreditDecision = "send" | "already-applied"

/**
 * Looks at the earlier attempt of the same credit: none, or refused → send; succeeded (Medusa
 * lost its own record) → do not send again; unknown → flag the entry and refuse, naming what to check.
 */
export async function decideCredit(
  log: FinancingLog | undefined,
  key: string,
  describe: { lease: string; cents: number },
): Promise<CreditDecision> {
  const earlier = log ? await log.findOperationByIdempotencyKey(key) : null
  if (!earlier) return "send"
  if (earlier.outcome === "succeeded") return "already-applied"
  if (!creditOutcomeUnknown(earlier)) return "send"
  const message =
    `FlexShopper credit: an earlier credit of ${formatDollars(describe.cents)} on lease ${describe.lease} got no clear answer from FlexShopper ` +
    `(${earlier.error_message ?? "no answer"}), so it may already be applied, and FlexShopper offers no way to read credits back. ` +
    `It is not sent again, so the shopper is never credited twice: check the lease in FlexShopper's merchant portal (financing log entry ${earlier.id}).`
  if (earlier.outcome !== "action_required") {
    await log!.updateOperation(earlier.id, { outcome: "action_required", next_attempt_at: null }).catch(() => undefined)
  }
  throw outcomeUnknown(new MedusaError(MedusaError.Types.NOT_ALLOWED, message))
}
