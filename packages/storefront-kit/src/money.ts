// Money as text, without floats: Medusa's totals are numbers in major units, turned into whole
// minor units once; the plugin's quote routes already answer decimal strings ("112.50").

const SYMBOLS: Record<string, string> = { gbp: "£", usd: "$", eur: "€" }

/** "£112.50" from "112.50" and "gbp". */
export function formatDecimal(amount: string, currencyCode: string): string {
  const symbol = SYMBOLS[currencyCode.toLowerCase()]
  return symbol ? `${symbol}${amount}` : `${amount} ${currencyCode.toUpperCase()}`
}

/** "459.95" from Medusa's 459.95 (or "459.95"), via whole pence; null for anything else. */
export function decimalText(total: number | string | null | undefined): string | null {
  const value = typeof total === "string" ? Number(total) : total
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) return null
  const minor = Math.round(value * 100)
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, "0")}`
}

/** "£459.95" from a Medusa total. */
export function formatTotal(
  total: number | string | null | undefined,
  currencyCode: string | null | undefined,
): string {
  const text = decimalText(total)
  return text === null ? "" : formatDecimal(text, currencyCode ?? "")
}

/** NewDay's rate fraction as "19.9%" via whole basis points (no float noise). */
export function percentText(rate: number): string {
  const bps = Math.round(rate * 10000)
  const fraction = String(bps % 100)
    .padStart(2, "0")
    .replace(/0$/, "")
  return `${Math.floor(bps / 100)}${bps % 100 ? `.${fraction}` : ""}%`
}
