// POST /store/financing/vault/platform/payment-session { cart_id, account_id, discount_code? }
//   Starts a PLATFORM payment for the cart's total from the chosen account of the signed-in
//   shopper. The account is checked against the shopper's own list (and the cart's currency)
//   here; the debit happens when the storefront completes the cart (Vault "confirm").
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { createCartPaymentSession } from "../../../../../../provider-kit/cart-payment-session"
import { loadFinancingCart } from "../../../../../../provider-kit/cart"
import { issuePlatformGrant, shopperAuthFor } from "../../../../../../providers/vault/shopper-session"
import { callVault, vaultContext } from "../helpers"
import { shopperRoute } from "../../../shopper-route"

export interface VaultPlatformSessionBody {
  cart_id: string
  account_id: string
  discount_code?: string
}

async function handlePost(req: MedusaRequest<VaultPlatformSessionBody>, res: MedusaResponse) {
  const { client, financing, customerId } = await vaultContext(req)
  const { cart_id, account_id, discount_code } = req.validatedBody
  const cart = await loadFinancingCart(req.scope, cart_id, { customerId })
  const auth = await shopperAuthFor(client, financing, cart.id)
  const accounts = await callVault("list-accounts", () => client.listAccounts(auth))
  const account = accounts.find((a) => a.id === account_id)
  if (!account) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Vault: account_id "${account_id}" is not one of the signed-in shopper's accounts`,
    )
  }
  if (account.currency !== cart.currency_code.toUpperCase()) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Vault: account_id "${account_id}" holds ${account.currency}, but the cart is in ${cart.currency_code.toUpperCase()}`,
    )
  }
  const grant = await issuePlatformGrant(financing, cart.id, account.id)
  const session = await createCartPaymentSession(req.scope, {
    cart,
    providerId: "pp_vault_vault",
    customerId,
    data: {
      type: "PLATFORM",
      account_id: account.id,
      cart_id: cart.id,
      platform_grant: grant,
      ...(discount_code ? { discount_code } : {}),
    },
  })
  res.json({
    payment_session: {
      id: session.id,
      status: session.status,
      amount: session.amount,
      currency_code: session.currency_code,
      data: session.data,
    },
  })
}

export const POST = shopperRoute(handlePost)
