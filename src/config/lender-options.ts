// Per-lender readers that turn environment variables into provider options. Each lender adds
// its reader here when its provider lands; a lender without a reader has no provider yet.
import type { LenderSlug } from "../lenders/slugs"

export type LenderEnv = Record<string, string | undefined>
export type LenderOptionsReader = (env: LenderEnv, backendUrl: string) => Record<string, unknown> | undefined

const readers: Partial<Record<LenderSlug, LenderOptionsReader>> = {}

export function lenderProviderOptionsFromEnv(
  slug: LenderSlug,
  env: LenderEnv,
  backendUrl: string
): Record<string, unknown> | undefined {
  return readers[slug]?.(env, backendUrl)
}

/** Lenders whose provider exists in this build. */
export function lendersWithProviders(): LenderSlug[] {
  return Object.keys(readers) as LenderSlug[]
}
