// Settings → Financing, the part a store owner edits: per lender on/off, the name and description
// shoppers read, order limits per currency, countries, currencies, the order of lenders, when the
// money is taken, and the finance promotions (on/off, wording, APR, Payment Assist plans). Stored
// by the financing module (FinancingLenderSetting) and read per request, so a save applies in
// every server and worker process without a restart. Each save records who changed what.
import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { fromMinorUnits, parseMajorUnitString } from "../../lenders/money"
import type { LenderSlug } from "../../lenders/slugs"
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type {
  LenderLimit,
  LenderSettingsPatch,
  LenderSettingsRecord,
  LenderSettingsStore,
} from "../../modules/financing/types"
import { effectiveLenderSettings, type EffectiveLenderSettings } from "../../provider-kit/offer-rules"
import {
  DEFAULT_PROMOTION_TEXT,
  PROMOTION_PLACEHOLDERS,
  promotionTextProblems,
  REQUIRED_PLACEHOLDERS,
} from "../../provider-kit/promotion"
import { LENDERS, type AnyLenderDefinition } from "../../providers/lenders"

const code = (length: number, what: string) =>
  z
    .string()
    .regex(new RegExp(`^[A-Za-z]{${length}}$`), `must be ${length}-letter ${what} codes`)
    .transform((value) => value.toLowerCase())

/** A major-unit amount as text ("100.00"): money never travels as a float. */
const AMOUNT_TEXT = 'must be an amount in major units as text, such as "100.00"'
const amountText = z
  .string({ error: AMOUNT_TEXT })
  .regex(/^\d{1,12}(\.\d{1,4})?$/, AMOUNT_TEXT)
  .nullable()

export const LenderSettingsBody = z
  .object({
    enabled: z.boolean().optional(),
    display_name: z.string().trim().min(1).max(80).nullable().optional(),
    description: z.string().trim().max(300).nullable().optional(),
    limits: z
      .record(z.string(), z.object({ min: amountText.optional(), max: amountText.optional() }).strict())
      .nullable()
      .optional(),
    countries: z.array(code(2, "ISO country")).max(250).nullable().optional(),
    currencies: z.array(code(3, "ISO currency")).max(200).nullable().optional(),
    position: z.number().int().min(0).max(1000).nullable().optional(),
    // One of the lender's captureChoices; null returns to the provider option.
    capture_on: z.string().max(40).nullable().optional(),
    // Finance promotions (provider-kit/promotion.ts); null returns each to its default.
    messaging: z.boolean().nullable().optional(),
    promotion_text: z.string().trim().min(1).max(1500).nullable().optional(),
    representative_apr: z
      .string({ error: 'must be a percentage as text, such as "29.9"' })
      .regex(/^\d{1,3}(\.\d{1,2})?$/, 'must be a percentage as text, such as "29.9"')
      .nullable()
      .optional(),
    plans: z.array(z.number().int().positive()).min(1).max(50).nullable().optional(),
    // Which credentials apply: a saved set, or null for the configuration's (sandbox/live switch).
    mode: z.enum(["sandbox", "live"]).nullable().optional(),
  })
  .strict()
export type LenderSettingsBodyType = z.infer<typeof LenderSettingsBody>

/** Up to five schema problems, each naming its field; zod's messages never quote the value. */
export function issueProblems(issues: ReadonlyArray<{ path: PropertyKey[]; message: string; code: string }>): string[] {
  return issues.slice(0, 5).map((issue) => {
    const field = issue.path.map(String).join(".")
    if (issue.code === "unrecognized_keys") return `unknown field(s) ${(issue as { keys?: string[] }).keys?.join(", ")}`
    return field ? `${field} ${issue.message}` : issue.message
  })
}

function invalid(lender: AnyLenderDefinition, problems: string[]): MedusaError {
  return new MedusaError(MedusaError.Types.INVALID_DATA, `${lender.name} settings: ${problems.join("; ")}`)
}

