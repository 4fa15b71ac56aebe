// The lenders this plugin integrates, by the slug used everywhere: provider identifier, sandbox
// path prefix, financing-log `lender` column and env-var prefix.
export const LENDER_SLUGS = ["payment-assist", "flexshopper", "newday", "vault"] as const

export type LenderSlug = (typeof LENDER_SLUGS)[number]

/** Medusa registers a provider as `pp_<identifier>_<id>`; this plugin uses the slug for both. */
export function providerIdFor(slug: LenderSlug): string {
  return `pp_${slug}_${slug}`
}

/** The lender behind a Medusa provider id, or undefined for providers that are not this plugin's. */
export function lenderFromProviderId(providerId: string | null | undefined): LenderSlug | undefined {
  if (!providerId) return undefined
  return LENDER_SLUGS.find((slug) => providerId === providerIdFor(slug) || providerId.startsWith(`pp_${slug}_`))
}
