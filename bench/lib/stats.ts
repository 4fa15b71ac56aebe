// Percentiles by nearest rank: with few samples p99 is simply the slowest, and says so honestly.
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1]
}

export const median = (values: number[]) => percentile(values, 50)

export function fmt(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return "–"
  return value.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

export function ratio(a: number, b: number): string {
  return b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}×` : "–"
}
