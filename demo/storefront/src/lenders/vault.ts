// Vault invoice payments: the full amount at once, by card (CHECKOUT) or from the shopper's Vault
// balance (PLATFORM).
//   offer:     GET /store/financing/vault/payment-types
//   CHECKOUT:  stock payment-session route with data.type = "CHECKOUT" → data.checkout_url (hosted
//              card page) → /checkout/financing/success?lender=vault&cart_id=&order_id=  or
//              /checkout/financing/failure?lender=vault&cart_id=&reason=
//   PLATFORM:  POST /store/financing/vault/platform/sign-in { cart_id, phone, password } → accounts,
//              POST /store/financing/vault/platform/payment-session { cart_id, account_id },
//              POST /store/carts/:id/complete (Vault debits the account; insufficient funds → error)
import { completeCart, errorMessage } from "../api"
import { h, render } from "../dom"
import { formatMoney } from "../money"
import type { CheckoutContext, JourneyResult, LenderCheckoutModule } from "./types"

const PROVIDER_ID = "pp_vault_vault"
const PLATFORM = "/store/financing/vault/platform"
const ANOTHER_WAY = "Please choose another way to pay."

interface PaymentType {
  type: "CHECKOUT" | "PLATFORM" | "EXTERNAL"
  name: string
  description: string
}

interface VaultAccount {
  id: string
  name: string | null
  currency: string
  available_balance: string
  usable: boolean
  sufficient: boolean
}

const FAILURE_MESSAGES: Record<string, string> = {
  declined: "Your card payment was declined. Nothing has been charged.",
  authentication_failed: "Your bank could not authenticate the card payment (3-D Secure). Nothing has been charged.",
  expired: "The Vault payment expired before it was completed. Nothing has been charged.",
  cancelled: "The card payment was cancelled. Nothing has been charged.",
  verification_failed: "We could not verify the payment with Vault, so nothing was changed.",
  verification_unavailable:
    "Vault could not be reached to confirm the payment. If you were charged, your order will appear once Vault confirms it.",
  not_completed: "The payment went through, but the order could not be placed. Please contact us before paying again.",
  unknown_payment: "We could not match Vault's answer to your checkout, so nothing was changed.",
}

