// Markup of the modal stand-in. Every interpolation goes through pages.html (escaped); the one
// script embeds its data with scriptJson so a transaction id cannot break out of it.
import type { SafeHtml } from "../html"
import type { LenderPages } from "../types"
import type { Checkout, SandboxUser, Transaction } from "./model"
import { scriptJson } from "./sdk-script"

const money = (cents: number) => `$${(cents / 100).toFixed(2)}`

export interface ModalView {
  base: string
  checkout: Checkout
  user?: SandboxUser
  tx?: Transaction
  terms?: { frequency: string; term: number; payment: number; cashPrice: number; costOfRental: number }
  blocker?: string
  available: number
  notice?: string
}

export function modalPage(pages: LenderPages, view: ModalView): SafeHtml {
  const { html } = pages
  const { checkout, user, tx, terms } = view
  const action = (path: string) => `${view.base}/checkouts/${checkout.id}/${path}`
  const notice = view.notice ? html`<p class="error" role="alert" data-testid="modal-error">${view.notice}</p>` : ""
  if (checkout.state !== "open") return html`${notice}<p data-testid="modal-closed">This session is closed.</p>`
  if (!user) {
    return html`${notice}<p>Sign in to your FlexShopper account to lease this order.</p>
<form method="post" action="${action("login")}" data-testid="login-form">
${pages.formFields([
  { name: "email", label: "Email", type: "email", required: true, autocomplete: "email" },
  { name: "password", label: "Password", type: "password", required: true, autocomplete: "current-password" },
])}
<div class="actions">${pages.button({ label: "Sign in", testId: "login" })}</div>
</form>`
  }
  const items = (tx?.lines ?? checkout.request.items.map((i) => ({ ...i }))).map(
    (line) =>
      html`<tr data-testid="modal-item"><td>${line.description}</td><td>${line.sku}</td><td>${line.quantity}</td><td>${money(line.costCents)}</td></tr>`,
  )
  const shipping = (tx?.lines ?? checkout.request.items).reduce((s, l) => s + l.shippingCents, 0)
  const header = html`<p data-testid="signed-in-as">Signed in as ${user.firstName} ${user.lastName.slice(0, 1)}. · available to spend ${money(view.available)}</p>
<table data-testid="modal-items"><thead><tr><th>Item</th><th>SKU</th><th>Qty</th><th>Each</th></tr></thead><tbody>${items}</tbody></table>
<p>Shipping ${money(shipping)} · <strong data-testid="modal-total">Total ${money(checkout.request.costCents)}</strong></p>`
  if (view.blocker || !tx) {
    return html`${notice}${header}<p class="error" data-testid="modal-blocked">${view.blocker ?? "This order cannot be leased."}</p>`
  }
  const deposit =
    tx.depositCents > 0 && !tx.depositPaid
      ? html`<fieldset data-testid="deposit"><legend>Security deposit ${money(tx.depositCents)}</legend>${pages.formFields(
          [{ name: "depositCard", label: "Card number", type: "text", autocomplete: "cc-number", required: true }],
        )}</fieldset>`
      : ""
  const termsText = terms
    ? html`<p data-testid="lease-terms">${terms.term} ${terms.frequency} payments of ${money(terms.payment)} · cash price ${money(terms.cashPrice)} · total cost of rental ${money(terms.costOfRental)}</p>`
    : ""
  return html`${notice}${header}${termsText}
<form method="post" action="${action("sign")}" data-testid="sign-form">
${deposit}
${pages.formFields([{ name: "signed", label: "I have read the lease-purchase agreement and sign it electronically", type: "checkbox", required: true }])}
<div class="actions">${pages.button({ label: "Sign lease", testId: "sign-lease" })}</div>
</form>
<form method="post" action="${action("cancel")}"><div class="actions">${pages.button({ label: "Cancel", testId: "cancel-lease", variant: "secondary" })}</div></form>`
}

export function resultPage(
  pages: LenderPages,
  view: { event: "sign" | "cancel"; data: Record<string, unknown>; origin?: string },
): SafeHtml {
  const { html, raw } = pages
  const message = { source: "flexshopper-pp3", event: view.event, data: view.data }
  // Posted only to the storefront origin the script reported, never to "*".
  const script = view.origin
    ? raw(
        `<script>(function(){var m=${scriptJson(message)};if(window.opener){window.opener.postMessage(m,${scriptJson(view.origin)});setTimeout(function(){window.close()},300)}})()</script>`,
      )
    : ""
  const text =
    view.event === "sign"
      ? "Your lease is signed. You can close this window."
      : "You left without signing. You can close this window."
  return html`<p data-testid="modal-result" data-event="${view.event}" data-payload="${JSON.stringify(view.data)}">${text}</p>${script}`
}