/**
 * The body of a save as the module stores it (limits in minor units), or a 400 naming the lender
 * and every broken field. Checks what a schema cannot: a limit's currency is one the lender lends
 * in, its amount has no more decimals than the currency, min ≤ max, and the lists are the lender's.
 */
export function lenderSettingsPatch(
  lender: AnyLenderDefinition,
  body: unknown,
  saved?: Pick<LenderSettingsRecord, "credential_names">,
): LenderSettingsPatch {
  const parsed = LenderSettingsBody.safeParse(body ?? {})
  if (!parsed.success) throw invalid(lender, issueProblems(parsed.error.issues))
  const { limits, currencies, countries, ...rest } = parsed.data
  const problems: string[] = []
  const allowedCurrencies = currencies ?? (lender.currencies === "any" ? undefined : [...lender.currencies])
  if (currencies && lender.currencies !== "any") {
    const foreign = currencies.filter((c) => !lender.currencies.includes(c))
    if (foreign.length)
      problems.push(`currencies: ${lender.name} lends in ${lender.currencies.join(", ").toUpperCase()} only`)
  }
  if (countries && lender.markets !== "any") {
    const foreign = countries.filter((c) => !lender.markets.includes(c))
    if (foreign.length)
      problems.push(`countries: ${lender.name} lends in ${lender.markets.join(", ").toUpperCase()} only`)
  }
  let minorLimits: Record<string, LenderLimit> | null | undefined = limits === null ? null : undefined
  if (limits) {
    minorLimits = {}
    for (const [rawCurrency, { min, max }] of Object.entries(limits)) {
      const currency = rawCurrency.toLowerCase()
      const field = `limits.${currency}`
      if (!/^[a-z]{3}$/.test(currency)) {
        problems.push(`${field} must be keyed by a 3-letter ISO currency code`)
        continue
      }
      if (allowedCurrencies && !allowedCurrencies.includes(currency)) {
        problems.push(`${field}: ${lender.name} is not offered in ${currency.toUpperCase()}`)
        continue
      }
      const toMinor = (text: string | null | undefined, side: "min" | "max"): number | null => {
        if (text === null || text === undefined) return null
        try {
          return parseMajorUnitString(text, currency)
        } catch {
          problems.push(`${field}.${side} has more decimals than ${currency.toUpperCase()} allows`)
          return null
        }
      }
      const limit = { min: toMinor(min, "min"), max: toMinor(max, "max") }
      if (limit.min !== null && limit.max !== null && limit.min > limit.max) {
        problems.push(`${field}.min must not be above ${field}.max`)
      }
      minorLimits[currency] = limit
    }
  }
  if (rest.capture_on) {
    const choices = lender.captureChoices?.choices.map((choice) => choice.value)
    if (!choices) problems.push(`capture_on: ${lender.name} offers no choice of when to capture`)
    else if (!choices.includes(rest.capture_on)) problems.push(`capture_on must be one of ${choices.join(", ")}`)
  }
  problems.push(...promotionProblems(lender, rest))
  if (rest.mode && !saved?.credential_names?.[rest.mode]?.length)
    problems.push(`mode: no ${rest.mode} credentials are saved for ${lender.name}; save them first`)
  if (problems.length) throw invalid(lender, problems)
  if (rest.plans) rest.plans = [...new Set(rest.plans)].sort((a, b) => a - b)
  return { ...rest, ...(minorLimits !== undefined ? { limits: minorLimits } : {}), currencies, countries }
}

/** What a lender without promotions (or without the choice) may not be sent, and the wording's own rules. */
function promotionProblems(
  lender: AnyLenderDefinition,
  fields: Pick<LenderSettingsBodyType, "promotion_text" | "representative_apr" | "plans">,
): string[] {
  const promotion = lender.promotion
  const problems: string[] = []
  if (fields.promotion_text) {
    if (!promotion) problems.push(`promotion_text: ${lender.name} quotes no repayments, so there is nothing to word`)
    else problems.push(...promotionTextProblems(fields.promotion_text).map((problem) => `promotion_text ${problem}`))
  }
  if (fields.representative_apr && !promotion?.aprFromSettings)
    problems.push(`representative_apr: ${lender.name} gives the APR with each quote`)
  if (fields.plans && !promotion?.choosesPlans) problems.push(`plans: ${lender.name} has no plans to choose from`)
  return problems
}

