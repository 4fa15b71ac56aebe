// Which lenders a cart (or an amount on a product page) may use: the owner's settings from
// Settings → Financing over each lender's defaults (its definition's currencies and markets).
// One rule for everyone who asks — the offers route, the plugin's store routes and every
// provider's initiatePayment — so the stock payment-session route cannot start a lender the
// owner switched off or limited. Pure: no Medusa, no database.
import { fromMinorUnits } from "../lenders/money"
import type { LenderLimit, LenderSettingsRecord } from "../modules/financing/types"

/** What a lender offers by default (its definition's fields). */
export interface LenderOfferDefaults {
  slug: string
  name: string
  currencies?: readonly string[] | "any"
  markets?: readonly string[] | "any"
}

/** A lender's settings as they apply: the owner's values, else the lender's defaults. */
export interface EffectiveLenderSettings {
  lender: string
  enabled: boolean
  /** What shoppers read. */
  display_name: string
  description: string | null
  /** Minor units per currency (lower-case). */
  limits: Record<string, LenderLimit>
  countries: readonly string[] | "any"
  currencies: readonly string[] | "any"
  position: number
  /** The owner's capture choice, or null (the provider options decide; see owner-options.ts). */
  capture_on: string | null
  /** Finance promotions shown on product, cart and payment pages. */
  messaging: boolean
  /** The owner's wording of the representative example, or null for the compliant default. */
  promotion_text: string | null
  /** The owner's representative APR (decimal text), for lenders whose quotes carry none. */
  representative_apr: string | null
  /** Payment Assist plan ids offered, or null for every plan on the account. */
  plans: number[] | null
  /** Which credentials apply: null for the configuration's, else the owner's saved set of that name. */
  mode: "sandbox" | "live" | null
  /** The options each of the owner's credential sets holds (names only). */
  credential_names: Partial<Record<"sandbox" | "live", string[]>>
  /** Which fields the owner set (the rest are the lender's defaults). */
  from_admin: string[]
}

export interface OfferFacts {
  /** Integer minor units of `currency`. */
  amount: number
  currency: string
  /** ISO country code, when known (the cart's shipping or billing address). */
  country?: string | null
}

export type OfferRefusal = "disabled" | "currency" | "country" | "below_minimum" | "above_maximum"

export type OfferVerdict = { offered: true } | { offered: false; reason: OfferRefusal; message: string }

const lower = (codes: readonly string[]) => codes.map((code) => code.toLowerCase())

export function effectiveLenderSettings(
  defaults: LenderOfferDefaults,
  saved: LenderSettingsRecord | undefined,
  registryIndex: number,
): EffectiveLenderSettings {
  const from_admin = saved
    ? (
        [
          "enabled",
          "display_name",
          "description",
          "limits",
          "countries",
          "currencies",
          "position",
          "capture_on",
          "messaging",
          "promotion_text",
          "representative_apr",
          "plans",
          "mode",
        ] as const
      ).filter(
        (field) =>
          saved[field] !== null &&
          saved[field] !== undefined &&
          !(field === "enabled" && saved.enabled) &&
          !(field === "messaging" && saved.messaging),
      )
    : []
  return {
    lender: defaults.slug,
    enabled: saved?.enabled ?? true,
    display_name: saved?.display_name || defaults.name,
    description: saved?.description ?? null,
    limits: saved?.limits ?? {},
    countries: saved?.countries ? lower(saved.countries) : defaults.markets === undefined ? "any" : defaults.markets,
    currencies: saved?.currencies
      ? lower(saved.currencies)
      : defaults.currencies === undefined
        ? "any"
        : defaults.currencies,
    position: saved?.position ?? registryIndex,
    capture_on: saved?.capture_on ?? null,
    messaging: saved?.messaging ?? true,
    promotion_text: saved?.promotion_text ?? null,
    representative_apr: saved?.representative_apr ?? null,
    plans: saved?.plans ?? null,
    mode: saved?.mode ?? null,
    credential_names: saved?.credential_names ?? {},
    from_admin: [...from_admin],
  }
}

function money(minor: number, currency: string): string {
  return `${fromMinorUnits(minor, currency)} ${currency.toUpperCase()}`
}

/** Whether the lender may be offered for these facts; when not, why, in words a shopper can read. */
export function offerVerdict(settings: EffectiveLenderSettings, facts: OfferFacts): OfferVerdict {
  const name = settings.display_name
  const currency = facts.currency.toLowerCase()
  if (!settings.enabled)
    return { offered: false, reason: "disabled", message: `${name} is not available in this store.` }
  if (settings.currencies !== "any" && !settings.currencies.includes(currency)) {
    return {
      offered: false,
      reason: "currency",
      message: `${name} is not available for payments in ${currency.toUpperCase()}.`,
    }
  }
  const country = facts.country?.toLowerCase()
  if (country && settings.countries !== "any" && !settings.countries.includes(country)) {
    return {
      offered: false,
      reason: "country",
      message: `${name} is not available for addresses in ${country.toUpperCase()}.`,
    }
  }
  const limit = settings.limits[currency]
  if (limit?.min !== null && limit?.min !== undefined && facts.amount < limit.min) {
    return {
      offered: false,
      reason: "below_minimum",
      message: `${name} is available for orders of ${money(limit.min, currency)} or more.`,
    }
  }
  if (limit?.max !== null && limit?.max !== undefined && facts.amount > limit.max) {
    return {
      offered: false,
      reason: "above_maximum",
      message: `${name} is available for orders up to ${money(limit.max, currency)}.`,
    }
  }
  return { offered: true }
}

/** The lenders in the owner's order (position, then the registry's). */
export function byOwnerOrder<T extends { position: number }>(lenders: T[]): T[] {
  return lenders
    .map((lender, index) => ({ lender, index }))
    .sort((a, b) => a.lender.position - b.lender.position || a.index - b.index)
    .map(({ lender }) => lender)
}
