// FlexShopper v3 speaks decimal dollars as JSON numbers. Amounts are converted exactly at the
// edge (through src/lenders/money.ts, which reads a number via its shortest decimal text) and
// all arithmetic happens on integer cents.
import { fromMinorUnits, toMinorUnits } from "../money"

export const FLEXSHOPPER_CURRENCY = "usd"

/** Cents → the JSON number FlexShopper expects (12034 → 120.34). */
export function toDollars(cents: number): number {
  return Number(fromMinorUnits(cents, FLEXSHOPPER_CURRENCY))
}

/** A dollar amount from FlexShopper → cents; more than two decimals is malformed, not rounded. */
export function toCents(dollars: unknown): number {
  return toMinorUnits(dollars as number, FLEXSHOPPER_CURRENCY, { rounding: "reject" })
}

/** "$1,234.50"-free plain text for messages: 123450 → "$1234.50". */
export function formatDollars(cents: number): string {
  return `$${fromMinorUnits(cents, FLEXSHOPPER_CURRENCY)}`
}

/** The documented minimum lease amount ($49.95, `LeaseAmountNotSatisfied` below it). */
export const MINIMUM_LEASE_CENTS = 4995
