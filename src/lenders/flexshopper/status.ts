// One table from FlexShopper's transaction state to the payment-session status Medusa knows
// (the values of PaymentSessionStatus, spelled out so this file needs no Medusa import).
import { handedOverUnits, isFullyCanceled, transactionLines } from "./lines"
import type { FsTransaction } from "./types"

export type SessionStatus = "pending" | "requires_more" | "authorized" | "captured" | "canceled" | "error"

export interface StatusInput {
  /** null: the modal never created the transaction (404). */
  transaction: Pick<FsTransaction, "items" | "lease"> | null
  /** The plugin finalized it (FlexShopper has no "finalized" flag on the transaction). */
  finalized: boolean
}

/**
 * | lender state                                            | status        |
 * |---------------------------------------------------------|---------------|
 * | no transaction yet (modal not opened)                   | pending       |
 * | every item canceled                                     | canceled      |
 * | lease pending (shopper has not signed)                  | requires_more |
 * | lease signed, not finalized                             | pending       |
 * | finalized, some non-canceled units not yet confirmed    | authorized    |
 * | finalized, every non-canceled unit confirmed delivered  | captured      |
 *
 * "Confirmed delivered" is what FlexShopper was told (shipment, or receipt in store): it pays on
 * that, whatever captureOn says about when Medusa captures.
 */
export function sessionStatusOf({ transaction, finalized }: StatusInput): SessionStatus {
  if (!transaction) return "pending"
  const lines = transactionLines(transaction)
  if (isFullyCanceled(lines)) return "canceled"
  if (transaction.lease?.status !== "signed") return "requires_more"
  if (!finalized) return "pending"
  const allConfirmed = lines.every((line) => handedOverUnits(line) + line.canceled >= line.ordered)
  return allConfirmed ? "captured" : "authorized"
}
