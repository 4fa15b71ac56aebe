// A PLATFORM shopper's Vault login, kept server-side: the token from /oauth/token is encrypted in
// the financing module's secret store, scoped to the cart, and never reaches session data, logs
// or the browser. Refreshed tokens are written back so the next request starts from them.
import { randomBytes, timingSafeEqual } from "node:crypto"
import { MedusaError } from "@medusajs/framework/utils"
import type { VaultClient } from "../../lenders/vault/client"
import type { StoredToken, TokenManager } from "../../lenders/vault/token-manager"
import type { FinancingLog } from "../../modules/financing/types"

const LENDER = "vault"
export const SHOPPER_TOKEN = "shopper-token"
export const PLATFORM_GRANT = "platform-grant"
/** Longest a cart keeps a Vault login: Vault's refresh tokens last about this long ([INFERRED]). */
const LOGIN_TTL_MS = 7 * 24 * 3600 * 1000

interface StoredLogin extends StoredToken {
  obtainedAt: number
  [key: string]: unknown
}

// Per cart, one TokenManager in this process so concurrent calls share a single refresh.
const managers = new Map<string, { manager: TokenManager; obtainedAt: number }>()
const MAX_MANAGERS = 1000

function remember(cartId: string, entry: { manager: TokenManager; obtainedAt: number }): void {
  managers.delete(cartId)
  managers.set(cartId, entry)
  if (managers.size > MAX_MANAGERS) managers.delete(managers.keys().next().value as string)
}

export async function saveShopperLogin(log: FinancingLog, cartId: string, token: StoredToken): Promise<void> {
  const value: StoredLogin = { ...token, obtainedAt: Date.now() }
  await log.putSecret({
    lender: LENDER,
    purpose: SHOPPER_TOKEN,
    cart_id: cartId,
    value,
    expires_at: new Date(Date.now() + LOGIN_TTL_MS),
  })
  managers.delete(cartId)
}

export async function forgetShopperLogin(log: FinancingLog, cartId: string): Promise<void> {
  managers.delete(cartId)
  await log.deleteSecrets({ cart_id: cartId, lender: LENDER })
}

function notSignedIn(): MedusaError {
  return new MedusaError(
    MedusaError.Types.NOT_ALLOWED,
    "Vault: the shopper is not signed in to Vault for this cart (POST /store/financing/vault/platform/sign-in first).",
  )
}

/** The shopper's token manager for the cart; throws a clear error when they never signed in. */
export async function shopperAuthFor(
  client: VaultClient,
  log: FinancingLog | undefined,
  cartId: string,
): Promise<TokenManager> {
  if (!log) throw notSignedIn()
  const stored = await log.getSecret<StoredLogin>({ lender: LENDER, purpose: SHOPPER_TOKEN, cart_id: cartId })
  if (!stored?.accessToken) throw notSignedIn()
  const cached = managers.get(cartId)
  if (cached && cached.obtainedAt >= stored.obtainedAt) return cached.manager
  const entry = { manager: undefined as unknown as TokenManager, obtainedAt: stored.obtainedAt }
  entry.manager = client.shopperAuth(
    { accessToken: stored.accessToken, refreshToken: stored.refreshToken, expiresAt: stored.expiresAt },
    async (token) => {
      entry.obtainedAt = Date.now()
      await log.putSecret({
        lender: LENDER,
        purpose: SHOPPER_TOKEN,
        cart_id: cartId,
        value: { ...token, obtainedAt: entry.obtainedAt },
        expires_at: new Date(Date.now() + LOGIN_TTL_MS),
      })
    },
  )
  remember(cartId, entry)
  return entry.manager
}

/**
 * A PLATFORM payment session may only be created by the plugin's store route (which checked the
 * shopper's login and account): it stores a one-off grant and puts its nonce in the session data.
 * The provider refuses PLATFORM data without a matching grant, so the stock session route cannot
 * be used to debit a Vault account with someone else's cart id.
 */
export async function issuePlatformGrant(log: FinancingLog, cartId: string, accountId: string): Promise<string> {
  const nonce = randomBytes(24).toString("base64url")
  await log.putSecret({
    lender: LENDER,
    purpose: PLATFORM_GRANT,
    cart_id: cartId,
    value: { nonce, accountId },
    expires_at: new Date(Date.now() + LOGIN_TTL_MS),
  })
  return nonce
}

/** Grants are single-use: spent once a PLATFORM payment was created with them. */
export async function consumePlatformGrant(log: FinancingLog | undefined, cartId: string): Promise<void> {
  await log?.deleteSecrets({ cart_id: cartId, lender: LENDER, purpose: PLATFORM_GRANT })
}

export async function checkPlatformGrant(
  log: FinancingLog | undefined,
  cartId: string,
  accountId: string,
  nonce: string,
): Promise<boolean> {
  if (!log) return false
  const grant = await log.getSecret<{ nonce: string; accountId: string }>({
    lender: LENDER,
    purpose: PLATFORM_GRANT,
    cart_id: cartId,
  })
  if (!grant || grant.accountId !== accountId) return false
  const a = Buffer.from(grant.nonce)
  const b = Buffer.from(nonce)
  return a.length === b.length && timingSafeEqual(a, b)
}
