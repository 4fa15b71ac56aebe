// Local SCA widget (spec §5.3, NewDay "SCA Widget"): takes `scaToken` and `redirect_uri`,
// "sends" an SMS one-time code, and form-POSTs a serialised `payload` to redirect_uri —
// on success { scaToken, success: true, status: "authenticated", message } with a NEW,
// upgraded token for Authorise; otherwise { success: false, status, message }.
import type { Request, Response, Router } from "express"
import type { SimulatorContext } from "../types"
import { newScaToken } from "./authorisation"
import { SANDBOX_OTP } from "./fixtures"
import { httpUrl } from "./sso-widget"
import type { NewDayState, ScaToken } from "./state"

const MAX_ATTEMPTS = 3

export function registerScaWidget(router: Router, ctx: SimulatorContext, state: NewDayState): void {
  const { html, formFields, hiddenFields, button } = ctx.pages
  const form = ctx.body.urlencoded()

  const pendingChallenge = (token: unknown): ScaToken | undefined => {
    const record = typeof token === "string" ? state.scaTokens.get(token) : undefined
    return record &&
      record.kind === "challenge" &&
      record.status === "pending" &&
      ctx.clock.nowMs() < record.expiresAtMs
      ? record
      : undefined
  }

  const codePage = (res: Response, brand: string, challenge: ScaToken, redirectUri: string, error?: string) => {
    const mobile = state.customers.get(challenge.customerRef)?.mobile ?? ""
    ctx.pages.sendPage(res, {
      title: "Confirm it's you",
      status: error ? 422 : 200,
      body: html`<p>We've sent a 6-digit code to your mobile ending <strong data-testid="sca-mobile">${mobile.slice(-4)}</strong>.</p>
${error ? html`<p class="error" role="alert" data-testid="sca-error">${error}</p>` : ""}
<form method="post" action="${ctx.baseUrl}/sca-widget/${brand}/identity" data-testid="sca-form">
${hiddenFields({ redirect_uri: redirectUri, scaToken: challenge.token })}
${formFields([{ name: "code", label: "Security code", type: "text", autocomplete: "one-time-code", hint: `Sandbox code: ${SANDBOX_OTP}` }])}
<div class="actions">${button({ label: "Confirm", testId: "sca-confirm" })}${button({ label: "That's not my number", testId: "sca-not-my-number", name: "action", value: "not_my_number", variant: "secondary" })}</div>
</form>`,
    })
  }

  const handBack = (res: Response, redirectUri: string, payload: Record<string, unknown>, message: string) =>
    ctx.pages.postFormPage(res, {
      title: "Returning to the store",
      action: redirectUri,
      fields: { payload: JSON.stringify(payload) },
      message,
      autoSubmit: true,
    })

  const unusable = (res: Response, status: number, detail: string) =>
    ctx.pages.sendPage(res, {
      title: "Authentication unavailable",
      status,
      body: html`<p data-testid="sca-unavailable">${detail}</p>`,
    })

  router.get("/sca-widget/:brand/identity", (req: Request, res: Response) => {
    const redirectUri = httpUrl(req.query.redirect_uri)
    if (!redirectUri) return unusable(res, 400, "redirect_uri is missing or is not an http(s) URL.")
    const challenge = pendingChallenge(req.query.scaToken)
    if (!challenge) return unusable(res, 410, "This authentication request has expired or was already completed.")
    codePage(res, req.params.brand, challenge, redirectUri)
  })

  router.post("/sca-widget/:brand/identity", form, (req: Request, res: Response) => {
    const redirectUri = httpUrl(req.body?.redirect_uri)
    if (!redirectUri) return unusable(res, 400, "redirect_uri is missing or is not an http(s) URL.")
    const challenge = pendingChallenge(req.body?.scaToken)
    if (!challenge) return unusable(res, 410, "This authentication request has expired or was already completed.")

    if (req.body?.action === "not_my_number") {
      challenge.status = "failed"
      return handBack(
        res,
        redirectUri,
        { success: false, status: "not_my_number", message: "The customer did not recognise the mobile number" },
        "Authentication stopped.",
      )
    }
    if (String(req.body?.code ?? "").trim() !== SANDBOX_OTP) {
      challenge.attempts++
      if (challenge.attempts >= MAX_ATTEMPTS) {
        challenge.status = "failed"
        return handBack(
          res,
          redirectUri,
          { success: false, status: "too_many_attempts", message: "Too many incorrect codes" },
          "Authentication failed.",
        )
      }
      return codePage(
        res,
        req.params.brand,
        challenge,
        redirectUri,
        `That code is not right. ${MAX_ATTEMPTS - challenge.attempts} attempt(s) left.`,
      )
    }
    challenge.status = "authenticated"
    const upgraded: ScaToken = {
      ...challenge,
      token: newScaToken(),
      kind: "authenticated",
      status: "authenticated",
      attempts: 0,
    }
    state.scaTokens.set(upgraded.token, upgraded)
    ctx.ledger.record({ type: "sca-authenticated", ref: challenge.customerRef })
    handBack(
      res,
      redirectUri,
      { scaToken: upgraded.token, success: true, status: "authenticated", message: "User successfully authenticated" },
      "Authenticated.",
    )
  })
}
