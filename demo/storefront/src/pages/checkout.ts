// Checkout: address → shipping → payment, one step at a time (?step=), with the order summary
// alongside. The first unfinished step is shown unless the URL names one already reachable.
import type { HttpTypes } from "@medusajs/types"
import { currentCart } from "../api"
import { h, render } from "../dom"
import { formatMoney } from "../money"
import type { Shop } from "../shop"
import { renderAddressStep } from "./checkout-address"
import { renderPaymentStep } from "./checkout-payment"
import { renderShippingStep } from "./checkout-shipping"

const STEPS = ["address", "shipping", "payment"] as const
type Step = (typeof STEPS)[number]

export async function renderCheckout(
  shop: Shop,
  page: HTMLElement,
  requested: string | null,
  isCurrent: () => boolean,
): Promise<void> {
  const cart = await currentCart(shop.sdk)
  if (!isCurrent()) return
  if (!cart || !(cart.items ?? []).length) {
    render(
      page,
      h("h1", null, "Checkout"),
      h(
        "p",
        { testid: "checkout-empty" },
        "Your cart is empty. ",
        h("a", { href: "/", "data-link": true }, "Continue shopping"),
      ),
    )
    return
  }
  const step = chooseStep(cart, requested)
  const body = h("section", { class: "checkout-step", testid: `checkout-step-${step}` })
  render(
    page,
    h("h1", null, "Checkout"),
    h(
      "ol",
      { class: "steps" },
      STEPS.map((s) =>
        h(
          "li",
          { class: s === step ? "current" : STEPS.indexOf(s) < STEPS.indexOf(step) ? "done" : "" },
          s[0].toUpperCase() + s.slice(1),
        ),
      ),
    ),
    h("div", { class: "checkout-layout" }, body, orderSummary(cart)),
  )
  const go = (next: Step) => shop.navigate(`/checkout?step=${next}`)
  if (step === "address") return renderAddressStep(shop, body, cart, () => go("shipping"))
  if (step === "shipping")
    return renderShippingStep(
      shop,
      body,
      cart,
      () => go("payment"),
      () => go("address"),
    )
  return renderPaymentStep(shop, body, cart, { back: () => go("shipping") })
}

function reached(cart: HttpTypes.StoreCart): Step {
  const address = cart.shipping_address
  if (!cart.email || !address?.address_1 || !address.postal_code || !cart.billing_address?.address_1) return "address"
  if (!(cart.shipping_methods ?? []).length) return "shipping"
  return "payment"
}

function chooseStep(cart: HttpTypes.StoreCart, requested: string | null): Step {
  const furthest = reached(cart)
  const wanted = STEPS.find((s) => s === requested)
  return wanted && STEPS.indexOf(wanted) <= STEPS.indexOf(furthest) ? wanted : furthest
}

export function orderSummary(cart: HttpTypes.StoreCart): HTMLElement {
  const money = (amount: number | undefined) => formatMoney(amount ?? 0, cart.currency_code)
  return h(
    "aside",
    { class: "cart-panel", testid: "order-summary" },
    h("h2", null, "Order summary"),
    h(
      "ul",
      { class: "lines" },
      (cart.items ?? []).map((item) =>
        h(
          "li",
          null,
          `${item.quantity} × ${item.product_title} (${item.variant_title})`,
          h("span", null, money(item.subtotal ?? undefined)),
        ),
      ),
    ),
    h("p", null, "Items ", h("span", null, money(cart.item_subtotal))),
    h(
      "p",
      null,
      "Shipping ",
      h("span", null, (cart.shipping_methods ?? []).length ? money(cart.shipping_subtotal) : "—"),
    ),
    cart.tax_total ? h("p", null, "Tax ", h("span", null, money(cart.tax_total))) : null,
    h("p", { class: "total" }, "Total ", h("strong", { testid: "checkout-total" }, money(cart.total))),
  )
}
