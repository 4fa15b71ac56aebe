// The one list of the plugin's lenders. Every per-lender table (config from the environment, the
// admin's settings, connection tests and retries) reads it; a fifth lender is one more line here
// and its own folders (docs/adding-a-lender.md).
import type { AnyLenderDefinition } from "../provider-kit/lender-definition"
import { LENDER_SLUGS, lenderFromProviderId, type LenderSlug } from "../lenders/slugs"
import { flexShopperLender } from "./flexshopper/lender"
import { newDayLender } from "./newday/lender"
import { paymentAssistLender } from "./payment-assist/lender"
import { vaultLender } from "./vault/lender"

export type { AnyLenderDefinition, LenderDefinition } from "../provider-kit/lender-definition"

/** In LENDER_SLUGS order (the order the config, the admin and the docs list them). */
export const LENDERS: readonly AnyLenderDefinition[] = [
  paymentAssistLender,
  flexShopperLender,
  newDayLender,
  vaultLender,
]

const BY_SLUG = new Map<string, AnyLenderDefinition>(LENDERS.map((lender) => [lender.slug, lender]))

if (LENDERS.length !== LENDER_SLUGS.length || LENDERS.some((lender, i) => lender.slug !== LENDER_SLUGS[i])) {
  throw new Error(
    `src/providers/lenders.ts lists ${LENDERS.map((l) => l.slug).join(", ")}, but LENDER_SLUGS is ${LENDER_SLUGS.join(", ")}.`,
  )
}

export function lenderBySlug(slug: LenderSlug): AnyLenderDefinition {
  return BY_SLUG.get(slug)!
}

/** The lender behind a Medusa provider id, or undefined for providers that are not this plugin's. */
export function lenderByProviderId(providerId: string | null | undefined): AnyLenderDefinition | undefined {
  const slug = lenderFromProviderId(providerId)
  return slug ? lenderBySlug(slug) : undefined
}

export { flexShopperLender, newDayLender, paymentAssistLender, vaultLender }
