// Where a FlexShopper lease stands, read from its transaction (and whether this plugin finalized
// it: FlexShopper's transaction has no such flag). Pure lender facts; what Medusa calls each state
// is in src/providers/flexshopper/status.ts.
import { handedOverUnits, isFullyCanceled, transactionLines } from "./lines"
import type { FsTransaction } from "./types"

/**
 * | lease state        | lender facts                                             |
 * |--------------------|----------------------------------------------------------|
 * | no_transaction     | no transaction yet (modal not opened)                    |
 * | canceled           | every item canceled                                      |
 * | awaiting_signature | lease pending (shopper has not signed)                   |
 * | signed             | lease signed, not finalized                              |
 * | finalized          | finalized, some non-canceled units not yet confirmed     |
 * | confirmed          | finalized, every non-canceled unit confirmed delivered   |
 *
 * "Confirmed delivered" is what FlexShopper was told (shipment, or receipt in store): it pays on
 * that, whatever captureOn says about when Medusa captures.
 */
export type LeaseState = "no_transaction" | "canceled" | "awaiting_signature" | "signed" | "finalized" | "confirmed"

export interface LeaseStateInput {
  /** null: the modal never created the transaction (404). */
  transaction: Pick<FsTransaction, "items" | "lease"> | null
  /** The plugin finalized it (FlexShopper has no "finalized" flag on the transaction). */
  finalized: boolean
}

export function leaseStateOf({ transaction, finalized }: LeaseStateInput): LeaseState {
  if (!transaction) return "no_transaction"
  const lines = transactionLines(transaction)
  if (isFullyCanceled(lines)) return "canceled"
  if (transaction.lease?.status !== "signed") return "awaiting_signature"
  if (!finalized) return "signed"
  const allConfirmed = lines.every((line) => handedOverUnits(line) + line.canceled >= line.ordered)
  return allConfirmed ? "confirmed" : "finalized"
}