export function failureMessage(reason: string | null): string {
  return `${FAILURE_MESSAGES[reason ?? ""] ?? "Vault did not confirm the payment."} ${ANOTHER_WAY}`
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Card payment on the hosted page: a CHECKOUT session through Medusa's stock route, then redirect. */
async function payByCard(ctx: CheckoutContext): Promise<JourneyResult> {
  const cart = await ctx.refreshCart()
  const { payment_collection } = await ctx.sdk.store.payment.initiatePaymentSession(cart, {
    provider_id: PROVIDER_ID,
    data: { type: "CHECKOUT" },
  })
  const session = payment_collection.payment_sessions?.find((s) => s.provider_id === PROVIDER_ID)
  const checkoutUrl = session?.data?.checkout_url
  if (typeof checkoutUrl !== "string" || !/^https?:\/\//.test(checkoutUrl)) {
    return { kind: "failed", message: `Vault did not return a card payment page. ${ANOTHER_WAY}` }
  }
  location.assign(checkoutUrl)
  return { kind: "redirecting" }
}

/** Vault balance: sign in, pick an account, pay. Resolves when the order exists or the shopper gives up. */
function payFromBalance(ctx: CheckoutContext, finish: (result: JourneyResult) => void): void {
  const phone = h("input", {
    type: "tel",
    name: "phone",
    testid: "vault-phone",
    placeholder: "+447700900001",
    autocomplete: "tel",
    required: true,
  })
  const password = h("input", {
    type: "password",
    name: "password",
    testid: "vault-password",
    autocomplete: "current-password",
    required: true,
  })
  const signIn = h("button", { type: "submit", class: "primary", testid: "vault-sign-in" }, "Sign in to Vault")
  const form = h(
    "form",
    { class: "form vault-sign-in", testid: "vault-sign-in-form" },
    h("h3", null, "Sign in to Vault"),
    h("label", { class: "field" }, h("span", null, "Mobile number (international format)"), phone),
    h("label", { class: "field" }, h("span", null, "Vault password"), password),
    h("p", { class: "muted" }, "Your password goes to Vault only; this shop never stores it."),
    h("div", { class: "actions" }, cancelButton(ctx, finish), signIn),
  )
  form.addEventListener("submit", async (event) => {
    event.preventDefault()
    signIn.disabled = true
    ctx.notify("")
    try {
      const answer = await ctx.sdk.client.fetch<{ accounts: VaultAccount[] }>(`${PLATFORM}/sign-in`, {
        method: "POST",
        body: { cart_id: ctx.cart.id, phone: phone.value.trim(), password: password.value },
      })
      password.value = ""
      chooseAccount(ctx, answer.accounts, finish)
    } catch (error) {
      ctx.notify(`Vault sign-in failed: ${errorMessage(error)}`, "error")
      signIn.disabled = false
    }
  })
  render(ctx.mount, form)
}

function chooseAccount(ctx: CheckoutContext, accounts: VaultAccount[], finish: (result: JourneyResult) => void): void {
  const usable = accounts.filter((a) => a.usable)
  const preferred = usable.find((a) => a.sufficient) ?? usable[0]
  const pay = h(
    "button",
    { type: "submit", class: "primary", testid: "vault-pay", disabled: !usable.length },
    `Pay ${formatMoney(ctx.cart.total, ctx.cart.currency_code)}`,
  )
  const form = h(
    "form",
    { class: "form vault-accounts", testid: "vault-accounts" },
    h("h3", null, "Pay from your Vault balance"),
    usable.length
      ? null
      : h(
          "p",
          { testid: "vault-no-accounts" },
          `You have no Vault account in ${(ctx.cart.currency_code ?? "").toUpperCase()}.`,
        ),
    accounts.map((account) =>
      h(
        "label",
        {
          class: "choice",
          testid: "vault-account",
          "data-account-id": account.id,
          "data-sufficient": String(account.sufficient),
        },
        h("input", {
          type: "radio",
          name: "account",
          value: account.id,
          disabled: !account.usable,
          checked: account === preferred,
        }),
        h("span", null, `${account.name ?? "Account"} (${account.currency})`),
        h("strong", null, `${account.available_balance} ${account.currency}`),
        !account.usable
          ? h("small", { class: "muted" }, " other currency")
          : !account.sufficient
            ? h("small", { class: "muted" }, " balance too low")
            : null,
      ),
    ),
    h("div", { class: "actions" }, cancelButton(ctx, finish), pay),
  )
  form.addEventListener("submit", async (event) => {
    event.preventDefault()
    const accountId = form.querySelector<HTMLInputElement>('input[name="account"]:checked')?.value
    if (!accountId) return ctx.notify("Choose a Vault account to pay from.", "error")
    pay.disabled = true
    ctx.notify("Paying from your Vault account…", "info")
    try {
      await ctx.sdk.client.fetch(`${PLATFORM}/payment-session`, {
        method: "POST",
        body: { cart_id: ctx.cart.id, account_id: accountId },
      })
    } catch (error) {
      ctx.notify(`Vault could not start the payment: ${errorMessage(error)}`, "error")
      pay.disabled = false
      return
    }
    const completed = await completeCart(ctx.sdk, ctx.cart.id)
    if ("orderId" in completed) return finish({ kind: "order", orderId: completed.orderId })
    // Not enough money (or another refusal): nothing was debited; another account may do.
    const why = /INSUFFICIENT_FUNDS/.test(completed.error)
      ? "There is not enough money in this Vault account; nothing was taken."
      : completed.error
    ctx.notify(`${why} Choose another account or another way to pay.`, "error")
    pay.disabled = false
  })
  render(ctx.mount, form)
}

function cancelButton(ctx: CheckoutContext, finish: (result: JourneyResult) => void): HTMLButtonElement {
  return h(
    "button",
    {
      type: "button",
      class: "secondary",
      testid: "vault-cancel",
      onclick: () => {
        // Best effort: forget the Vault login kept for this cart.
        void ctx.sdk.client
          .fetch(`${PLATFORM}/sign-in`, { method: "DELETE", query: { cart_id: ctx.cart.id } })
          .catch(() => undefined)
        finish({ kind: "failed", message: "" })
      },
    },
    "Choose another way to pay",
  )
}

/** Vault answered "pending": the notification settles it shortly. Wait for the cart to complete. */
async function waitForSettlement(ctx: CheckoutContext): Promise<JourneyResult> {
  ctx.notify("Vault is still confirming your payment…", "info")
  for (let attempt = 0; attempt < 15; attempt++) {
    const cart = await ctx.refreshCart().catch(() => null)
    if (cart?.completed_at) {
      const completed = await completeCart(ctx.sdk, ctx.cart.id)
      if ("orderId" in completed) return { kind: "order", orderId: completed.orderId }
    }
    await sleep(2000)
  }
  return {
    kind: "failed",
    message:
      "Vault has not confirmed your payment yet. If you were charged, your order will be placed automatically once Vault confirms it.",
  }
}

const vault: LenderCheckoutModule = {
  providerId: PROVIDER_ID,
  title: "Pay with Vault",
  returnPaths: ["/checkout/financing"],

  async renderOffer(el: HTMLElement, ctx: CheckoutContext): Promise<void> {
    try {
      const { types } = await ctx.sdk.client.fetch<{ types: PaymentType[] }>("/store/financing/vault/payment-types")
      const offered = types.filter((t) => t.type !== "EXTERNAL")
      render(
        el,
        h("p", null, "Pay the full amount now, no credit check."),
        h(
          "ul",
          { class: "plans" },
          offered.map((t) =>
            h(
              "li",
              { testid: "vault-payment-type", "data-type": t.type },
              h("strong", null, t.name),
              ": ",
              t.description,
            ),
          ),
        ),
      )
    } catch {
      render(el, h("p", { class: "muted" }, "Pay the full amount by card or from your Vault balance."))
    }
  },

  start(ctx: CheckoutContext): Promise<JourneyResult> {
    return new Promise<JourneyResult>((resolve) => {
      const card = h("button", { type: "button", class: "primary", testid: "vault-pay-card" }, "Pay by card")
      const balance = h(
        "button",
        { type: "button", class: "secondary", testid: "vault-pay-balance" },
        "Pay from my Vault balance",
      )
      card.addEventListener("click", async () => {
        card.disabled = balance.disabled = true
        ctx.notify("Taking you to the secure card payment page…", "info")
        try {
          resolve(await payByCard(ctx))
        } catch (error) {
          resolve({
            kind: "failed",
            message: `Vault could not start the card payment: ${errorMessage(error)} ${ANOTHER_WAY}`,
          })
        }
      })
      balance.addEventListener("click", () => payFromBalance(ctx, resolve))
      render(
        ctx.mount,
        h(
          "div",
          { class: "vault-choice", testid: "vault-choice" },
          h("h3", null, "How would you like to pay with Vault?"),
          h("div", { class: "actions" }, cancelButton(ctx, resolve), balance, card),
        ),
      )
    })
  },

  async resume(ctx: CheckoutContext, url: URL): Promise<JourneyResult> {
    if (url.pathname.endsWith("/success")) {
      // The return route verified the payment with Vault and Checkout.com and placed the order.
      const orderId = url.searchParams.get("order_id")
      if (orderId) return { kind: "order", orderId }
      const completed = await completeCart(ctx.sdk, ctx.cart.id)
      if ("orderId" in completed) return { kind: "order", orderId: completed.orderId }
      return {
        kind: "failed",
        message: `Vault confirmed the payment, but the order could not be placed: ${completed.error}`,
      }
    }
    const reason = url.searchParams.get("reason")
    if (reason === "pending") return waitForSettlement(ctx)
    return { kind: "failed", message: failureMessage(reason) }
  },
}

export default vault
