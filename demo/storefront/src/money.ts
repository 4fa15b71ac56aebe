// Display only: Medusa v2 sends amounts in major units; the backend computes every figure we show.
export function formatMoney(amount: number | string | null | undefined, currencyCode: string | undefined): string {
  if (amount === null || amount === undefined || amount === "") return ""
  const currency = (currencyCode ?? "").toUpperCase()
  const value = typeof amount === "string" ? Number(amount) : amount
  if (!Number.isFinite(value)) return `${amount} ${currency}`
  try {
    return new Intl.NumberFormat(currency === "USD" ? "en-US" : "en-GB", { style: "currency", currency }).format(value)
  } catch {
    return `${amount} ${currency}`
  }
}

/** "£112.50" from the plugin's exact decimal strings, without going through a float. */
export function formatDecimal(amount: string, currencyCode: string): string {
  const symbols: Record<string, string> = { gbp: "£", usd: "$", eur: "€" }
  const symbol = symbols[currencyCode.toLowerCase()]
  return symbol ? `${symbol}${amount}` : `${amount} ${currencyCode.toUpperCase()}`
}
