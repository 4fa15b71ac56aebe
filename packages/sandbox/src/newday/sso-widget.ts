// Stand-in for NewDay's sign-in (SSO) widget: the shopper signs in to their NewPay account and
// the widget form-POSTs a serialised `payload` to the merchant's redirect_uri (the same
// hand-back the SCA widget uses, spec §5.3), carrying the customerRef and the customer access
// token the merchant sends as `customer-access-token` (spec §3.2 [INFERRED]).
import { randomBytes } from "node:crypto"
import type { Request, Response, Router } from "express"
import type { SimulatorContext } from "../types"
import type { NewDayState } from "./state"

export const ACCESS_TOKEN_TTL_MS = 60 * 60 * 1000

export function httpUrl(value: unknown): string | undefined {
  if (typeof value !== "string" || !value) return undefined
  try {
    const url = new URL(value)
    return url.protocol === "http:" || url.protocol === "https:" ? value : undefined
  } catch {
    return undefined
  }
}

export function registerSsoWidget(router: Router, ctx: SimulatorContext, state: NewDayState): void {
  const { html, formFields, hiddenFields, button } = ctx.pages
  const form = ctx.body.urlencoded()

  const loginPage = (res: Response, brand: string, redirectUri: string, error?: string) => {
    const customers = state.customers.list()
    ctx.pages.sendPage(res, {
      title: "Sign in to NewPay",
      status: error ? 422 : 200,
      body: html`${error ? html`<p class="error" role="alert" data-testid="sso-error">${error}</p>` : ""}
<form method="post" action="${ctx.baseUrl}/sso-widget/${brand}/login" data-testid="sso-form">
${hiddenFields({ redirect_uri: redirectUri })}
${formFields([
  { name: "email", label: "Email", type: "email", required: true, autocomplete: "username" },
  { name: "password", label: "Password (any value in the sandbox)", type: "password" },
])}
<div class="actions">${button({ label: "Sign in", testId: "sso-sign-in" })}${button({ label: "Cancel", testId: "sso-cancel", name: "action", value: "cancel", variant: "secondary" })}</div>
</form>
<h2>Test customers</h2>
<ul data-testid="sso-customers">${customers.map((c) => html`<li><code>${c.email}</code> — ${c.name}: ${c.note}</li>`)}</ul>`,
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

  router.get("/sso-widget/:brand/login", (req: Request, res: Response) => {
    const redirectUri = httpUrl(req.query.redirect_uri)
    if (!redirectUri) {
      return ctx.pages.sendPage(res, {
        title: "Sign-in unavailable",
        status: 400,
        body: "redirect_uri is missing or is not an http(s) URL.",
      })
    }
    loginPage(res, req.params.brand, redirectUri)
  })

  router.post("/sso-widget/:brand/login", form, (req: Request, res: Response) => {
    const redirectUri = httpUrl(req.body?.redirect_uri)
    if (!redirectUri) {
      return ctx.pages.sendPage(res, {
        title: "Sign-in unavailable",
        status: 400,
        body: "redirect_uri is missing or is not an http(s) URL.",
      })
    }
    if (req.body?.action === "cancel") {
      return handBack(
        res,
        redirectUri,
        { success: false, status: "cancelled", message: "The customer cancelled sign-in" },
        "Sign-in cancelled.",
      )
    }
    const email = String(req.body?.email ?? "")
      .trim()
      .toLowerCase()
    const customer = state.customers.find((c) => c.email === email)
    if (!customer)
      return loginPage(res, req.params.brand, redirectUri, "We couldn't find a NewPay account for that email.")
    const token = `ndat_${randomBytes(24).toString("base64url")}`
    state.accessTokens.set(token, {
      token,
      customerRef: customer.customerRef,
      expiresAtMs: ctx.clock.nowMs() + ACCESS_TOKEN_TTL_MS,
    })
    handBack(
      res,
      redirectUri,
      {
        success: true,
        status: "authenticated",
        message: "User successfully authenticated",
        customerRef: customer.customerRef,
        identityToken: token,
      },
      `Signed in as ${customer.name}.`,
    )
  })
}
