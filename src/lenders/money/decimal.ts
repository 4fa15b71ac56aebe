import { MoneyError, describeValue } from "./errors"

/** Medusa's persisted raw amount, e.g. `{ value: "12.5", precision: 20 }` (a refund amount arrives like this). */
export interface RawAmount {
  value: string | number
  /** Significant digits Medusa kept; informational only — the value is read exactly as written. */
  precision?: number
}

/** A bignumber.js value: its argument-less `toFixed()` is exact and never uses exponent notation. */
export interface DecimalLike {
  toFixed(): string
}

/** Medusa's `BigNumber` class, recognised by shape because lender code must not import `@medusajs/*`. */
export interface BigNumberLike {
  readonly numeric: number
  readonly raw?: RawAmount
  readonly bigNumber?: DecimalLike
}

/** Every form Medusa's `BigNumberInput` takes, in major units (pounds, dollars, yen). */
export type AmountInput = number | string | RawAmount | BigNumberLike | DecimalLike

/** An exact decimal: `coefficient / 10^scale`, scale ≥ 0, no trailing zeros in the coefficient when scale > 0. */
export interface Decimal {
  readonly coefficient: bigint
  readonly scale: number
}

const EXPECTED = "expected an amount (number, decimal string, { value, precision } or BigNumber)"

// Sign, integer digits, fraction digits, exponent. bignumber.js's toPrecision and JS's String(n)
// both emit exponent notation ("1e-7", "1.2345e+21"), so it has to be accepted here.
const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

// Bounds keep a hostile or corrupted value ("1e999999999") from building an enormous BigInt.
// Doubles stay within 1e±324 and Medusa stores 20 significant digits, so real amounts are far inside.
const MAX_TEXT_LENGTH = 1000
const MAX_ABS_EXPONENT = 1000

function invalid(received: string): MoneyError {
  return new MoneyError(`money: ${EXPECTED}, received ${received}`)
}

function stripTrailingZeros(coefficient: bigint, scale: number): Decimal {
  while (scale > 0 && coefficient % 10n === 0n) {
    coefficient /= 10n
    scale -= 1
  }
  return { coefficient, scale }
}

/** Parses decimal text exactly (plain or exponent notation); `received` names the original input in errors. */
export function parseDecimalText(text: string, received: string = describeValue(text)): Decimal {
  const match = text.length <= MAX_TEXT_LENGTH ? DECIMAL_TEXT.exec(text) : null
  if (!match) throw invalid(received)
  const [, sign, integerDigits, fractionDigits = "", exponentText = "0"] = match
  if (integerDigits.length + fractionDigits.length === 0) throw invalid(received)
  const exponent = Number.parseInt(exponentText, 10)
  if (Math.abs(exponent) > MAX_ABS_EXPONENT) throw invalid(received)

  const coefficient = BigInt(`${sign === "-" ? "-" : ""}${integerDigits}${fractionDigits}`)
  const scale = fractionDigits.length - exponent
  if (scale < 0) return { coefficient: coefficient * 10n ** BigInt(-scale), scale: 0 }
  return stripTrailingZeros(coefficient, scale)
}

function fromNumber(value: number, received: string): Decimal {
  if (!Number.isFinite(value)) throw invalid(received)
  // String(n) is the shortest text that round-trips to the same double, so 0.1 reads as "0.1"
  // rather than the binary expansion 0.1000000000000000055511151231257827…
  return parseDecimalText(String(value), received)
}

function fromPrimitive(value: unknown, received: string): Decimal {
  if (typeof value === "string") return parseDecimalText(value, received)
  if (typeof value === "number") return fromNumber(value, received)
  throw invalid(received)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null
}

function hasToFixed(value: unknown): value is DecimalLike {
  return isObject(value) && typeof value.toFixed === "function"
}

function fromObject(value: Record<string, unknown>): Decimal {
  // Same test as Medusa's isBigNumber(): an object with `value` is a raw amount.
  if ("value" in value) {
    return fromPrimitive(value.value, `raw amount whose value is ${describeValue(value.value)}`)
  }
  // Medusa's BigNumber: prefer the exact bignumber.js value, as Medusa's own MathBN does;
  // `raw.value` may have been rounded to `precision` significant digits.
  if (hasToFixed(value.bigNumber)) {
    return parseDecimalText(value.bigNumber.toFixed(), "BigNumber whose value is not a finite number")
  }
  if (isObject(value.raw) && value.raw.value !== undefined) {
    return fromPrimitive(value.raw.value, `BigNumber whose raw value is ${describeValue(value.raw.value)}`)
  }
  if (typeof value.numeric === "number") {
    return fromNumber(value.numeric, `BigNumber whose numeric value is ${describeValue(value.numeric)}`)
  }
  if (hasToFixed(value)) {
    return parseDecimalText(value.toFixed(), `${describeValue(value)} that is not a finite number`)
  }
  throw invalid(`${describeValue(value)} without value, raw, bigNumber or numeric`)
}

/** Reads any Medusa amount form exactly. A bigint is refused: in this code base it means minor units. */
export function readAmount(amount: AmountInput): Decimal {
  const value: unknown = amount
  if (typeof value === "bigint") {
    throw new MoneyError(
      `money: ${EXPECTED}, received bigint (minor units? use fromMinorUnits to turn them into major units)`,
    )
  }
  if (Array.isArray(value)) throw invalid("array")
  if (isObject(value)) return fromObject(value)
  return fromPrimitive(value, describeValue(value))
}

/** Renders a bigint scaled by 10^-scale with exactly `scale` fraction digits ("-0.05" for -5n, 2). */
export function formatScaled(coefficient: bigint, scale: number): string {
  const negative = coefficient < 0n
  const digits = (negative ? -coefficient : coefficient).toString().padStart(scale + 1, "0")
  const integerPart = digits.slice(0, digits.length - scale)
  const body = scale > 0 ? `${integerPart}.${digits.slice(digits.length - scale)}` : integerPart
  return negative ? `-${body}` : body
}

/** Canonical plain decimal text of any amount: "12.5", "0.0000001", "1500000000000000000000", never "-0". */
export function toDecimalString(amount: AmountInput): string {
  const { coefficient, scale } = readAmount(amount)
  return formatScaled(coefficient, scale)
}