function settingsStore(container: Pick<MedusaContainer, "resolve">): LenderSettingsStore {
  return container.resolve<LenderSettingsStore>(FINANCING_MODULE)
}

/** Every lender's settings as they apply now: the owner's values over the lender's defaults. */
export async function loadEffectiveSettings(
  container: Pick<MedusaContainer, "resolve">,
): Promise<EffectiveLenderSettings[]> {
  const saved = await settingsStore(container).listLenderSettings()
  return LENDERS.map((lender, index) =>
    effectiveLenderSettings(
      lender,
      saved.find((row) => row.lender === lender.slug),
      index,
    ),
  )
}

export async function saveLenderSettings(
  container: Pick<MedusaContainer, "resolve">,
  lender: AnyLenderDefinition,
  body: unknown,
  actorId: string | null,
) {
  const store = settingsStore(container)
  const saved = (await store.listLenderSettings()).find((row) => row.lender === lender.slug)
  const patch = lenderSettingsPatch(lender, body, saved)
  return await store.saveLenderSettings(lender.slug, patch, actorId)
}

export async function recentSettingChanges(container: Pick<MedusaContainer, "resolve">, slug: LenderSlug, limit = 10) {
  return await settingsStore(container).listLenderSettingChanges(slug, limit)
}

/**
 * The lender's capture choice as it applies: the owner's when saved, else what the provider
 * options say; null for lenders that offer none.
 */
export function captureView(lender: AnyLenderDefinition, saved: string | null, options?: Record<string, unknown>) {
  const capture = lender.captureChoices
  if (!capture) return null
  const fromAdmin = saved !== null && capture.choices.some((choice) => choice.value === saved)
  return {
    option: capture.option,
    value: fromAdmin ? saved : capture.fromOptions(options),
    source: fromAdmin ? ("admin" as const) : ("configuration" as const),
    choices: capture.choices,
  }
}

/** What the admin's form needs to edit a lender's promotion: the default wording and its placeholders. */
export function promotionView(lender: AnyLenderDefinition) {
  const promotion = lender.promotion
  if (!promotion) return null
  return {
    creditor: promotion.creditor,
    apr_from_settings: promotion.aprFromSettings,
    chooses_plans: promotion.choosesPlans,
    default_text: DEFAULT_PROMOTION_TEXT,
    placeholders: PROMOTION_PLACEHOLDERS,
    required: REQUIRED_PLACEHOLDERS,
  }
}

/** The credentials an owner may enter for the lender: names, whether each is a secret, and which sets hold it. */
export function credentialsView(lender: AnyLenderDefinition, settings: EffectiveLenderSettings) {
  return {
    mode: settings.mode,
    options: lender.adminCredentials.map((option) => ({
      option,
      env: lender.optionEnv[option] ?? null,
      secret: lender.secretOptions.includes(option),
    })),
    // Names only: values never leave the server.
    sets: {
      sandbox: settings.credential_names.sandbox ?? [],
      live: settings.credential_names.live ?? [],
    },
  }
}

/** What the admin shows: limits back in major units as text, the lists as codes, the capture choice. */
export function settingsView(settings: EffectiveLenderSettings, options?: Record<string, unknown>) {
  const lender = LENDERS.find((l) => l.slug === settings.lender)
  return {
    ...settings,
    capture: lender ? captureView(lender, settings.capture_on, options) : null,
    promotion: lender ? promotionView(lender) : null,
    credentials: lender ? credentialsView(lender, settings) : null,
    limits: Object.fromEntries(
      Object.entries(settings.limits).map(([currency, limit]) => [
        currency,
        {
          min: limit.min === null ? null : fromMinorUnits(limit.min, currency),
          max: limit.max === null ? null : fromMinorUnits(limit.max, currency),
        },
      ]),
    ),
  }
}
