// A Medusa refund expressed in FlexShopper's terms: the amount must be a sum of whole parts —
// unshipped SKUs to cancel, returned lines to credit at full cost, shipping to credit — found by
// lines.ts; anything else is refused with the lender's rule spelled out. When the return
// workflow asks for the credit of returned lines, only those are considered.
import type { BigNumberInput } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import type { FlexShopperClient } from "../../lenders/flexshopper/client"
import {
  addCredits,
  explainUnmatchedRefund,
  matchRefund,
  refundCandidates,
  toCreditItems,
  toRefundPlan,
  transactionLines,
} from "../../lenders/flexshopper/lines"
import type { FsTransaction } from "../../lenders/flexshopper/types"
import { fromMinorUnits, toMinorUnits } from "../../lenders/money"
import { nextSessionData } from "../../provider-kit/session-data"
import type { Track } from "../../provider-kit/track-operation"
import type { FinancingLog } from "../../modules/financing/registry"
import { creditIntentKey, decideCredit } from "./credit-intent"
import type { FlexShopperSessionData } from "./session-data"

export interface RefundContext {
  client: FlexShopperClient
  /** The financing log: earlier attempts of a credit are looked up there (see credit-intent.ts). */
  log?: FinancingLog
  track: Track
  tx: FsTransaction
  data: FlexShopperSessionData
  amount: BigNumberInput
  key?: string
}

export async function planRefund({
  client,
  log,
  track,
  tx,
  data,
  amount,
  key,
}: RefundContext): Promise<FlexShopperSessionData> {
  // The merchant transaction id this plugin generated (Get Transaction does not echo it back).
  const transactionId = data.transaction_id
  if (!transactionId)
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "FlexShopper: this payment has no lease transaction.")
  const cents = toMinorUnits(amount as never, "usd", { rounding: "reject" })
  const credits = data.credits ?? {}
  const all = refundCandidates(transactionLines(tx), credits)
  const candidates = data.pending_refund?.kind === "return-credit" ? all.filter((c) => c.kind === "item-credit") : all
  const parts = matchRefund(candidates, cents)
  if (!parts) throw new MedusaError(MedusaError.Types.INVALID_DATA, explainUnmatchedRefund(cents, candidates))

  const plan = toRefundPlan(parts)
  // The session id ties these entries to the order's financing history (the admin widget).
  const base = {
    idempotency_key: key,
    currency_code: "usd",
    recordBeforeCall: true,
    payment_session_id: data.session_id ?? null,
  }
  const creditCents = plan.credits.reduce((sum, c) => sum + (c.itemCents ?? 0) + (c.shippingCents ?? 0), 0)
  if (plan.credits.length) {
    const intent = creditIntentKey(transactionId, plan.credits, credits)
    const decision = await decideCredit(log, intent, { lease: data.lease_number ?? transactionId, cents: creditCents })
    if (decision === "send") {
      await track(
        {
          ...base,
          idempotency_key: intent,
          lender_reference: transactionId,
          operation: "credit",
          amount: fromMinorUnits(creditCents, "usd"),
          detail: {
            lines: plan.credits.map((c) => ({ lineNumber: c.lineNumber, sku: c.sku })),
            medusa_idempotency_key: key ?? null,
          },
        },
        () => client.refundTransaction(transactionId, toCreditItems(plan.credits)),
        () => ({ lender_reference: transactionId }),
      )
    }
  }
  if (plan.cancels.length) {
    const result = await track(
      // The rest of the refund is the cancelled items' value (reconciliation's figure).
      {
        ...base,
        operation: "cancel-items",
        amount: fromMinorUnits(cents - creditCents, "usd"),
        detail: { items: plan.cancels },
      },
      () => client.cancelItems(transactionId, plan.cancels),
      () => ({ lender_reference: transactionId }),
    )
    if (result.failed.length) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `FlexShopper refused to cancel ${result.failed.map((f) => `${f.quantity} × ${f.sku}`).join(", ")}: ${result.failed[0].reason ?? "refused"}.`,
      )
    }
  }
  return nextSessionData(data, { credits: addCredits(credits, plan.credits), pending_refund: null })
}
