// Which of this plugin's lenders this store has registered as payment providers, in which
// regions each is enabled, whether its configuration is complete (option NAMES only), whether it
// talks to a sandbox or the live lender, and the URLs to paste into the lender's dashboard. Read
// by the admin settings page; contains no credentials.
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { LENDERS } from "../../../../providers/lenders"
import { loadEffectiveSettings, settingsView } from "../../../../workflows/settings/lender-settings"
import { lenderMode, lenderUrls, missingOptions } from "../../../../workflows/admin/lender-config"
import { findLenderProviderOptions } from "../../../../provider-kit/provider-options"
import { withOwnerChoices } from "../../../../provider-kit/owner-options"

interface RegionRow {
  id: string
  name: string
  currency_code: string
  payment_providers?: Array<{ id: string } | null>
}

/** The backend as this request reached it: the URL lenders need when no option names it. */
function requestOrigin(req: AuthenticatedMedusaRequest): string {
  return process.env.MEDUSA_BACKEND_URL || `${req.protocol}://${req.get("host") ?? "localhost:9000"}`
}

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const payments = req.scope.resolve(Modules.PAYMENT)
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)

  const providerIds = LENDERS.map((lender) => lender.providerId)
  const registered = await payments.listPaymentProviders({ id: providerIds })
  const { data: regions } = await query.graph({
    entity: "region",
    fields: ["id", "name", "currency_code", "payment_providers.id"],
  })

  const settings = await loadEffectiveSettings(req.scope)
  const lenders = await Promise.all(
    LENDERS.map(async (lender) => {
      const { slug, name, providerId } = lender
      const provider = registered.find((p) => p.id === providerId)
      const options = findLenderProviderOptions<Record<string, unknown>>(req.scope, slug)
      // What calls use: the owner's credentials set (Settings → Financing) over the configuration.
      const effective = options ? await withOwnerChoices(lender, options) : undefined
      const missing = missingOptions(slug, effective)
      const { mode, base_url } = effective
        ? lenderMode(slug, effective, process.env.FINANCING_SANDBOX_URL)
        : { mode: null, base_url: null }
      return {
        slug,
        name,
        provider_id: providerId,
        // What the owner set in Settings → Financing over the lender's defaults (see ./[slug]/settings).
        settings: settingsView(
          settings.find((s) => s.lender === slug)!,
          options,
        ),
        registered: Boolean(provider),
        enabled: Boolean(provider?.is_enabled),
        configured: Boolean(options) && missing.length === 0,
        missing_options: missing,
        mode,
        base_url,
        urls: lenderUrls(slug, effective, requestOrigin(req)),
        regions: (regions as RegionRow[])
          .filter((region) => (region.payment_providers ?? []).some((p) => p?.id === providerId))
          .map(({ id, name, currency_code }) => ({ id, name, currency_code })),
      }
    }),
  )

  res.json({ lenders })
}
