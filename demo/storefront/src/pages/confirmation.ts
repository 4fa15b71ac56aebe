// Order confirmation: the order as Medusa recorded it.
import { cartStore } from "../api"
import { h, render } from "../dom"
import { lenderModule } from "../lenders"
import { formatMoney } from "../money"
import type { Shop } from "../shop"

export async function renderConfirmation(shop: Shop, page: HTMLElement, orderId: string): Promise<void> {
  const { order } = await shop.sdk.store.order.retrieve(orderId, {
    fields: "id,display_id,email,currency_code,total,*items,*payment_collections,*payment_collections.payments",
  })
  const cartId = (order as { cart_id?: string }).cart_id
  if (cartId && cartStore.get() === cartId) cartStore.clear()
  const providerId = order.payment_collections?.[0]?.payments?.[0]?.provider_id
  const paidWith = providerId ? (lenderModule(providerId)?.title ?? providerId) : null
  render(
    page,
    h(
      "section",
      { class: "confirmation", testid: "order-confirmation", "data-order-id": order.id },
      h("h1", null, "Thank you — your order is confirmed"),
      h("p", null, "Order number ", h("strong", { testid: "order-display-id" }, `#${order.display_id}`)),
      h("p", null, `A confirmation goes to ${order.email ?? "your e-mail address"}.`),
      h(
        "ul",
        { class: "lines" },
        (order.items ?? []).map((item) =>
          h("li", null, `${item.quantity} × ${item.product_title} (${item.variant_title})`),
        ),
      ),
      h(
        "p",
        { class: "total" },
        "Total ",
        h("strong", { testid: "order-total" }, formatMoney(order.total, order.currency_code)),
      ),
      paidWith ? h("p", { testid: "order-paid-with" }, `Paid with: ${paidWith}`) : null,
      h("p", null, h("a", { href: "/", "data-link": true }, "Continue shopping")),
    ),
  )
  void shop.refreshHeader()
}
