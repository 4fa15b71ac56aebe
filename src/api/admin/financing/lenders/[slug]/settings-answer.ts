// What the settings and credentials routes answer for one lender: its settings view (never a
// credential value), the plans its account offers (Payment Assist) and the latest changes.
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { LenderSlug } from "../../../../../lenders/slugs"
import { lenderBySlug } from "../../../../../providers/lenders"
import { messageOf } from "../../../../../provider-kit/message-of"
import { findLenderOptions, findLenderProviderOptions } from "../../../../../provider-kit/provider-options"
import {
  loadEffectiveSettings,
  recentSettingChanges,
  settingsView,
} from "../../../../../workflows/settings/lender-settings"

export async function answerLenderSettings(req: AuthenticatedMedusaRequest, res: MedusaResponse, slug: LenderSlug) {
  const settings = (await loadEffectiveSettings(req.scope)).find((s) => s.lender === slug)!
  // The configuration's options: the page says which choices come from it.
  const configured = findLenderProviderOptions<Record<string, unknown>>(req.scope, slug)
  res.json({
    settings: settingsView(settings, configured),
    plan_choices: await planChoices(req, slug),
    changes: await recentSettingChanges(req.scope, slug),
  })
}

/** The lender's plans to choose from (its account, with the credentials that apply), or null; a lender error is shown, not thrown. */
async function planChoices(req: AuthenticatedMedusaRequest, slug: LenderSlug) {
  const lender = lenderBySlug(slug)
  if (!lender.promotion?.planChoices) return null
  const options = await findLenderOptions(req.scope, lender)
  if (!options) return null
  try {
    return { plans: await lender.promotion.planChoices(options), error: null }
  } catch (error) {
    return { plans: [], error: `${lender.name} did not list its plans: ${messageOf(error)}` }
  }
}
