// Bearer tokens for Vault: one cached token per principal (the merchant, or one signed-in
// shopper), refreshed shortly BEFORE it expires, and refreshed at most once at a time however
// many calls are waiting — a burst of checkouts must not stampede the token endpoint, and a
// refresh token may only be spent once.
import type { VaultToken } from "./types"

export interface StoredToken {
  accessToken: string
  refreshToken?: string
  /** Epoch ms at which the access token stops working (by our clock). */
  expiresAt: number
}

export interface TokenManagerOptions {
  /** Obtains a brand-new token (password / client-credentials grant); absent for shoppers (no stored password). */
  obtain?: () => Promise<StoredToken>
  /** Exchanges a refresh token for a new token. */
  refresh?: (refreshToken: string) => Promise<StoredToken>
  /** Told about every new token, e.g. to persist a shopper's token server-side. */
  onToken?: (token: StoredToken) => Promise<void> | void
  initial?: StoredToken | null
  /** Refresh this long before expiry (default 60 s) so a token never dies mid-request. */
  refreshSkewMs?: number
  now?: () => number
  /** Says what to do when there is neither a token nor a way to get one. */
  missingTokenError?: () => Error
}

export function storedTokenFrom(token: VaultToken, now: number): StoredToken {
  const seconds = Number.isFinite(token.expires_in) && token.expires_in > 0 ? token.expires_in : 0
  return { accessToken: token.access_token, refreshToken: token.refresh_token, expiresAt: now + seconds * 1000 }
}

export class TokenManager {
  private current: StoredToken | null
  private inFlight: Promise<StoredToken> | null = null
  private readonly now: () => number
  private readonly skew: number

  constructor(private readonly options: TokenManagerOptions) {
    this.current = options.initial ?? null
    this.now = options.now ?? Date.now
    this.skew = options.refreshSkewMs ?? 60_000
  }

  /** A token that is valid for at least the skew window. */
  async accessToken(): Promise<string> {
    const token = this.current
    if (token && token.expiresAt - this.skew > this.now()) return token.accessToken
    return (await this.renew()).accessToken
  }

  /**
   * The lender refused `rejected` (401): renew unless someone already replaced it, so N calls
   * that all saw the same stale token cause one refresh, not N.
   */
  async replaceRejected(rejected: string): Promise<string> {
    if (this.current && this.current.accessToken !== rejected) return this.current.accessToken
    if (this.current?.accessToken === rejected) this.current = { ...this.current, expiresAt: 0 }
    return (await this.renew()).accessToken
  }

  snapshot(): StoredToken | null {
    return this.current ? { ...this.current } : null
  }

  private renew(): Promise<StoredToken> {
    this.inFlight ??= this.fetchNext().finally(() => {
      this.inFlight = null
    })
    return this.inFlight
  }

  private async fetchNext(): Promise<StoredToken> {
    const refreshToken = this.current?.refreshToken
    let next: StoredToken | undefined
    if (refreshToken && this.options.refresh) {
      try {
        next = await this.options.refresh(refreshToken)
      } catch (error) {
        // An expired or revoked refresh token: start over with the grant if we can.
        if (!this.options.obtain) throw error
      }
    }
    if (!next) {
      if (!this.options.obtain) {
        throw this.options.missingTokenError?.() ?? new Error("No Vault token and no way to obtain one")
      }
      next = await this.options.obtain()
    }
    // Refresh responses may omit the refresh token; keep the one we had.
    if (!next.refreshToken && refreshToken) next = { ...next, refreshToken }
    this.current = next
    await this.options.onToken?.(next)
    return next
  }
}
