// GET /store/financing/vault/payment-types → { default_type, types: [{ type, name, description, journey }] }
// What the storefront can offer under "Pay with Vault" (Vault charges the full amount at once, so
// there is no instalment messaging): the three invoice-payment types and how each one proceeds.
// Static apart from the configured default; 404 when the store does not use Vault.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { lenderOptions } from "../../../../../provider-kit/provider-options"
import type { VaultProviderOptions } from "../../../../../providers/vault/options"
import { vaultLender } from "../../../../../providers/vault/lender"
import { shopperRoute } from "../../shopper-route"

const TYPES = [
  {
    type: "CHECKOUT",
    name: "Card",
    description: "Pay the full amount by card on a secure hosted payment page.",
    journey: "redirect",
  },
  {
    type: "PLATFORM",
    name: "Vault balance",
    description: "Sign in to Vault and pay from one of your Vault accounts.",
    journey: "sign_in",
  },
  {
    type: "EXTERNAL",
    name: "External payment",
    description: "Pay through a third-party system connected to Vault.",
    journey: "external",
  },
] as const

async function handleGet(req: MedusaRequest, res: MedusaResponse) {
  const options = await lenderOptions<VaultProviderOptions>(req.scope, vaultLender)
  res.json({ default_type: options.defaultType ?? "CHECKOUT", types: TYPES })
}

export const GET = shopperRoute(handleGet)
