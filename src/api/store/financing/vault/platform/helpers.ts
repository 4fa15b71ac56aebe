// Shared by the PLATFORM store routes (not a route file: Medusa only loads route.ts).
import type { MedusaRequest } from "@medusajs/framework/http"
import { toMedusaError } from "../../../../../provider-kit/medusa-error"
import { parseMajorUnitString, toMinorUnits } from "../../../../../lenders/money"
import type { VaultAccount } from "../../../../../lenders/vault/types"
import { FINANCING_MODULE } from "../../../../../modules/financing/constants"
import type { FinancingLog } from "../../../../../modules/financing/types"
import type { FinancingCart } from "../../../../../provider-kit/cart"
import { lenderOptions } from "../../../../../provider-kit/provider-options"
import { vaultClientFor } from "../../../../../providers/vault/client-factory"
import type { VaultProviderOptions } from "../../../../../providers/vault/options"
import { vaultLender } from "../../../../../providers/vault/lender"

export async function vaultContext(req: MedusaRequest) {
  const options = await lenderOptions<VaultProviderOptions>(req.scope, vaultLender)
  return {
    options,
    client: vaultClientFor(options, req.scope.resolve("logger")),
    financing: req.scope.resolve<FinancingLog>(FINANCING_MODULE),
    customerId: (req as MedusaRequest & { auth_context?: { actor_id?: string } }).auth_context?.actor_id,
  }
}

/** Runs a Vault call from a route; failures leave as MedusaErrors naming Vault and the operation. */
export async function callVault<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw toMedusaError(error, { lenderName: vaultLender.name, operation })
  }
}

function atLeast(balance: string, cart: FinancingCart): boolean {
  try {
    return parseMajorUnitString(balance, cart.currency_code) >= toMinorUnits(cart.total as number, cart.currency_code)
  } catch {
    return false
  }
}

/** The shopper's accounts, with whether each can pay this cart (same currency, enough balance). */
export function describeAccounts(accounts: VaultAccount[], cart: FinancingCart) {
  const currency = cart.currency_code.toUpperCase()
  return accounts.map((account) => {
    const usable = account.currency === currency
    return {
      id: account.id,
      name: account.name ?? null,
      type: account.type ?? null,
      currency: account.currency,
      available_balance: account.availableBalance,
      usable,
      sufficient: usable && atLeast(account.availableBalance, cart),
    }
  })
}
