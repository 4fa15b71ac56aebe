// What every page needs: the sdk, the lender modules, navigation, and a one-shot message carried
// to the next page (e.g. a decline shown on the payment step after a lender sent the shopper back).
import type Medusa from "@medusajs/js-sdk"
import type { StorefrontConfig } from "./api"
import type { LenderCheckoutModule } from "./lenders/types"
import { navigate } from "./router"

export interface Flash {
  message: string
  tone: "info" | "error"
}

export interface Shop {
  sdk: Medusa
  config: StorefrontConfig
  modules: LenderCheckoutModule[]
  navigate(path: string, options?: { replace?: boolean; flash?: Flash }): void
  /** The message left for this page by the previous one (read once). */
  takeFlash(): Flash | null
  /** Re-renders the header's cart count. */
  refreshHeader(): Promise<void>
}

export function createShop(
  sdk: Medusa,
  config: StorefrontConfig,
  modules: LenderCheckoutModule[],
  refreshHeader: () => Promise<void>,
): Shop {
  let flash: Flash | null = null
  return {
    sdk,
    config,
    modules,
    navigate(path, options = {}) {
      flash = options.flash ?? null
      navigate(path, { replace: options.replace })
    },
    takeFlash() {
      const taken = flash
      flash = null
      return taken
    },
    refreshHeader,
  }
}
