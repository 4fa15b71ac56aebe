// Display helpers for the financing widget. Amounts arrive as exact decimal strings ("1234.00")
// and are formatted as strings (Intl accepts decimal strings), never through floating point.
const LOCALE_FOR_CURRENCY: Record<string, string> = { gbp: "en-GB", usd: "en-US", eur: "en-IE" }

export function formatMoney(amount: string, currencyCode: string): string {
  const currency = currencyCode.toUpperCase()
  try {
    const format = new Intl.NumberFormat(LOCALE_FOR_CURRENCY[currencyCode.toLowerCase()] ?? undefined, {
      style: "currency",
      currency,
    })
    // ES2023 Intl formats decimal strings exactly; the number type in lib.d.ts is too narrow.
    return format.format(amount as unknown as number)
  } catch {
    return `${amount} ${currency}`
  }
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—"
  const date = new Date(iso)
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })
}

/** "ship-confirm" → "Ship confirm"; "shipment_confirmed" → "Shipment confirmed". */
export function words(value: string): string {
  const text = value.replace(/[-_]+/g, " ").trim()
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** Error text from the js-sdk's FetchError or anything else thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message
  return "unexpected error"
}
