// Finishes a FlexShopper cancel that failed. Medusa's cancel step logs a provider error and
// cancels the order anyway, so without this the lease would stay open at FlexShopper (and the
// shopper keep paying) for an order the store canceled. The lease is read first: a cancel whose
// answer was lost is not sent again, and what shipped meanwhile is left for a return.
import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { hasDeliveredUnits, isFullyCanceled, transactionLines } from "../../lenders/flexshopper"
import { isLenderError } from "../../lenders/errors"
import { failureFields, nextAttemptAt } from "../../provider-kit/durable-operation"
import { toMedusaError } from "../../provider-kit/medusa-error"
import type { FinancingOperationDTO } from "../../modules/financing"
import { flexData } from "../../providers/flexshopper/session-data"
import { flexDeps } from "./confirm-fulfillment"
import { FLEXSHOPPER_DURABLE, FLEXSHOPPER_RETRY } from "./tracked-once"

export async function retryCancel(container: MedusaContainer, op: FinancingOperationDTO): Promise<void> {
  const deps = await flexDeps(container)
  if (!deps || !op.payment_id) return
  const payments = container.resolve(Modules.PAYMENT)
  const [payment] = await payments.listPayments({ id: op.payment_id }, { select: ["id", "data", "canceled_at"] })
  const transactionId =
    flexData(payment?.data as Record<string, unknown> | undefined).transaction_id ?? op.lender_reference
  const attempts = op.attempts + 1
  try {
    if (!payment || !transactionId)
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `FlexShopper: payment ${op.payment_id} or its lease no longer exists.`,
      )
    const lines = transactionLines(await deps.client.getTransaction(transactionId))
    if (!isFullyCanceled(lines)) {
      if (hasDeliveredUnits(lines)) {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `FlexShopper: lease ${transactionId} has shipped or delivered items, so it cannot be canceled; create a return for them.`,
        )
      }
      const result = await deps.client.cancelItems(transactionId)
      if (result.failed.length) {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `FlexShopper could not cancel ${result.failed.map((f) => `${f.quantity} × ${f.sku} (${f.reason ?? "refused"})`).join(", ")}.`,
        )
      }
    }
    // The provider reads the lease back, finds it canceled and sends nothing more.
    if (!payment.canceled_at) await payments.cancelPayment(payment.id)
    await deps.log.updateOperation(op.id, {
      outcome: "succeeded",
      attempts,
      next_attempt_at: null,
      error_code: null,
      error_message: null,
    })
  } catch (error) {
    const refused = !isLenderError(error) && (error as MedusaError).type === MedusaError.Types.NOT_ALLOWED
    await deps.log.updateOperation(op.id, {
      // Shipped items need a person (a return), not another attempt.
      outcome: refused ? "action_required" : "failed",
      attempts,
      next_attempt_at: refused ? null : nextAttemptAt(FLEXSHOPPER_RETRY, attempts),
      ...failureFields(error, FLEXSHOPPER_DURABLE, "cancel"),
    })
    throw toMedusaError(error, { lenderName: FLEXSHOPPER_DURABLE.lenderName, operation: "cancel" })
  }
}
