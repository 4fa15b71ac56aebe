// Amounts of the Payment Assist provider: integer pence, GBP only.
import { MedusaError } from "@medusajs/framework/utils"
import type { BigNumberInput } from "@medusajs/framework/types"
import { toMedusaError } from "../../provider-kit/medusa-error"
import { toMinorUnits } from "../../lenders/money"

/** A Medusa amount as integer pence; only GBP, only more than zero. */
export function penceOf(amount: BigNumberInput, currencyCode: string): number {
  if ((currencyCode ?? "").toLowerCase() !== "gbp") {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Payment Assist only finances amounts in GBP; this payment is in ${String(currencyCode).toUpperCase()}.`,
    )
  }
  let pence: number
  try {
    pence = toMinorUnits(amount as never, "gbp")
  } catch (error) {
    throw toMedusaError(error)
  }
  if (pence <= 0)
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "Payment Assist needs an amount greater than £0.00.")
  return pence
}
