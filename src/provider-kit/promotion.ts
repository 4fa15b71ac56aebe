// Finance promotions a UK store may show (FCA CONC 3.5): a repayment figure ("From £112.50 a
// month") is never shown without the representative example CONC 3.5.5R requires — cash price,
// deposit, total amount of credit, number and amount of repayments, duration, total amount payable,
// rate of interest (fixed), representative APR — and the credit broker disclosure (CONC 3.7.3R).
// The owner may reword the example (Settings → Financing) but not drop a required figure. Pure: no
// Medusa, no database; amounts are integer minor units until they become words.
import { fromMinorUnits } from "../lenders/money"

/** The figures of one representative example, in minor units of `currency`. */
export interface RepresentativeFigures {
  currency: string
  cash_price: number
  deposit: number
  credit_amount: number
  /** Regular repayments after any deposit. */
  instalments: number
  /** Each regular repayment. */
  instalment: number
  duration_months: number
  total_payable: number
  /** Total charge for credit. */
  interest: number
  /** Decimal text, e.g. "0", "12.9". */
  apr: string
  /** Fixed annual rate of interest, decimal text. */
  interest_rate: string
}

/** What a lender tells the promotion about itself (LenderDefinition.promotion). */
export interface PromotionNames {
  /** Who provides the credit (named in the broker disclosure). */
  lender: string
  /** The store, which acts as credit broker. */
  store: string
}

export interface Promotion {
  /** The repayment figure that triggers CONC 3.5: "From £112.50 a month". */
  headline: string
  /** The representative example in the owner's wording: to be shown with the headline, as prominently. */
  representative_example: string
  figures: Record<keyof RepresentativeFigures, string | number>
}

/** Each placeholder the wording may use, and what it stands for (the admin lists them). */
export const PROMOTION_PLACEHOLDERS = {
  cash_price: "the cash price",
  deposit: "the deposit paid today",
  credit_amount: "the total amount of credit",
  instalments: "the number of monthly repayments",
  instalment: "the amount of each monthly repayment",
  duration: "the duration in months",
  total_payable: "the total amount payable",
  interest: "the total interest",
  interest_rate: "the rate of interest (fixed), in percent",
  apr: "the representative APR, in percent",
  lender: "the lender providing the credit",
  store: "the store's name (the credit broker)",
} as const
type Placeholder = keyof typeof PROMOTION_PLACEHOLDERS

/** The figures CONC 3.5.5R requires in a representative example, and the lender's name (CONC 3.7.3R). */
export const REQUIRED_PLACEHOLDERS: readonly Placeholder[] = [
  "cash_price",
  "credit_amount",
  "instalments",
  "instalment",
  "duration",
  "total_payable",
  "interest_rate",
  "apr",
  "lender",
]

export const DEFAULT_PROMOTION_TEXT =
  "Representative example: cash price {cash_price}, deposit {deposit}, total amount of credit {credit_amount}, " +
  "repayable by {instalments} monthly payments of {instalment} over {duration} months. Total amount payable " +
  "{total_payable}. Rate of interest {interest_rate}% (fixed). Representative {apr}% APR. {store} is a credit " +
  "broker, not a lender, and works with a limited number of lenders, including {lender}, who provides the " +
  "credit. Credit is subject to status and affordability."

const PLACEHOLDER = /\{([a-z_]+)\}/g

/** What is wrong with the owner's wording: unknown placeholders and required figures left out. */
export function promotionTextProblems(text: string): string[] {
  const used = new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1]))
  const problems: string[] = []
  const unknown = [...used].filter((name) => !(name in PROMOTION_PLACEHOLDERS))
  if (unknown.length) problems.push(`uses unknown placeholder(s) ${unknown.map((n) => `{${n}}`).join(", ")}`)
  const missing = REQUIRED_PLACEHOLDERS.filter((name) => !used.has(name))
  if (missing.length) {
    problems.push(
      `must keep ${missing.map((n) => `{${n}}`).join(", ")} (a representative example needs them: FCA CONC 3.5.5R)`,
    )
  }
  return problems
}

const SYMBOLS: Record<string, string> = { gbp: "£", usd: "$", eur: "€" }

