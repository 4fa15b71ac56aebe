// NewDay NewPay (UK credit) in the demo storefront, in the order the README's "Storefront
// integration" gives: the spend-option illustration under the payment option; sign-in on
// NewDay's widget (a full-page visit that comes back to /checkout?…&newday=signed_in); the
// shopper's own spend options plus their NewPay credit line (revolving credit: no spend option);
// the payment session for the chosen one; cart completion. When
// NewDay wants strong customer authentication Medusa answers the completion with a 400: the
// session then holds the SCA widget URL, the shopper goes there, and the backend places the
// order itself and sends them to /order/confirmed?…&newday=authorised (or back with a reason).
import { el } from "../dom"
import { errorText, httpStatus, newDayApi, poundsText, NEWDAY_PROVIDER_ID, type NewDaySpendOptions } from "./newday-api"
import { choiceScreen, offerView } from "./newday-view"
import type { CheckoutContext, JourneyResult, LenderCheckoutModule } from "./types"

const ANOTHER_WAY = "Choose another way to pay."
const failed = (message: string): JourneyResult => ({ kind: "failed", message: `${message} ${ANOTHER_WAY}` })

/** What the backend's `newday=<step>_failed&reason=<code>` means for the shopper. */
const REASONS: Record<string, string> = {
  cancelled: "You cancelled signing in to NewDay.",
  canceled: "You cancelled signing in to NewDay.",
  customer_not_verified: "NewDay could not confirm your NewPay account.",
  cart_completed: "This basket has already been ordered.",
  not_my_number: "NewDay stopped the security check because you didn't recognise the mobile number.",
  too_many_attempts: "NewDay stopped the security check after too many incorrect codes.",
  already_used: "That NewDay security check was already used.",
  declined: "NewDay declined the payment.",
  sca_required: "NewDay still needs to confirm it's you.",
}

function failureMessage(step: string, reason: string): string {
  const known = REASONS[reason]
  if (known) return known
  if (step === "sign_in_failed") return "Signing in to NewDay did not work."
  if (step === "sca_failed") return "NewDay could not confirm it's you."
  return "NewDay could not authorise the payment."
}

