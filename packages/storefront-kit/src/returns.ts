// Where shoppers come back from a lender. Point the backend's storefront return URLs at one route
// of the store, `/api/financing/<lender>/<outcome>` (docs/storefront/official-starter.md lists the
// variables); its handler finds the order, or sends the shopper back to the payment step with a
// reason code that checkoutNotice() turns into the lender's message. The query string of a return
// is a hint only: the order comes from completing the cart (safe to repeat: Medusa answers with the
// existing order), and the message shown is ours, chosen by a short code, never text from the URL.
import type Medusa from "@medusajs/js-sdk"
import { PROVIDER_IDS, type LenderSlug } from "./client"

export const LENDER_NAMES: Record<LenderSlug, string> = {
  "payment-assist": "Payment Assist",
  flexshopper: "FlexShopper",
  newday: "NewDay NewPay",
  vault: "Vault",
}

const ANOTHER_WAY = "Please choose another way to pay."

/** Each lender's return reasons in plain words (the codes the plugin's return routes send). */
const REASONS: Record<LenderSlug, Record<string, string>> = {
  "payment-assist": {
    declined: "Payment Assist did not approve the application, or it was cancelled. Nothing has been charged.",
    expired: "Your Payment Assist application expired before it was finished. Nothing has been charged.",
    not_completed: "The Payment Assist application was not finished. Nothing has been charged.",
    invalid_signature: "We could not verify Payment Assist's answer, so nothing was changed.",
    unknown_application: "We could not match Payment Assist's answer to your checkout, so nothing was changed.",
    processing_error: "Something went wrong while confirming your Payment Assist application.",
  },
  flexshopper: {
    declined: "FlexShopper did not approve the lease. Nothing has been charged.",
    left: "You left FlexShopper without signing, so no lease was made.",
  },
  newday: {
    cancelled: "You cancelled signing in to NewDay.",
    canceled: "You cancelled signing in to NewDay.",
    customer_not_verified: "NewDay could not confirm your NewPay account.",
    cart_completed: "This basket has already been ordered.",
    not_my_number: "NewDay stopped the security check because you didn't recognise the mobile number.",
    too_many_attempts: "NewDay stopped the security check after too many incorrect codes.",
    already_used: "That NewDay security check was already used.",
    declined: "NewDay declined the payment.",
    sca_required: "NewDay still needs to confirm it's you.",
  },
  vault: {
    declined: "Your card payment was declined. Nothing has been charged.",
    authentication_failed: "Your bank could not authenticate the card payment (3-D Secure). Nothing has been charged.",
    expired: "The Vault payment expired before it was completed. Nothing has been charged.",
    cancelled: "The card payment was cancelled. Nothing has been charged.",
    verification_failed: "We could not verify the payment with Vault, so nothing was changed.",
    verification_unavailable:
      "Vault could not be reached to confirm the payment. If you were charged, your order will appear once Vault confirms it.",
    pending:
      "Vault is still confirming your payment. If you were charged, your order will be placed once Vault confirms it.",
    unknown_payment: "We could not match Vault's answer to your checkout, so nothing was changed.",
  },
}

/** Reasons the return handler itself uses, for every lender. */
const COMMON: Record<string, string> = {
  not_completed: "The payment was confirmed, but the order could not be placed. Please contact us before paying again.",
  no_cart: "We could not find your basket after the payment step.",
}

export function lenderFromSlug(value: string | null | undefined): LenderSlug | undefined {
  return value && Object.prototype.hasOwnProperty.call(PROVIDER_IDS, value) ? (value as LenderSlug) : undefined
}

/** The sentence a shopper reads for a lender's return reason. */
export function reasonMessage(lender: LenderSlug, reason: string | null | undefined): string {
  const key = reason ?? ""
  // Own keys only: a reason such as "constructor" must not reach Object.prototype.
  const own = (table: Record<string, string>) =>
    Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined
  const known = own(REASONS[lender]) ?? own(COMMON)
  return `${known ?? `${LENDER_NAMES[lender]} did not confirm the payment. Nothing has been charged.`} ${ANOTHER_WAY}`
}

export type FinancingReturn =
  | { lender: LenderSlug; outcome: "success"; cartId: string | null }
  | { lender: LenderSlug; outcome: "signed_in"; cartId: string | null }
  | { lender: LenderSlug; outcome: "failure"; cartId: string | null; reason: string }

const CODE = /^[a-z][a-z0-9_]{0,39}$/
const code = (value: string | null) => (value && CODE.test(value) ? value : "unknown")
const CART_ID = /^cart_[0-9A-Za-z]{10,40}$/

/** Reads a return URL: /…/financing/<lender>[/<success|failure>]?cart_id=…&reason=… (NewDay: ?newday=<step>). */
export function readFinancingReturn(url: URL): FinancingReturn | undefined {
  const segments = url.pathname.split("/").filter(Boolean)
  const index = segments.findIndex((segment) => !!lenderFromSlug(segment))
  const lender = index >= 0 ? lenderFromSlug(segments[index]) : undefined
  if (!lender) return undefined
  const rawCart = url.searchParams.get("cart_id")
  const cartId = rawCart && CART_ID.test(rawCart) ? rawCart : null
  if (lender === "newday") {
    const step = url.searchParams.get("newday") ?? ""
    if (step === "authorised") return { lender, outcome: "success", cartId }
    if (step === "signed_in") return { lender, outcome: "signed_in", cartId }
    return { lender, outcome: "failure", cartId, reason: code(url.searchParams.get("reason")) }
  }
  const outcome = segments[index + 1]
  if (outcome === "success") return { lender, outcome: "success", cartId }
  return { lender, outcome: "failure", cartId, reason: code(url.searchParams.get("reason")) }
}

