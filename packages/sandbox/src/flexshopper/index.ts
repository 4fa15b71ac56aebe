// FlexShopper simulator: the v3 API a waterfall merchant calls (raw API key in Authorization,
// customer tokens bound to that key, `{data}` / `{error}` envelopes, dollars) and the PP3 modal
// stand-in where shoppers sign leases. Spec: shared/lenders/flexshopper.md.
import { serveLenderIndex } from "../lender-index"
import type { LenderSimulator, SimulatorContext } from "../types"
import { describeIdentities, seedCustomers, seedMerchants } from "./identities"
import { registerKbaRoutes } from "./kba"
import { collections } from "./model"
import { registerPp3Routes } from "./pp3"
import { registerTransactionRoutes } from "./transactions-api"
import { registerUserRoutes } from "./users-api"
import { formatFlexShopperError } from "./wire"

export function createFlexShopperSimulator(): LenderSimulator {
  let context: SimulatorContext | undefined
  const seed = () => {
    if (!context) return
    const c = collections(context.store)
    seedMerchants(c, context.env)
    seedCustomers(c, context.clock, () => context!.store.ids.uuid())
  }
  return {
    slug: "flexshopper",
    name: "FlexShopper",
    register(router, ctx) {
      context = ctx
      const c = collections(ctx.store)
      seed()
      serveLenderIndex(router, ctx, { apiBase: ctx.baseUrl, sdkScript: `${ctx.baseUrl}/pp3/sdk/js?authKey=…` })
      registerUserRoutes(router, c, ctx)
      registerKbaRoutes(router, c, ctx)
      registerTransactionRoutes(router, c, ctx)
      registerPp3Routes(router, c, ctx)
    },
    reset() {
      seed()
    },
    describe: () => describeIdentities(),
    formatError: formatFlexShopperError,
  }
}
