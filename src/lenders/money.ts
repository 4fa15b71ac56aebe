/**
 * The only place amounts are converted. Medusa hands providers major units as a BigNumberInput
 * (number, string, raw `{ value, precision }` or its BigNumber class); each lender speaks its own
 * unit (integer pence, decimal dollars, decimal strings). Everything here is exact: decimal text
 * and BigInt, never floating-point arithmetic, and no `@medusajs/*` import so lender clients stay
 * Medusa-free. Implementation lives in ./money/; this file is the public surface.
 */
export { MoneyError } from "./money/errors"
export { currencyExponent } from "./money/currency"
export { toDecimalString } from "./money/decimal"
export type { AmountInput, BigNumberLike, DecimalLike, RawAmount } from "./money/decimal"
export {
  fromMinorUnits,
  isPositiveAmount,
  parseMajorUnitString,
  toMajorUnitString,
  toMinorUnits,
  toMinorUnitsBigInt,
} from "./money/convert"
export type { RoundingMode, RoundingOptions } from "./money/convert"
export { allocateProportionally, compareMinor, splitEvenly, sumMinor } from "./money/allocate"