/** Sends the shopper to NewDay's sign-in widget; they come back to /checkout?…&newday=signed_in. */
async function signIn(ctx: CheckoutContext): Promise<JourneyResult> {
  try {
    const { sign_in_url } = await newDayApi(ctx.sdk, ctx.cart.id).signIn()
    if (!/^https?:\/\//.test(sign_in_url)) return failed("NewDay's sign-in page address is not valid.")
    ctx.mount.replaceChildren(
      el("p", { class: "lender-status", "data-testid": "newday-status" }, "Taking you to NewDay to sign in…"),
    )
    window.location.assign(sign_in_url)
    return { kind: "redirecting" }
  } catch (error) {
    return failed(errorText(error, "NewDay sign-in is not available right now."))
  }
}

/** After sign-in: the shopper's own options, the session for the chosen one, then completion. */
async function chooseAndPay(ctx: CheckoutContext, offered: NewDaySpendOptions): Promise<JourneyResult> {
  const api = newDayApi(ctx.sdk, ctx.cart.id)
  // No instalment options still leaves the shopper's revolving credit, which the screen always offers.
  const screen = choiceScreen(ctx.mount, offered)
  for (;;) {
    const choice = await screen.next()
    if (choice.kind === "leave") return { kind: "failed", message: `You left NewDay NewPay. ${ANOTHER_WAY}` }
    if (choice.kind === "switch-account") return signIn(ctx)
    screen.setBusy(true, "Asking NewDay to authorise the payment…")
    try {
      await api.choose(choice.spendOptionId)
    } catch (error) {
      // A stale or unknown option: the shopper can pick again.
      screen.setBusy(false)
      screen.showError(errorText(error, "NewDay did not accept that option."))
      continue
    }
    return complete(ctx, api)
  }
}

/** The shopper's options when NewDay already knows them for this cart (signed in), else undefined. */
async function signedInOptions(ctx: CheckoutContext): Promise<NewDaySpendOptions | undefined> {
  try {
    return await newDayApi(ctx.sdk, ctx.cart.id).spendOptions()
  } catch (error) {
    if (/sign in with NewDay/i.test(errorText(error, ""))) return undefined
    throw error
  }
}

async function complete(ctx: CheckoutContext, api: ReturnType<typeof newDayApi>): Promise<JourneyResult> {
  try {
    const completed = await ctx.sdk.store.cart.complete(ctx.cart.id)
    if (completed.type === "order") return { kind: "order", orderId: completed.order.id }
    return failed(completed.error?.message ?? "NewDay did not authorise the payment.")
  } catch (error) {
    // Medusa 2.21 answers "SCA required" with a 400; the session then carries the widget URL.
    const widget = httpStatus(error) === 400 ? await api.scaWidgetUrl().catch(() => undefined) : undefined
    if (!widget) return failed(errorText(error, "The order could not be placed."))
    ctx.mount.replaceChildren(
      el(
        "p",
        { class: "lender-status", "data-testid": "newday-status" },
        "NewDay needs to confirm it's you. Taking you to NewDay…",
      ),
    )
    window.location.assign(widget)
    return { kind: "redirecting" }
  }
}

const announced = new Set<string>()

/** A NewDay return that landed on the payment step: say what happened, once per visit. */
function announceReturn(ctx: CheckoutContext): void {
  const url = new URL(window.location.href)
  const step = url.searchParams.get("newday")
  if (!step || url.searchParams.get("cart_id") !== ctx.cart.id || announced.has(url.search)) return
  announced.add(url.search)
  if (step === "signed_in")
    ctx.notify("You're signed in to NewDay NewPay: choose it below and continue to pick how to pay.", "info")
  else if (step.endsWith("_failed"))
    ctx.notify(`${failureMessage(step, url.searchParams.get("reason") ?? "")} ${ANOTHER_WAY}`, "error")
}

const newday: LenderCheckoutModule = {
  providerId: NEWDAY_PROVIDER_ID,
  title: "Pay monthly with NewDay NewPay",
  // NewDay's default signed-in and failure URLs are /checkout?step=payment&cart_id&newday=…,
  // the app's own checkout path: "/checkout?newday" asks the router to treat it as a return only
  // when the `newday` parameter is there. A router that matches pathnames only never matches it,
  // and then renderOffer reports the outcome on the payment step instead (see below).
  returnPaths: ["/order/confirmed", "/checkout?newday"],

  async renderOffer(target: HTMLElement, ctx: CheckoutContext) {
    announceReturn(ctx)
    try {
      target.replaceChildren(
        offerView(await newDayApi(ctx.sdk, ctx.cart.id).productOptions(poundsText(ctx.cart.total))),
      )
    } catch {
      target.replaceChildren(el("span", { class: "lender-offer" }, "Spread the cost with NewDay NewPay credit (UK)."))
    }
  },

  async start(ctx: CheckoutContext) {
    let offered
    try {
      offered = await signedInOptions(ctx)
    } catch (error) {
      return failed(errorText(error, "NewDay NewPay is not available right now."))
    }
    return offered ? chooseAndPay(ctx, offered) : signIn(ctx)
  },

  async resume(ctx: CheckoutContext, url: URL) {
    const step = url.searchParams.get("newday") ?? ""
    const cartId = url.searchParams.get("cart_id")
    if (cartId && cartId !== ctx.cart.id) return failed("That NewDay visit was for another basket.")
    if (step === "authorised") {
      const orderId = url.searchParams.get("order_id") ?? ""
      // The id only selects which order the confirmation page loads from Medusa.
      return /^order_[A-Za-z0-9]+$/.test(orderId)
        ? { kind: "order", orderId }
        : failed("NewDay authorised the payment but the order could not be found.")
    }
    if (step === "signed_in") {
      const offered = await signedInOptions(ctx).catch(() => undefined)
      return offered ? chooseAndPay(ctx, offered) : failed("NewDay did not keep your sign-in; sign in again.")
    }
    if (step.endsWith("_failed")) return failed(failureMessage(step, url.searchParams.get("reason") ?? ""))
    return failed("NewDay sent you back without a result.")
  },
}

export default newday
