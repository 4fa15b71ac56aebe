// The simulators a default sandbox serves, one per lender. Factories (not instances) so every
// sandbox gets fresh simulator state.
import { createFlexShopperSimulator } from "./flexshopper"
import { createNewDaySimulator } from "./newday"
import { createPaymentAssistSimulator } from "./payment-assist"
import { type LenderSimulator, type LenderSlug, SANDBOX_LENDER_SLUGS } from "./types"
import { createVaultSimulator } from "./vault"

export const BUILT_IN_SIMULATORS: Readonly<Record<LenderSlug, () => LenderSimulator>> = {
  "payment-assist": createPaymentAssistSimulator,
  flexshopper: createFlexShopperSimulator,
  newday: createNewDaySimulator,
  vault: createVaultSimulator,
}

export function createBuiltInSimulators(): LenderSimulator[] {
  return SANDBOX_LENDER_SLUGS.map((slug) => BUILT_IN_SIMULATORS[slug]())
}
