import { MoneyError, describeValue } from "./errors"

// Instalment plans have a handful of parts; a count this large is a unit mix-up (an amount passed
// as the part count), and failing clearly beats allocating a gigantic array.
const MAX_PARTS = 10_000

function requireMinor(value: number, what: string): bigint {
  if (!Number.isSafeInteger(value)) {
    throw new MoneyError(
      `money: ${what} must be a safe integer number of minor units, received ${describeValue(value)}`,
    )
  }
  return BigInt(value)
}

function requireNonNegativeMinor(value: number, what: string): bigint {
  const minor = requireMinor(value, what)
  if (minor < 0n) throw new MoneyError(`money: ${what} must not be negative, received ${describeValue(value)}`)
  return minor
}

function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new MoneyError(`money: ${what} ${value} is beyond Number.MAX_SAFE_INTEGER`)
  }
  return Number(value)
}

/** Exact sum of minor-unit integers; throws if any input or the total is not a safe integer. */
export function sumMinor(...amounts: number[]): number {
  // Summing as BigInt means a large intermediate total cannot silently lose a unit.
  const total = amounts.reduce((sum, amount, index) => sum + requireMinor(amount, `amount #${index}`), 0n)
  return toSafeNumber(total, "sum")
}

/** Comparator for minor-unit integers: -1, 0 or 1 (usable with Array.prototype.sort). */
export function compareMinor(a: number, b: number): -1 | 0 | 1 {
  const left = requireMinor(a, "left operand")
  const right = requireMinor(b, "right operand")
  return left < right ? -1 : left > right ? 1 : 0
}

/**
 * Splits a total into `parts` instalments that sum exactly to it and differ by at most one minor
 * unit. The remainder goes one unit each to the FIRST instalments (1000 / 3 → [334, 333, 333]),
 * so the shopper never pays more later than they were shown up front.
 */
export function splitEvenly(totalMinor: number, parts: number): number[] {
  const total = requireNonNegativeMinor(totalMinor, "total")
  if (!Number.isSafeInteger(parts) || parts < 1 || parts > MAX_PARTS) {
    throw new MoneyError(`money: parts must be an integer from 1 to ${MAX_PARTS}, received ${describeValue(parts)}`)
  }
  const count = BigInt(parts)
  const base = Number(total / count)
  const remainder = Number(total % count)
  return Array.from({ length: parts }, (_, index) => (index < remainder ? base + 1 : base))
}

/**
 * Splits a total in proportion to non-negative integer weights (e.g. line totals in minor units)
 * by the largest-remainder method: each share is floor(total × weight / Σweights), then the units
 * left over go one each to the largest fractional remainders, ties to the earlier index. Shares
 * sum exactly to the total, each lies within one unit of its exact share, zero weights get zero.
 */
export function allocateProportionally(totalMinor: number, weights: number[]): number[] {
  const total = requireNonNegativeMinor(totalMinor, "total")
  if (!Array.isArray(weights) || weights.length === 0 || weights.length > MAX_PARTS) {
    throw new MoneyError(`money: weights must be a non-empty array of at most ${MAX_PARTS} entries`)
  }
  const weightValues = weights.map((weight, index) => requireNonNegativeMinor(weight, `weight #${index}`))
  const weightSum = weightValues.reduce((sum, weight) => sum + weight, 0n)
  if (weightSum === 0n) {
    if (total === 0n) return weights.map(() => 0)
    throw new MoneyError("money: cannot allocate a non-zero total when every weight is zero")
  }

  // Integer arithmetic throughout: total × weight is exact as a BigInt, so no share drifts.
  const shares = weightValues.map((weight) => (total * weight) / weightSum)
  const remainders = weightValues.map((weight) => (total * weight) % weightSum)
  const leftover = Number(total - shares.reduce((sum, share) => sum + share, 0n))
  const byLargestRemainder = weightValues
    .map((_, index) => index)
    .sort((a, b) => (remainders[b] > remainders[a] ? 1 : remainders[b] < remainders[a] ? -1 : a - b))
  for (const index of byLargestRemainder.slice(0, leftover)) shares[index] += 1n
  return shares.map((share) => Number(share))
}
