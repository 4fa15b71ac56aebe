// The provider options with the owner's choices from Settings → Financing applied: when the
// lender's money is taken (LenderDefinition.captureChoices) and which plans are offered
// (LenderPromotion.applyPlans). Read per call from the financing
// module, so a save applies in every server and worker process without a restart; without the
// module or a saved choice the options stand as configured.
import { getLenderSettingsStore } from "../modules/financing/registry"
import type { CaptureChoices, LenderPromotion } from "./lender-definition"
import type { LenderSettingsRecord } from "../modules/financing/types"

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

export async function withOwnerChoices<O extends object>(lender: ChoosingLender, options: O): Promise<O> {
  if (!lender.captureChoices && !lender.promotion?.applyPlans) return options
  const saved = await savedSettings(lender)
  let chosen = options
  const capture = captureChoiceOf(lender, saved)
  if (capture && lender.captureChoices) chosen = lender.captureChoices.applyTo(chosen, capture)
  if (saved?.plans?.length && lender.promotion?.applyPlans) chosen = lender.promotion.applyPlans(chosen, saved.plans)
  return chosen
}