export interface ReturnHandlerOptions {
  sdk: Medusa
  /** Country code for the checkout path when the cart has no shipping address (the starter's NEXT_PUBLIC_DEFAULT_REGION). */
  defaultCountryCode?: string
  /** The store's cart cookie, cleared once the order exists (the starter's is "_medusa_cart_id"). */
  cartCookie?: string
  /** Where the checkout lives; default "/<country>/checkout" (the starter's). */
  checkoutPath?: (countryCode: string) => string
  /** The order confirmation; default "/<country>/order/<id>/confirmed" (the starter's). */
  orderPath?: (countryCode: string, orderId: string) => string
}

/**
 * A route handler (Web Request → Response, as Next.js App Router route handlers are) for every
 * lender's return. Use it as `export const GET = createFinancingReturnHandler({ sdk })`.
 */
export function createFinancingReturnHandler(options: ReturnHandlerOptions) {
  const checkoutPath = options.checkoutPath ?? ((cc: string) => `/${cc}/checkout`)
  const orderPath = options.orderPath ?? ((cc: string, id: string) => `/${cc}/order/${id}/confirmed`)
  const cookie = options.cartCookie ?? "_medusa_cart_id"
  const fallbackCountry = (options.defaultCountryCode ?? "gb").toLowerCase()

  const redirect = (request: Request, path: string, headers: Record<string, string> = {}) =>
    new Response(null, {
      status: 303,
      headers: { location: new URL(path, request.url).toString(), "cache-control": "no-store", ...headers },
    })

  async function countryOf(cartId: string | null): Promise<string> {
    if (!cartId) return fallbackCountry
    try {
      const { cart } = await options.sdk.store.cart.retrieve(cartId, { fields: "id,shipping_address.country_code" })
      return cart.shipping_address?.country_code?.toLowerCase() || fallbackCountry
    } catch {
      return fallbackCountry
    }
  }

  // The shopper arrives here from the lender's site, a cross-site navigation: the starter's cart
  // cookie is SameSite=Strict, so a redirect straight to the checkout would load it without the
  // cart. A page of our own that moves on by itself makes the next request same-site again.
  const backToPayment = (request: Request, country: string, lender: LenderSlug, params: Record<string, string>) => {
    const query = new URLSearchParams({ step: "payment", financing: lender, ...params })
    const target = new URL(`${checkoutPath(country)}?${query}`, request.url).toString()
    return new Response(bouncePage(target), {
      status: 200,
      headers: {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "referrer-policy": "no-referrer",
      },
    })
  }

  return async function GET(request: Request): Promise<Response> {
    const back = readFinancingReturn(new URL(request.url))
    if (!back) return new Response("Not a financing return.", { status: 404 })
    const country = await countryOf(back.cartId)
    if (!back.cartId) return backToPayment(request, country, back.lender, { reason: "no_cart" })
    if (back.outcome === "failure") return backToPayment(request, country, back.lender, { reason: back.reason })
    if (back.outcome === "signed_in") return backToPayment(request, country, back.lender, { signed_in: "1" })
    try {
      const result = await options.sdk.store.cart.complete(back.cartId)
      if (result.type === "order") {
        const orderCountry = result.order.shipping_address?.country_code?.toLowerCase() || country
        // The basket is now an order: the store starts a new cart on the next visit.
        return redirect(request, orderPath(orderCountry, result.order.id), {
          "set-cookie": `${cookie}=; Path=/; Max-Age=0; SameSite=Lax`,
        })
      }
    } catch {
      // Falls through: the shopper is told the order could not be placed.
    }
    return backToPayment(request, country, back.lender, { reason: "not_completed" })
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** Moves on to `target` (same origin, built by the handler) as a same-site navigation. */
export function bouncePage(target: string): string {
  const href = escapeHtml(target)
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}"><title>Back to checkout</title></head><body><p><a href="${href}" data-testid="financing-back-to-checkout">Back to checkout</a></p></body></html>`
}

export interface CheckoutNotice {
  lender: LenderSlug
  providerId: string
  tone: "info" | "error"
  message: string
  /** NewDay: the shopper signed in and continues with their spend options. */
  resume: boolean
}

/** What the payment step shows after a return: from the query the handler set. */
export function checkoutNotice(params: { get(name: string): string | null }): CheckoutNotice | undefined {
  const lender = lenderFromSlug(params.get("financing"))
  if (!lender) return undefined
  const providerId = PROVIDER_IDS[lender]
  if (params.get("signed_in") === "1") {
    return {
      lender,
      providerId,
      tone: "info",
      resume: true,
      message: `You're signed in to ${LENDER_NAMES[lender]}: choose how to pay below.`,
    }
  }
  const reason = params.get("reason")
  if (!reason) return undefined
  return { lender, providerId, tone: "error", resume: false, message: reasonMessage(lender, code(reason)) }
}

/** Where a kit journey sends the shopper once the order exists (the same handler finds it). */
export function orderReturnPath(lender: LenderSlug, cartId: string, base = "/api/financing"): string {
  return `${base}/${lender}/success?${new URLSearchParams({ cart_id: cartId })}`
}
