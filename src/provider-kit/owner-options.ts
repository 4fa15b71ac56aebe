// The provider options with the owner's choices from Settings → Financing applied (today: when
// the lender's money is taken, LenderDefinition.captureChoices). Read per call from the financing
// module, so a save applies in every server and worker process without a restart; without the
// module or a saved choice the options stand as configured.
import { getLenderSettingsStore } from "../modules/financing/registry"
import type { CaptureChoices } from "./lender-definition"

interface ChoosingLender {
  slug: string
  captureChoices?: CaptureChoices
}

/** The owner's saved capture choice for the lender when it is one the lender offers, else null. */
export async function ownerCaptureChoice(lender: ChoosingLender): Promise<string | null> {
  const store = getLenderSettingsStore()
  if (!store || !lender.captureChoices) return null
  const saved = (await store.listLenderSettings()).find((row) => row.lender === lender.slug)?.capture_on
  return saved && lender.captureChoices.choices.some((choice) => choice.value === saved) ? saved : null
}

export async function withOwnerChoices<O extends object>(lender: ChoosingLender, options: O): Promise<O> {
  const choice = await ownerCaptureChoice(lender)
  return choice && lender.captureChoices ? lender.captureChoices.applyTo(options, choice) : options
}
