// Which of this plugin's lenders this store has registered as payment providers, and in which
// regions each is enabled. Read by the admin settings page; contains no credentials.
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { LENDER_NAMES, LENDER_SLUGS, providerIdFor } from "../../../../lenders/slugs"

interface RegionRow {
  id: string
  name: string
  currency_code: string
  payment_providers?: Array<{ id: string } | null>
}

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const payments = req.scope.resolve(Modules.PAYMENT)
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)

  const providerIds = LENDER_SLUGS.map(providerIdFor)
  const registered = await payments.listPaymentProviders({ id: providerIds })
  const { data: regions } = await query.graph({
    entity: "region",
    fields: ["id", "name", "currency_code", "payment_providers.id"],
  })

  const lenders = LENDER_SLUGS.map((slug) => {
    const providerId = providerIdFor(slug)
    const provider = registered.find((p) => p.id === providerId)
    return {
      slug,
      name: LENDER_NAMES[slug],
      provider_id: providerId,
      registered: Boolean(provider),
      enabled: Boolean(provider?.is_enabled),
      regions: (regions as RegionRow[])
        .filter((region) => (region.payment_providers ?? []).some((p) => p?.id === providerId))
        .map(({ id, name, currency_code }) => ({ id, name, currency_code })),
    }
  })

  res.json({ lenders })
}
