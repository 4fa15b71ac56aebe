// POST /store/financing/vault/platform/sign-in { cart_id, phone, password }
//   The shopper signs in to Vault to pay from their Vault balance. The credentials go to Vault
//   only; the token Vault returns is kept server-side (encrypted, scoped to the cart) and the
//   response lists the shopper's accounts. DELETE (?cart_id=) signs out of Vault for the cart.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { loadFinancingCart } from "../../../../../../provider-kit/cart"
import { forgetShopperLogin, saveShopperLogin } from "../../../../../../providers/vault/shopper-session"
import { callVault, describeAccounts, vaultContext } from "../helpers"
import { shopperRoute } from "../../../shopper-route"

export interface VaultSignInBody {
  cart_id: string
  phone: string
  password: string
}

async function handlePost(req: MedusaRequest<VaultSignInBody>, res: MedusaResponse) {
  const { client, financing, customerId } = await vaultContext(req)
  const { cart_id, phone, password } = req.validatedBody
  const cart = await loadFinancingCart(req.scope, cart_id, { customerId })
  const token = await callVault("sign-in", () => client.signIn(phone, password))
  await saveShopperLogin(financing, cart.id, token)
  const accounts = await callVault("list-accounts", () => client.listAccounts(client.shopperAuth(token)))
  res.json({ signed_in: true, cart_id: cart.id, accounts: describeAccounts(accounts, cart) })
}

async function handleDelete(req: MedusaRequest, res: MedusaResponse) {
  const { financing, customerId } = await vaultContext(req)
  const { cart_id } = req.validatedQuery as { cart_id: string }
  const cart = await loadFinancingCart(req.scope, cart_id, { customerId })
  await forgetShopperLogin(financing, cart.id)
  res.json({ signed_in: false, cart_id: cart.id })
}

export const POST = shopperRoute(handlePost)
export const DELETE = shopperRoute(handleDelete)
