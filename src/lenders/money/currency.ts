import { MoneyError, describeValue } from "./errors"

// ISO 4217 minor-unit exponents. These are the ISO values the lenders use, not Stripe's
// payment-specific list (Stripe, for example, treats ISK and HUF differently).
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
  "UYI",
  "VND",
  "VUV",
  "XAF",
  "XOF",
  "XPF",
])
const EXPONENT_3 = new Set(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"])
const EXPONENT_4 = new Set(["CLF", "UYW"])

const CURRENCY_CODE = /^[A-Za-z]{3}$/

/** ISO 4217 minor-unit exponent of a currency (case-insensitive): JPY 0, GBP 2, KWD 3, CLF 4. */
export function currencyExponent(currencyCode: string): number {
  if (typeof currencyCode !== "string" || !CURRENCY_CODE.test(currencyCode)) {
    throw new MoneyError(
      `money: currency must be a 3-letter ISO 4217 code such as "GBP", received ${describeValue(currencyCode)}`,
    )
  }
  const code = currencyCode.toUpperCase()
  if (EXPONENT_0.has(code)) return 0
  if (EXPONENT_3.has(code)) return 3
  if (EXPONENT_4.has(code)) return 4
  return 2
}
