// One Vault client (and one Checkout.com lookup client) per options object, shared by the
// provider, routes and workflows of this process: they hold the merchant token and keep-alive
// sockets, so building one per request would mean one token request per request.
import type { LenderLogger } from "../../lenders/http-types"
import { cachedClient } from "../../provider-kit/client-cache"
import { CheckoutLookupClient } from "../../lenders/vault/checkout"
import { VaultClient } from "../../lenders/vault/client"
import type { VaultProviderOptions } from "./options"

export function vaultClientFor(options: VaultProviderOptions, logger?: LenderLogger): VaultClient {
  return cachedClient(options, "vault-client", () => {
    const login =
      options.merchantPhone && options.merchantPassword
        ? { phone: options.merchantPhone, password: options.merchantPassword }
        : undefined
    return new VaultClient({
      authBaseUrl: options.baseUrl,
      platformBaseUrl: options.platformBaseUrl,
      merchantId: options.merchantId,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      merchantLogin: login,
      paths: options.paths,
      fields: options.paymentFields,
      redirectUrlField: options.redirectUrlField,
      statusWords: options.statusWords,
      logger,
      timeoutMs: options.timeoutMs,
    })
  })
}

/** Undefined when the store has no Checkout.com key (then CHECKOUT returns are verified with Vault alone). */
export function checkoutLookupFor(
  options: VaultProviderOptions,
  logger?: LenderLogger,
): CheckoutLookupClient | undefined {
  if (!options.checkoutBaseUrl || !options.checkoutSecretKey) return undefined
  return cachedClient(
    options,
    "vault-checkout-lookup",
    () =>
      new CheckoutLookupClient({
        baseUrl: options.checkoutBaseUrl!,
        secretKey: options.checkoutSecretKey!,
        logger,
        timeoutMs: options.timeoutMs,
      }),
  )
}
