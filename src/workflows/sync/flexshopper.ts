// FlexShopper: read the transaction (GET /v3/transactions/:id) and keep its lease status on the
// payment, where the admin summary reads it. The lease number is not part of Get Transaction: it
// was recorded from Finalize's answer. Confirmations and captures stay with
// their own workflows (and the retry action); a status read moves no money.
import { MedusaError } from "@medusajs/framework/utils"
import { flexDeps } from "../flexshopper/confirm-fulfillment"
import type { LenderSync } from "./types"

export const syncFlexShopper: LenderSync = async ({ container, data, order }) => {
  const deps = await flexDeps(container)
  if (!deps) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "FlexShopper is not configured in this store.")
  const transactionId = typeof data.transaction_id === "string" ? data.transaction_id : undefined
  if (!transactionId)
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `FlexShopper: the payment of order ${order.id} has no transaction to sync.`,
    )
  const tx = await deps.client.getTransaction(transactionId)
  const previous = typeof data.lease_status === "string" ? data.lease_status : null
  const now = tx.lease?.status ?? previous
  return {
    lender_status: now,
    previous_status: previous,
    acted: false,
    data: now !== previous ? { ...data, lease_status: now } : undefined,
  }
}
