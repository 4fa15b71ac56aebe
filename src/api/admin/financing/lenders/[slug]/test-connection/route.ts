// POST /admin/financing/lenders/:slug/test-connection → { ok, latency_ms, detail }
// One harmless authenticated call to the lender (src/lenders/<slug>/connection.ts). A lender
// that is not configured in this store answers 404; a failing lender answers 200 with ok: false.
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { LenderSlug } from "../../../../../../lenders/slugs"
import { lenderBySlug } from "../../../../../../providers/lenders"
import { testLenderConnection } from "../../../../../../workflows/admin/connection"
import { lenderOptions } from "../../../../../../provider-kit/provider-options"

export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const slug = req.params.slug as LenderSlug
  // The values saved in the admin (credentials set, choices) over the configuration: what calls use.
  const options = await lenderOptions<Record<string, unknown>>(req.scope, lenderBySlug(slug))
  res.json(await testLenderConnection(req.scope, slug, options))
}
