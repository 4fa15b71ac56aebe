// GET /v2/wallets [DOC V7 Wallet.json]: the signed-in user's wallets and accounts. The simulator
// has fiat CHECKING accounts only; balances are decimal strings (spec §5).
import type { Router } from "express"
import type { SimulatorContext } from "../types"
import { principalOf, requireBearer } from "./http"
import type { VaultState } from "./model"

export function registerWallets(router: Router, ctx: SimulatorContext, state: VaultState): void {
  router.get("/v2/wallets", requireBearer(state, ctx.clock), (req, res) => {
    const principal = principalOf(req)
    // A merchant token is not a wallet owner: it sees no accounts.
    const accounts = principal.kind === "user" ? state.accounts.filter((a) => a.userId === principal.userId) : []
    res.json({
      wallets: [],
      accounts: accounts.map((a) => ({
        id: a.id,
        name: a.name,
        type: a.type,
        currency: a.currency,
        balance: a.balance,
        availableBalance: a.balance,
        status: "ACTIVE",
      })),
    })
  })
}
