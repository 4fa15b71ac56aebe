// POST /oauth/token (spec §3): form-encoded, X-Merchant-ID required, Spring-style OAuth answers.
// Grants: mobile_phone (a Vault user, documented), client_credentials (the merchant itself,
// [INFERRED]: the docs call the token call "client credentials") and refresh_token ([INFERRED]).
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto"
import type { Request, Response, Router } from "express"
import type { SimulatorContext } from "../types"
import { principalOf, requireBearer } from "./http"
import type { Principal, SimToken, VaultState } from "./model"
import type { VaultSimSettings } from "./settings"

function oauthError(res: Response, status: number, error: string, description: string): void {
  res.status(status).json({ error, error_description: description })
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/** undefined = no Basic header; false = a wrong one; true = the merchant's OAuth client. */
function basicClientValid(req: Request, settings: VaultSimSettings): boolean | undefined {
  const header = req.get("authorization")
  if (!header) return undefined
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header)
  if (!match) return false
  const [id, ...rest] = Buffer.from(match[1], "base64").toString("utf8").split(":")
  return sameText(id, settings.clientId) && sameText(rest.join(":"), settings.clientSecret)
}

export function registerOAuth(
  router: Router,
  ctx: SimulatorContext,
  state: VaultState,
  settings: VaultSimSettings,
): void {
  const signingKey = randomBytes(32)

  // A JWT-shaped access token like Vault's (the simulator only ever looks it up, never parses it).
  const jwt = (principal: Principal, expiresAt: number) => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url")
    const sub = principal.kind === "user" ? principal.userId : `merchant:${principal.merchantId}`
    const head = `${part({ alg: "HS256", typ: "JWT" })}.${part({ sub, exp: Math.floor(expiresAt / 1000), iat: Math.floor(ctx.clock.nowMs() / 1000), jti: randomUUID() })}`
    return `${head}.${createHmac("sha256", signingKey).update(head).digest("base64url")}`
  }

  const issue = (principal: Principal, res: Response) => {
    const now = ctx.clock.nowMs()
    const token: SimToken = {
      accessToken: "",
      refreshToken: randomBytes(20).toString("base64url"),
      principal,
      expiresAt: now + settings.tokenTtlSeconds * 1000,
      refreshExpiresAt: now + settings.refreshTtlSeconds * 1000,
      refreshUsed: false,
    }
    token.accessToken = jwt(principal, token.expiresAt)
    state.tokens.set(token.accessToken, token)
    res.json({
      access_token: token.accessToken,
      token_type: "bearer",
      refresh_token: token.refreshToken,
      expires_in: settings.tokenTtlSeconds,
      scope: "read write",
      jti: randomUUID(),
    })
  }

  router.post("/oauth/token", ctx.body.urlencoded(), (req, res) => {
    if (!req.is("application/x-www-form-urlencoded")) {
      return oauthError(res, 400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded")
    }
    const merchantId = req.get("x-merchant-id")
    if (!merchantId) return oauthError(res, 400, "invalid_request", "Missing required header X-Merchant-ID")
    if (merchantId !== settings.merchantId)
      return oauthError(res, 401, "invalid_client", "Unknown merchant (X-Merchant-ID)")
    const client = basicClientValid(req, settings)
    if (client === false) return oauthError(res, 401, "invalid_client", "Bad client credentials")

    const body = (req.body ?? {}) as Record<string, string>
    const grant = body.grant_type
    if (grant === "mobile_phone") {
      const user = state.users.find((u) => u.phone === body.number)
      if (!user || typeof body.password !== "string" || !sameText(body.password, user.password)) {
        return oauthError(res, 400, "invalid_grant", "Bad credentials")
      }
      return issue({ kind: "user", merchantId, userId: user.id }, res)
    }
    if (grant === "client_credentials") {
      if (client !== true)
        return oauthError(res, 401, "invalid_client", "client_credentials needs HTTP Basic client authentication")
      return issue({ kind: "merchant", merchantId }, res)
    }
    if (grant === "refresh_token") {
      const previous = state.tokens.find((t) => t.refreshToken === body.refresh_token)
      if (!previous || previous.refreshUsed || previous.refreshExpiresAt <= ctx.clock.nowMs()) {
        return oauthError(res, 400, "invalid_grant", "Invalid refresh token")
      }
      if (previous.principal.merchantId !== merchantId)
        return oauthError(res, 400, "invalid_grant", "Refresh token was issued to another merchant")
      previous.refreshUsed = true
      return issue(previous.principal, res)
    }
    return oauthError(res, 400, "unsupported_grant_type", `Unsupported grant type: ${grant ?? "(none)"}`)
  })

  // Documented sign-out [DOC V7]: revokes the presented access token.
  router.post("/signout", requireBearer(state, ctx.clock), (req, res) => {
    const token = (req.get("authorization") ?? "").replace(/^Bearer\s+/i, "")
    principalOf(req)
    state.tokens.delete(token)
    res.json({ result: "ok" })
  })
}
