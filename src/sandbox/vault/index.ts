// Vault simulator. For now it only serves its index (GET /vault/) so the prefix is live;
// the lender's endpoints, signing, hosted pages and state machine replace the inside of
// register() (spec: shared/lenders/vault.md; contract: ../types.ts).
import { serveLenderIndex } from "../lender-index"
import type { LenderSimulator } from "../types"

export function createVaultSimulator(): LenderSimulator {
  return {
    slug: "vault",
    name: "Vault",
    register(router, ctx) {
      serveLenderIndex(router, ctx, { note: "No lender endpoints yet: this simulator is a skeleton." })
    },
  }
}
