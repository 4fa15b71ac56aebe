// GET /store/financing/vault/platform/accounts?cart_id= — the signed-in shopper's Vault accounts
// (from the server-side token, refreshed when it expires), each flagged usable/sufficient.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { loadFinancingCart } from "../../../../../../provider-kit/cart"
import { shopperAuthFor } from "../../../../../../providers/vault/shopper-session"
import { callVault, describeAccounts, vaultContext } from "../helpers"
import { shopperRoute } from "../../../shopper-route"

async function handleGet(req: MedusaRequest, res: MedusaResponse) {
  const { client, financing, customerId } = await vaultContext(req)
  const { cart_id } = req.validatedQuery as { cart_id: string }
  const cart = await loadFinancingCart(req.scope, cart_id, { customerId })
  const auth = await shopperAuthFor(client, financing, cart.id)
  const accounts = await callVault("list-accounts", () => client.listAccounts(auth))
  res.json({ cart_id: cart.id, accounts: describeAccounts(accounts, cart) })
}

export const GET = shopperRoute(handleGet)
