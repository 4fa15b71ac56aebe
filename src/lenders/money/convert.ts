import { currencyExponent } from "./currency"
import { formatScaled, parseDecimalText, readAmount, type AmountInput, type Decimal } from "./decimal"
import { MoneyError, describeValue } from "./errors"

/**
 * How to drop digits finer than the currency's minor unit:
 * - "half-up": nearest, ties away from zero (1.005 → 1.01, -1.005 → -1.01) — what shoppers and
 *   most lenders expect, and Medusa's own default rounding.
 * - "half-even": nearest, ties to the even neighbour (banker's rounding; unbiased over many sums).
 * - "reject": throw instead of rounding, for amounts that must already be exact (refunds, captures).
 */
export type RoundingMode = "half-up" | "half-even" | "reject"

export interface RoundingOptions {
  rounding?: RoundingMode
}

const ROUNDING_MODES: readonly RoundingMode[] = ["half-up", "half-even", "reject"]

function roundingModeOf(options: RoundingOptions): RoundingMode {
  const mode = options.rounding ?? "half-up"
  if (!ROUNDING_MODES.includes(mode)) {
    throw new MoneyError(`money: rounding must be one of ${ROUNDING_MODES.join(", ")}, received ${describeValue(mode)}`)
  }
  return mode
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value
}

/** Rescales an exact decimal to `targetScale` fraction digits, rounding as `mode` says. */
function rescale(decimal: Decimal, targetScale: number, mode: RoundingMode, currency: string): bigint {
  if (decimal.scale <= targetScale) return decimal.coefficient * 10n ** BigInt(targetScale - decimal.scale)

  const divisor = 10n ** BigInt(decimal.scale - targetScale)
  const truncated = decimal.coefficient / divisor // BigInt division truncates toward zero
  const remainder = decimal.coefficient % divisor // carries the coefficient's sign
  if (remainder === 0n) return truncated
  if (mode === "reject") {
    throw new MoneyError(
      `money: ${formatScaled(decimal.coefficient, decimal.scale)} ${currency.toUpperCase()} has more than ` +
        `${targetScale} decimal places and rounding "reject" refuses to drop digits`,
    )
  }

  const awayFromZero = truncated + (decimal.coefficient < 0n ? -1n : 1n)
  const twiceRemainder = abs(remainder) * 2n
  if (twiceRemainder > divisor) return awayFromZero
  if (twiceRemainder < divisor) return truncated
  // Exactly half a minor unit: the only case where the two rounding modes disagree.
  if (mode === "half-up") return awayFromZero
  return truncated % 2n === 0n ? truncated : awayFromZero
}

function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new MoneyError(
      `money: ${value} minor units is beyond Number.MAX_SAFE_INTEGER; use toMinorUnitsBigInt for amounts this large`,
    )
  }
  return Number(value)
}

/** Amount in the currency's smallest unit as a bigint (no size limit); rounding defaults to "half-up". */
export function toMinorUnitsBigInt(amount: AmountInput, currency: string, options: RoundingOptions = {}): bigint {
  const exponent = currencyExponent(currency)
  return rescale(readAmount(amount), exponent, roundingModeOf(options), currency)
}

/** Amount in the currency's smallest unit (12.5 GBP → 1250, 1000 JPY → 1000); throws beyond safe integers. */
export function toMinorUnits(amount: AmountInput, currency: string, options: RoundingOptions = {}): number {
  return toSafeNumber(toMinorUnitsBigInt(amount, currency, options))
}

const MINOR_UNITS_TEXT = /^-?(0|[1-9]\d*)$/

function readMinorUnits(minor: number | bigint | string): bigint {
  if (typeof minor === "bigint") return minor
  if (typeof minor === "number" && Number.isSafeInteger(minor)) return BigInt(minor)
  if (typeof minor === "string" && MINOR_UNITS_TEXT.test(minor)) return BigInt(minor)
  throw new MoneyError(
    `money: minor units must be a safe integer, bigint or integer string, received ${describeValue(minor)}`,
  )
}

/** Major-unit text with exactly the currency's fraction digits: 1250 GBP → "12.50", JPY → "1250", KWD → "1.250". */
export function fromMinorUnits(minor: number | bigint | string, currency: string): string {
  return formatScaled(readMinorUnits(minor), currencyExponent(currency))
}

/** A Medusa amount as major-unit text with exactly the currency's fraction digits (12.5 GBP → "12.50"). */
export function toMajorUnitString(amount: AmountInput, currency: string, options: RoundingOptions = {}): string {
  return formatScaled(toMinorUnitsBigInt(amount, currency, options), currencyExponent(currency))
}

// Plain digits only: lender responses with "1e3", "+5", ".5", " 5", "5,00" or "$5" are malformed.
const MAJOR_UNITS_TEXT = /^-?(0|[1-9]\d*)(\.\d+)?$/

/**
 * Reads a lender's major-unit decimal ("49.95" → 4995 for GBP). Strict: plain digits only, and
 * never rounds — digits finer than the minor unit must be zeros ("49.950" is fine, "49.955" throws).
 */
export function parseMajorUnitString(text: string, currency: string): number {
  if (typeof text !== "string" || !MAJOR_UNITS_TEXT.test(text)) {
    throw new MoneyError(`money: expected a plain decimal string such as "49.95", received ${describeValue(text)}`)
  }
  const minor = rescale(parseDecimalText(text), currencyExponent(currency), "reject", currency)
  return toSafeNumber(minor)
}

/** True when the amount is strictly greater than zero (any input form; throws on a malformed amount). */
export function isPositiveAmount(amount: AmountInput): boolean {
  return readAmount(amount).coefficient > 0n
}
