// "Test connection" for the admin settings page: a fresh merchant token from /oauth/token proves
// the client id, secret and merchant id; nothing else is called. The cached token is replaced,
// not kept, so the check really reaches Vault.
import type { VaultClient } from "./client"

export async function checkVaultConnection(
  client: Pick<VaultClient, "merchantAuth">,
  now: () => number = Date.now,
): Promise<string> {
  const current = client.merchantAuth.snapshot()
  if (current) await client.merchantAuth.replaceRejected(current.accessToken)
  else await client.merchantAuth.accessToken()
  const token = client.merchantAuth.snapshot()
  const seconds = token ? Math.max(0, Math.round((token.expiresAt - now()) / 1000)) : 0
  return `Merchant token issued (valid for ${seconds} s).`
}
