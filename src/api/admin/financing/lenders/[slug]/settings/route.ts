// GET  /admin/financing/lenders/:slug/settings → { settings, changes }
// POST /admin/financing/lenders/:slug/settings → the same after saving the fields sent
// The owner's settings for one lender (on/off, the name and description shoppers read, order
// limits per currency as major-unit text, countries, currencies, position), each field marked
// when it comes from the admin rather than the lender's defaults, and the latest changes (who,
// when, what). A save applies on the next request in every process: nothing is cached.
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { LenderSlug } from "../../../../../../lenders/slugs"
import { lenderBySlug } from "../../../../../../providers/lenders"
import { messageOf } from "../../../../../../provider-kit/message-of"
import { findLenderProviderOptions } from "../../../../../../provider-kit/provider-options"
import {
  loadEffectiveSettings,
  recentSettingChanges,
  saveLenderSettings,
  settingsView,
} from "../../../../../../workflows/settings/lender-settings"

async function answer(req: AuthenticatedMedusaRequest, res: MedusaResponse, slug: LenderSlug) {
  const settings = (await loadEffectiveSettings(req.scope)).find((s) => s.lender === slug)!
  const options = findLenderProviderOptions<Record<string, unknown>>(req.scope, slug)
  res.json({
    settings: settingsView(settings, options),
    plan_choices: await planChoices(req, slug, options),
    changes: await recentSettingChanges(req.scope, slug),
  })
}

/** The lender's plans to choose from (Payment Assist's account), or null; a lender error is shown, not thrown. */
async function planChoices(req: AuthenticatedMedusaRequest, slug: LenderSlug, options?: Record<string, unknown>) {
  const lender = lenderBySlug(slug)
  if (!lender.promotion?.planChoices || !options) return null
  try {
    return { plans: await lender.promotion.planChoices(options), error: null }
  } catch (error) {
    return { plans: [], error: `${lender.name} did not list its plans: ${messageOf(error)}` }
  }
}

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await answer(req, res, req.params.slug as LenderSlug)
}

export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const lender = lenderBySlug(req.params.slug as LenderSlug)
  await saveLenderSettings(req.scope, lender, req.body, req.auth_context?.actor_id ?? null)
  await answer(req, res, lender.slug)
}
