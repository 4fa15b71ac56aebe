// POST /admin/financing/lenders/:slug/credentials { set: "sandbox" | "live", values: { option: value | null } }
//   → { settings, plan_choices, changes }, as the settings route answers
// Replaces (a value) or removes (null) options of one of the owner's credential sets, encrypted at
// rest by the financing module. Nothing answers a value back: the settings show which options
// each set holds. The set applies once the settings' `mode` chooses it.
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { LenderSlug } from "../../../../../../lenders/slugs"
import { lenderBySlug } from "../../../../../../providers/lenders"
import { saveLenderCredentials } from "../../../../../../workflows/settings/lender-credentials"
import { answerLenderSettings } from "../settings-answer"

export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const lender = lenderBySlug(req.params.slug as LenderSlug)
  await saveLenderCredentials(req.scope, lender, req.body, req.auth_context?.actor_id ?? null)
  await answerLenderSettings(req, res, lender.slug)
}
