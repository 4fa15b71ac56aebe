// FlexShopper simulator. For now it only serves its index (GET /flexshopper/) so the prefix is live;
// the lender's endpoints, signing, hosted pages and state machine replace the inside of
// register() (spec: shared/lenders/flexshopper.md; contract: ../types.ts).
import { serveLenderIndex } from "../lender-index"
import type { LenderSimulator } from "../types"

export function createFlexShopperSimulator(): LenderSimulator {
  return {
    slug: "flexshopper",
    name: "FlexShopper",
    register(router, ctx) {
      serveLenderIndex(router, ctx, { note: "No lender endpoints yet: this simulator is a skeleton." })
    },
  }
}