/** "£1,234.50", or "1,234.50 SEK" for a currency without a symbol here. */
export function moneyText(minor: number, currency: string): string {
  const [whole, fraction] = fromMinorUnits(minor, currency).split(".")
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")
  const figure = fraction ? `${grouped}.${fraction}` : grouped
  const symbol = SYMBOLS[currency.toLowerCase()]
  return symbol ? `${symbol}${figure}` : `${figure} ${currency.toUpperCase()}`
}

/**
 * A percentage as decimal text without float noise: 12.9, "12.900", "0" → "12.9", "12.9", "0".
 * Null for anything that is not a non-negative decimal below 1000.
 */
export function percentText(value: unknown): string | null {
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : String(value ?? "").trim()
  if (!/^\d{1,3}(\.\d{1,6})?$/.test(text)) return null
  const [whole, fraction = ""] = text.split(".")
  const trimmed = fraction.replace(/0+$/, "")
  return `${Number(whole)}${trimmed ? `.${trimmed}` : ""}`
}

/** A fraction (0.25) as a percentage text ("25"), by shifting digits, not by multiplying a float. */
export function fractionAsPercentText(fraction: unknown): string | null {
  const text = typeof fraction === "number" ? String(fraction) : String(fraction ?? "")
  if (!/^\d(\.\d{1,8})?$/.test(text)) return null
  const [whole, decimals = ""] = text.split(".")
  const padded = decimals.padEnd(2, "0")
  return percentText(`${whole}${padded.slice(0, 2)}.${padded.slice(2) || "0"}`)
}

/** Whether the figures add up: a lender answer that does not is not promoted. */
export function figuresAreSound(f: RepresentativeFigures): boolean {
  const whole = [f.cash_price, f.deposit, f.credit_amount, f.instalment, f.total_payable, f.interest]
  return (
    whole.every((n) => Number.isSafeInteger(n) && n >= 0) &&
    Number.isInteger(f.instalments) &&
    f.instalments > 0 &&
    Number.isInteger(f.duration_months) &&
    f.duration_months > 0 &&
    f.credit_amount > 0 &&
    f.instalment > 0 &&
    percentText(f.apr) !== null &&
    percentText(f.interest_rate) !== null
  )
}

export const soundOrNull = (figures: RepresentativeFigures): RepresentativeFigures | null =>
  figuresAreSound(figures) ? figures : null

export function renderPromotion(
  template: string | null,
  figures: RepresentativeFigures,
  names: PromotionNames,
  lenderDisplayName: string,
): Promotion {
  const money = (minor: number) => moneyText(minor, figures.currency)
  const values: Record<Placeholder, string> = {
    cash_price: money(figures.cash_price),
    deposit: money(figures.deposit),
    credit_amount: money(figures.credit_amount),
    instalments: String(figures.instalments),
    instalment: money(figures.instalment),
    duration: String(figures.duration_months),
    total_payable: money(figures.total_payable),
    interest: money(figures.interest),
    interest_rate: percentText(figures.interest_rate) ?? figures.interest_rate,
    apr: percentText(figures.apr) ?? figures.apr,
    lender: names.lender,
    store: names.store,
  }
  const text = template && !promotionTextProblems(template).length ? template : DEFAULT_PROMOTION_TEXT
  return {
    headline: `From ${values.instalment} a month with ${lenderDisplayName}`,
    representative_example: text.replace(PLACEHOLDER, (whole, name: string) =>
      name in values ? values[name as Placeholder] : whole,
    ),
    figures: {
      currency: figures.currency,
      cash_price: fromMinorUnits(figures.cash_price, figures.currency),
      deposit: fromMinorUnits(figures.deposit, figures.currency),
      credit_amount: fromMinorUnits(figures.credit_amount, figures.currency),
      instalments: figures.instalments,
      instalment: fromMinorUnits(figures.instalment, figures.currency),
      duration_months: figures.duration_months,
      total_payable: fromMinorUnits(figures.total_payable, figures.currency),
      interest: fromMinorUnits(figures.interest, figures.currency),
      apr: values.apr,
      interest_rate: values.interest_rate,
    },
  }
}

/** Of several candidate examples, the one with the lowest monthly repayment (what "From £X" names). */
export function lowestMonthly(candidates: Array<RepresentativeFigures | null>): RepresentativeFigures | null {
  const sound = candidates.filter((f): f is RepresentativeFigures => f !== null && figuresAreSound(f))
  return sound.sort((a, b) => a.instalment - b.instalment || b.duration_months - a.duration_months)[0] ?? null
}
