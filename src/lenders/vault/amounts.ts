// Vault speaks major-unit decimals (numbers or strings, spec §5); Checkout.com speaks integer
// minor units (§8.1). Every conversion between them and Medusa goes through the shared money
// helpers with the currency's ISO exponent (JPY 0, GBP 2, KWD 3) — never through floats.
import {
  MoneyError,
  fromMinorUnits,
  parseMajorUnitString,
  toMajorUnitString,
  toMinorUnits,
  type AmountInput,
} from "../money"

/** A Medusa amount as Vault's decimal string with the currency's digits: 450 GBP → "450.00". */
export function toVaultAmount(amount: AmountInput, currency: string): string {
  return toMajorUnitString(amount, currency)
}

/**
 * A Vault amount (number or string) in minor units, refusing digits the currency does not have.
 * Numbers are read through their shortest round-trip text (450.1 → "450.1"), not multiplied.
 */
export function vaultAmountToMinor(amount: unknown, currency: string): number {
  if (typeof amount === "number") {
    if (!Number.isFinite(amount)) throw new MoneyError("money: Vault amount is not a finite number")
    return parseMajorUnitString(String(amount), currency)
  }
  if (typeof amount === "string") return parseMajorUnitString(amount.trim(), currency)
  throw new MoneyError("money: Vault amount must be a number or a decimal string")
}

/** Normalises a Vault amount to a decimal string with the currency's digits ("450" → "450.00"). */
export function normalizeVaultAmount(amount: unknown, currency: string): string {
  return fromMinorUnits(vaultAmountToMinor(amount, currency), currency)
}

/** The Checkout.com (minor-unit) amount for a Vault decimal: "12.50" GBP → 1250, "1000" JPY → 1000, "1.250" KWD → 1250. */
export function vaultAmountToCheckoutMinor(amount: unknown, currency: string): number {
  return vaultAmountToMinor(amount, currency)
}

/** A Checkout.com minor-unit amount as Vault's decimal: 1250 KWD → "1.250". */
export function checkoutMinorToVaultAmount(minor: number, currency: string): string {
  return fromMinorUnits(minor, currency)
}

/** Medusa amount → Checkout.com minor units. */
export function toCheckoutMinor(amount: AmountInput, currency: string): number {
  return toMinorUnits(amount, currency)
}
