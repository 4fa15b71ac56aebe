// Routes, subscribers and workflows need a lender's provider options (credentials, URLs) but
// cannot reach the provider instance, which is private to the payment module. Medusa gives
// providers only `providers[].options`, so they are read back from the configuration (the same
// object the payment module was given) — one source of truth, no second copy in plugin options.
import type { ConfigModule, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import type { LenderSlug } from "../lenders/slugs"
import type { LenderDefinition } from "./lender-definition"
import { withOwnerChoices } from "./owner-options"

type OwnerChoosingLender = Pick<LenderDefinition<any, any>, "slug" | "name" | "captureChoices" | "promotion">

interface ProviderEntry {
  id?: string
  resolve?: unknown
  options?: Record<string, unknown>
}

function providerEntries(config: ConfigModule): ProviderEntry[] {
  const payment = (config.modules as Record<string, unknown> | undefined)?.[Modules.PAYMENT] as
    { options?: { providers?: ProviderEntry[] } } | undefined
  return payment?.options?.providers ?? []
}

function belongsTo(entry: ProviderEntry, slug: LenderSlug): boolean {
  if (entry.id === slug) return true
  const resolve = typeof entry.resolve === "string" ? entry.resolve : ""
  return new RegExp(`providers/${slug}(/index(\\.[jt]s)?)?$`).test(resolve)
}

/** The configured options of `slug`'s provider, or undefined when the store does not use it. */
export function findLenderProviderOptions<T = Record<string, unknown>>(
  container: Pick<MedusaContainer, "resolve">,
  slug: LenderSlug,
): T | undefined {
  const config = container.resolve<ConfigModule>(ContainerRegistrationKeys.CONFIG_MODULE)
  const entry = providerEntries(config).find((e) => belongsTo(e, slug))
  return entry ? ((entry.options ?? {}) as T) : undefined
}

/** Like findLenderProviderOptions, but a store route for an unconfigured lender answers 404 naming it. */
export function requireLenderProviderOptions<T = Record<string, unknown>>(
  container: Pick<MedusaContainer, "resolve">,
  lender: Pick<LenderDefinition, "slug" | "name">,
): T {
  const options = findLenderProviderOptions<T>(container, lender.slug)
  if (!options) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `${lender.name} is not configured in this store (no "${lender.slug}" payment provider).`,
    )
  }
  return options
}

/**
 * The options a call to the lender uses: the configuration with the owner's choices from
 * Settings → Financing over it (credentials set, capture, plans; provider-kit/owner-options.ts).
 * A store route for an unconfigured lender answers 404 naming it.
 */
export async function lenderOptions<T extends object = Record<string, unknown>>(
  container: Pick<MedusaContainer, "resolve">,
  lender: OwnerChoosingLender,
): Promise<T> {
  return await withOwnerChoices(lender, requireLenderProviderOptions<T>(container, lender))
}

/** Like lenderOptions, but undefined when the store does not use the lender. */
export async function findLenderOptions<T extends object = Record<string, unknown>>(
  container: Pick<MedusaContainer, "resolve">,
  lender: OwnerChoosingLender,
): Promise<T | undefined> {
  const configured = findLenderProviderOptions<T>(container, lender.slug)
  return configured ? await withOwnerChoices(lender, configured) : undefined
}
