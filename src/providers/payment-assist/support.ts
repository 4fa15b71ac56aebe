// Small helpers of the Payment Assist provider: amounts in pence, action-required log entries.
import { MedusaError } from "@medusajs/framework/utils"
import type { BigNumberInput, Logger } from "@medusajs/framework/types"
import { toMedusaError } from "../../provider-kit/medusa-error"
import { toMinorUnits } from "../../lenders/money"
import { providerIdFor } from "../../lenders/slugs"
import { getFinancingLog } from "../../modules/financing/registry"
import { tokenOf, type PaymentAssistSessionData } from "./session-data"

/** A Medusa amount as integer pence; only GBP, only more than zero. */
export function penceOf(amount: BigNumberInput, currencyCode: string): number {
  if ((currencyCode ?? "").toLowerCase() !== "gbp") {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Payment Assist only finances amounts in GBP; this payment is in ${String(currencyCode).toUpperCase()}.`
    )
  }
  let pence: number
  try {
    pence = toMinorUnits(amount as never, "gbp")
  } catch (error) {
    throw toMedusaError(error)
  }
  if (pence <= 0) throw new MedusaError(MedusaError.Types.INVALID_DATA, "Payment Assist needs an amount greater than £0.00.")
  return pence
}

/** Something only a person can finish in the dealer dashboard (cancel a completed agreement, refund). */
export async function recordActionRequired(
  logger: Pick<Logger, "warn"> | undefined,
  operation: string,
  data: PaymentAssistSessionData,
  extra: { amount?: BigNumberInput; idempotency_key?: string; error_message: string }
): Promise<void> {
  try {
    await getFinancingLog()?.recordOperation({
      provider_id: providerIdFor("payment-assist"),
      lender: "payment-assist",
      operation,
      outcome: "action_required",
      payment_session_id: data.session_id ?? null,
      lender_reference: tokenOf(data) ?? null,
      amount: extra.amount ?? null,
      currency_code: extra.amount === undefined ? null : "gbp",
      idempotency_key: extra.idempotency_key ?? null,
      error_message: extra.error_message,
    })
  } catch (error) {
    // The audit trail must not decide the payment's fate.
    logger?.warn(`Payment Assist: could not write the financing log (${error instanceof Error ? error.message : "unknown error"})`)
  }
}

export function optionalLogger(cradle: Record<string, unknown>): Logger | undefined {
  try {
    return cradle.logger as Logger | undefined
  } catch {
    return undefined
  }
}
