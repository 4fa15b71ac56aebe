// Address step: e-mail and one address used for shipping and billing (the lenders read the
// billing address from the cart on the server).
import type { HttpTypes } from "@medusajs/types"
import { errorMessage } from "../api"
import { field, h, render } from "../dom"
import type { Shop } from "../shop"

export function renderAddressStep(shop: Shop, el: HTMLElement, cart: HttpTypes.StoreCart, done: () => void): void {
  const address = cart.shipping_address
  const input = (testid: string, name: string, value: string | null | undefined, extra: Record<string, unknown> = {}) =>
    h("input", { testid, name, value: value ?? "", required: true, ...extra })
  const email = input("checkout-email", "email", cart.email, { type: "email", autocomplete: "email" })
  const firstName = input("address-first-name", "first_name", address?.first_name, { autocomplete: "given-name" })
  const lastName = input("address-last-name", "last_name", address?.last_name, { autocomplete: "family-name" })
  const line1 = input("address-line1", "address_1", address?.address_1, { autocomplete: "address-line1" })
  const city = input("address-city", "city", address?.city, { autocomplete: "address-level2" })
  const postalCode = input("address-postal-code", "postal_code", address?.postal_code, { autocomplete: "postal-code" })
  const phone = input("address-phone", "phone", address?.phone, { type: "tel", autocomplete: "tel" })
  const countries = cart.region?.countries ?? []
  const country = h(
    "select",
    { testid: "address-country", name: "country_code", required: true },
    countries.map((c) =>
      h(
        "option",
        { value: c.iso_2 ?? "", selected: c.iso_2 === (address?.country_code ?? countries[0]?.iso_2) },
        c.display_name ?? c.iso_2 ?? "",
      ),
    ),
  )
  const alert = h("p", { class: "alert", hidden: true, "data-tone": "error", testid: "address-alert" })
  const submit = h("button", { type: "submit", class: "primary", testid: "address-continue" }, "Continue to shipping")

  const form = h(
    "form",
    { class: "form", testid: "address-form" },
    h("h2", null, "Contact and delivery"),
    field("E-mail", email),
    h("div", { class: "row" }, field("First name", firstName), field("Last name", lastName)),
    field("Address", line1),
    h("div", { class: "row" }, field("Town or city", city), field("Postcode / ZIP", postalCode)),
    h("div", { class: "row" }, field("Country", country), field("Phone", phone)),
    h("p", { class: "muted" }, "Used for delivery and as your billing address, which lenders check."),
    alert,
    submit,
  )
  form.addEventListener("submit", async (event) => {
    event.preventDefault()
    submit.disabled = true
    alert.hidden = true
    const entered = {
      first_name: firstName.value.trim(),
      last_name: lastName.value.trim(),
      address_1: line1.value.trim(),
      city: city.value.trim(),
      postal_code: postalCode.value.trim(),
      country_code: country.value,
      phone: phone.value.trim(),
    }
    try {
      await shop.sdk.store.cart.update(cart.id, {
        email: email.value.trim(),
        shipping_address: entered,
        billing_address: entered,
      })
      done()
    } catch (error) {
      alert.textContent = `Your details could not be saved: ${errorMessage(error)}`
      alert.hidden = false
      submit.disabled = false
    }
  })
  render(el, form)
}
