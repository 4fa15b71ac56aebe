// Builds the payment-module `providers` entries for every lender from environment variables, so
// a store's medusa-config.ts (and this repository's host app) needs one line per store instead of
// a hand-written options object per lender:
//
//   providers: financingPaymentProviders({ env: process.env, backendUrl: "https://shop.example" })
//
// A lender is included when its credentials are set, or when FINANCING_SANDBOX_URL points at the
// local lender sandbox (then the sandbox's built-in merchant credentials are used).
// Each lender's reader is its definition's `readOptionsFromEnv` (src/providers/<slug>/lender.ts);
// it returns undefined when the lender is neither configured nor sandboxed.
import type { LenderSlug } from "./lenders/slugs"
import { LENDER_SLUGS } from "./lenders/slugs"
import { lenderBySlug } from "./providers/lenders"

export type { LenderSlug }

export interface FinancingProvidersOptions {
  /** Usually `process.env`. */
  env?: Record<string, string | undefined>
  /** Public URL of the Medusa backend; lenders call it back (webhooks, return routes). */
  backendUrl?: string
  /** Module path for a lender's provider; defaults to the published package path. */
  resolve?: (slug: LenderSlug) => string
  /** Restrict to these lenders. */
  only?: LenderSlug[]
}

export interface PaymentProviderEntry {
  resolve: string
  id: LenderSlug
  options: Record<string, unknown>
}

export function financingPaymentProviders(options: FinancingProvidersOptions = {}): PaymentProviderEntry[] {
  const env = options.env ?? process.env
  const backendUrl = options.backendUrl ?? env.MEDUSA_BACKEND_URL ?? "http://localhost:9000"
  const resolve = options.resolve ?? ((slug: LenderSlug) => `medusa-plugin-financing/providers/${slug}`)
  const wanted = options.only ?? LENDER_SLUGS

  const entries: PaymentProviderEntry[] = []
  for (const slug of wanted) {
    const providerOptions = lenderBySlug(slug).readOptionsFromEnv(env, backendUrl)
    if (providerOptions) {
      entries.push({ resolve: resolve(slug), id: slug, options: providerOptions })
    }
  }
  return entries
}
