/**
 * NewDay money is `{ value, currencyCode }` in MAJOR units as a JSON number (spec §4.1). Inside
 * the plugin amounts are integer pence; these two functions are the only crossing point, and
 * both go through decimal text so 0.1 + 0.2 style drift cannot happen.
 */
import { fromMinorUnits, parseMajorUnitString } from "../money"
import type { NewDayMoney } from "./types"

export const NEWDAY_CURRENCY = "GBP"

/** 1250 pence → { value: 12.5, currencyCode: "GBP" } (serialises as 12.5). */
export function toNewDayMoney(minor: number, currency: string = NEWDAY_CURRENCY): NewDayMoney {
  if (!Number.isSafeInteger(minor)) {
    throw new TypeError(`NewDay money: minor units must be a safe integer, received ${String(minor)}`)
  }
  // Number("12.50") is the double whose shortest text is "12.5": exact on the wire.
  return { value: Number(fromMinorUnits(minor, currency)), currencyCode: currency.toUpperCase() }
}

export class NewDayMoneyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "NewDayMoneyError"
  }
}

/**
 * A NewDay money object → pence. Strict: a value with more than 2 decimals, a string, a
 * missing or different currency is an error naming `field`, never silently rounded.
 */
export function fromNewDayMoney(money: unknown, field: string, currency: string = NEWDAY_CURRENCY): number {
  const candidate = money as Partial<NewDayMoney> | null | undefined
  if (!candidate || typeof candidate !== "object") {
    throw new NewDayMoneyError(`${field} must be an object { value, currencyCode }`)
  }
  if (typeof candidate.currencyCode !== "string" || candidate.currencyCode.toUpperCase() !== currency.toUpperCase()) {
    throw new NewDayMoneyError(`${field}.currencyCode must be ${currency.toUpperCase()}`)
  }
  if (typeof candidate.value !== "number" || !Number.isFinite(candidate.value)) {
    throw new NewDayMoneyError(`${field}.value must be a number`)
  }
  try {
    return parseMajorUnitString(String(candidate.value), currency)
  } catch {
    throw new NewDayMoneyError(`${field}.value must be an amount with at most 2 decimal places`)
  }
}
