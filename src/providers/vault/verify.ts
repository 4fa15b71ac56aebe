// Does Vault's payment belong to this Medusa session? Invoice, currency and amount (after any
// Vault discount) must match what Medusa expects; amounts are compared in minor units.
import { toMinorUnits } from "../../lenders/money"
import { vaultAmountToMinor } from "../../lenders/vault/amounts"
import type { VaultPayment } from "../../lenders/vault/types"

export interface ExpectedVaultPayment {
  invoiceId: string
  /** The Medusa amount (major units, any BigNumberInput form). */
  amount: unknown
  currency: string
}

export type VaultPaymentCheck =
  { ok: true } | { ok: false; reason: "invoice_mismatch" | "currency_mismatch" | "amount_mismatch" }

export function checkVaultPayment(payment: VaultPayment, expected: ExpectedVaultPayment): VaultPaymentCheck {
  if (payment.invoiceId !== expected.invoiceId) return { ok: false, reason: "invoice_mismatch" }
  const currency = expected.currency.toUpperCase()
  if ((payment.currency ?? "").toUpperCase() !== currency) return { ok: false, reason: "currency_mismatch" }
  try {
    const paid =
      vaultAmountToMinor(payment.amount, currency) +
      (payment.discountAmount ? vaultAmountToMinor(payment.discountAmount, currency) : 0)
    if (paid !== toMinorUnits(expected.amount as string, currency)) return { ok: false, reason: "amount_mismatch" }
  } catch {
    return { ok: false, reason: "amount_mismatch" }
  }
  return { ok: true }
}
