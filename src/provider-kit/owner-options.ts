// The provider options with the owner's choices from Settings → Financing applied: the
// credentials set chosen by the sandbox/live switch (encrypted in the financing module), when the
// lender's money is taken (LenderDefinition.captureChoices) and which plans are offered
// (LenderPromotion.applyPlans). Read per call from the financing module, so a save applies in
// every server and worker process without a restart; without the module or anything saved the
// options stand as configured. Every place that talks to a lender takes its options from here.
import { getLenderSettingsStore } from "../modules/financing/registry"
import type { LenderSettingsRecord } from "../modules/financing/types"
import type { CaptureChoices, LenderPromotion } from "./lender-definition"

interface ChoosingLender {
  slug: string
  captureChoices?: CaptureChoices
  promotion?: Pick<LenderPromotion<any>, "applyPlans">
}

async function savedSettings(lender: ChoosingLender): Promise<LenderSettingsRecord | undefined> {
  const store = getLenderSettingsStore()
  return store ? (await store.listLenderSettings()).find((row) => row.lender === lender.slug) : undefined
}

/** The owner's saved capture choice for the lender when it is one the lender offers, else null. */
export async function ownerCaptureChoice(lender: ChoosingLender): Promise<string | null> {
  if (!lender.captureChoices) return null
  return captureChoiceOf(lender, await savedSettings(lender))
}

function captureChoiceOf(lender: ChoosingLender, saved: LenderSettingsRecord | undefined): string | null {
  const choice = saved?.capture_on
  return choice && lender.captureChoices?.choices.some((c) => c.value === choice) ? choice : null
}

/** One merged object per configured object and saved state: lender clients are cached per options object. */
const merged = new WeakMap<object, { key: string; options: object }>()

export async function withOwnerChoices<O extends object>(lender: ChoosingLender, options: O): Promise<O> {
  const saved = await savedSettings(lender)
  if (!saved) return options
  const credentials =
    saved.mode && saved.credential_names?.[saved.mode]?.length
      ? ((await getLenderSettingsStore()?.readLenderCredentials(lender.slug))?.[saved.mode] ?? null)
      : null
  const capture = captureChoiceOf(lender, saved)
  const plans = saved.plans?.length && lender.promotion?.applyPlans ? saved.plans : null
  if (!credentials && !capture && !plans) return options

  const key = JSON.stringify([saved.mode, credentials, capture, plans])
  const hit = merged.get(options)
  if (hit?.key === key) return hit.options as O
  let chosen: O = credentials ? { ...options, ...credentials } : options
  if (capture && lender.captureChoices) chosen = lender.captureChoices.applyTo(chosen, capture)
  if (plans && lender.promotion?.applyPlans) chosen = lender.promotion.applyPlans(chosen, plans)
  merged.set(options, { key, options: chosen })
  return chosen
}
