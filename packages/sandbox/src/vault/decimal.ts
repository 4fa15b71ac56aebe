// Exact money arithmetic for the simulator (balances, discounts, Checkout.com minor units).
// The sandbox stands in for Vault's servers, so it keeps its own helper instead of the plugin's.
const EXPONENT_0 = new Set([
  "BIF",
  "CLP",
  "DJF",
  "GNF",
  "ISK",
  "JPY",
  "KMF",
  "KRW",
  "PYG",
  "RWF",
  "UGX",
  "VND",
  "VUV",
  "XAF",
  "XOF",
  "XPF",
])
const EXPONENT_3 = new Set(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"])

export function exponentOf(currency: string): number {
  const code = currency.toUpperCase()
  if (EXPONENT_0.has(code)) return 0
  if (EXPONENT_3.has(code)) return 3
  // Crypto tickers (USDT, BTC…) carry more digits than any fiat currency.
  return /^[A-Z]{3}$/.test(code) ? 2 : 8
}

export class AmountError extends Error {}

/** "12.5" / 12.5 in `currency` → minor units as bigint; more digits than the currency has is an error. */
export function toMinor(value: unknown, currency: string): bigint {
  const text =
    typeof value === "number" && Number.isFinite(value) ? String(value) : typeof value === "string" ? value.trim() : ""
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text)
  if (!match) throw new AmountError(`"${String(value)}" is not a decimal amount`)
  const [, sign, whole, fraction = ""] = match
  const exponent = exponentOf(currency)
  const significant = fraction.replace(/0+$/, "")
  if (significant.length > exponent)
    throw new AmountError(`${currency} amounts have at most ${exponent} decimal places`)
  const minor = BigInt(whole + fraction.padEnd(exponent, "0").slice(0, exponent))
  return sign === "-" ? -minor : minor
}

export function fromMinor(minor: bigint, currency: string): string {
  const exponent = exponentOf(currency)
  const negative = minor < 0n
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, "0")
  const body = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`
  return negative ? `-${body}` : body
}

/** percent% of minor, rounded half up. */
export function percentOf(minor: bigint, percent: number): bigint {
  return (minor * BigInt(Math.round(percent * 100)) + 5000n) / 10000n
}
