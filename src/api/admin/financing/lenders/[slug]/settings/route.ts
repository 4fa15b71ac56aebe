// GET  /admin/financing/lenders/:slug/settings → { settings, plan_choices, changes }
// POST /admin/financing/lenders/:slug/settings → the same after saving the fields sent
// The owner's settings for one lender (on/off, the name and description shoppers read, order
// limits per currency as major-unit text, countries, currencies, position, capture, promotions,
// the sandbox/live switch), each field marked when it comes from the admin rather than the
// lender's defaults, and the latest changes (who, when, what). A save applies on the next request
// in every process: nothing is cached.
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { LenderSlug } from "../../../../../../lenders/slugs"
import { lenderBySlug } from "../../../../../../providers/lenders"
import { saveLenderSettings } from "../../../../../../workflows/settings/lender-settings"
import { answerLenderSettings } from "../settings-answer"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await answerLenderSettings(req, res, req.params.slug as LenderSlug)
}

export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const lender = lenderBySlug(req.params.slug as LenderSlug)
  await saveLenderSettings(req.scope, lender, req.body, req.auth_context?.actor_id ?? null)
  await answerLenderSettings(req, res, lender.slug)
}
