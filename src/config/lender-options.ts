// Per-lender readers that turn environment variables into provider options. Each lender's reader
// lives in ./<slug>.ts and returns undefined when the lender is neither configured nor pointed
// at the sandbox (then the store simply does not offer it).
import type { LenderSlug } from "../lenders/slugs"
import { readFlexshopperOptions } from "./flexshopper"
import { readNewdayOptions } from "./newday"
import { readPaymentAssistOptions } from "./payment-assist"
import type { LenderEnv, LenderOptionsReader } from "./types"
import { readVaultOptions } from "./vault"

export type { LenderEnv, LenderOptionsReader }

const readers: Record<LenderSlug, LenderOptionsReader> = {
  "payment-assist": readPaymentAssistOptions,
  flexshopper: readFlexshopperOptions,
  newday: readNewdayOptions,
  vault: readVaultOptions,
}

export function lenderProviderOptionsFromEnv(
  slug: LenderSlug,
  env: LenderEnv,
  backendUrl: string
): Record<string, unknown> | undefined {
  return readers[slug](env, backendUrl)
}
