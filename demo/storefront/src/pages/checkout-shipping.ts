// Shipping step: the cart's shipping options as radios.
import type { HttpTypes } from "@medusajs/types"
import { errorMessage } from "../api"
import { h, render } from "../dom"
import { formatMoney } from "../money"
import type { Shop } from "../shop"

export async function renderShippingStep(
  shop: Shop,
  el: HTMLElement,
  cart: HttpTypes.StoreCart,
  done: () => void,
  back: () => void,
): Promise<void> {
  render(el, h("p", { class: "muted" }, "Loading delivery options…"))
  const { shipping_options: options } = await shop.sdk.store.fulfillment.listCartOptions({ cart_id: cart.id })
  const chosen = cart.shipping_methods?.[0]?.shipping_option_id ?? options[0]?.id
  const alert = h("p", { class: "alert", hidden: true, "data-tone": "error", testid: "shipping-alert" })
  const submit = h(
    "button",
    { type: "submit", class: "primary", testid: "shipping-continue", disabled: !options.length },
    "Continue to payment",
  )
  const form = h(
    "form",
    { class: "form", testid: "shipping-form" },
    h("h2", null, "Delivery"),
    options.length
      ? options.map((option) =>
          h(
            "label",
            { class: "choice" },
            h("input", {
              type: "radio",
              name: "shipping_option",
              value: option.id,
              testid: "shipping-option",
              checked: option.id === chosen,
            }),
            h("span", null, option.name),
            h(
              "strong",
              null,
              formatMoney(option.calculated_price?.calculated_amount ?? option.amount, cart.currency_code),
            ),
          ),
        )
      : h("p", { testid: "no-shipping" }, "We cannot deliver to this address. Go back and check the country."),
    alert,
    h("div", { class: "actions" }, h("button", { type: "button", class: "secondary", onclick: back }, "Back"), submit),
  )
  form.addEventListener("submit", async (event) => {
    event.preventDefault()
    const picked = form.querySelector<HTMLInputElement>('input[name="shipping_option"]:checked')
    if (!picked) return
    submit.disabled = true
    try {
      await shop.sdk.store.cart.addShippingMethod(cart.id, { option_id: picked.value })
      done()
    } catch (error) {
      alert.textContent = `This delivery option could not be chosen: ${errorMessage(error)}`
      alert.hidden = false
      submit.disabled = false
    }
  })
  render(el, form)
}
