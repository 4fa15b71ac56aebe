// Entry point: configuration first (/config.json), then the sdk, then whatever page the URL names.
import { createSdk, currentCart, errorMessage, loadConfig } from "./api"
import { h, render } from "./dom"
import { lenderModules } from "./lenders"
import { renderCheckout } from "./pages/checkout"
import { renderConfirmation } from "./pages/confirmation"
import { renderLenderReturn } from "./pages/lender-return"
import { renderProducts } from "./pages/products"
import { interceptLinks, matchRoute, onNavigate } from "./router"
import { createShop, type Shop } from "./shop"

async function main(): Promise<void> {
  const root = document.getElementById("app")!
  const cartCount = document.getElementById("cart-count")!
  interceptLinks(document.body)

  let config
  try {
    config = await loadConfig()
  } catch (error) {
    render(
      root,
      h(
        "p",
        { class: "alert", "data-tone": "error", testid: "storefront-error" },
        `The shop is unavailable: ${errorMessage(error)}`,
      ),
    )
    return
  }
  const sdk = createSdk(config)

  const refreshHeader = async () => {
    const cart = await currentCart(sdk).catch(() => null)
    const count = (cart?.items ?? []).reduce((sum, item) => sum + item.quantity, 0)
    cartCount.textContent = count ? String(count) : ""
  }
  const shop = createShop(sdk, config, lenderModules, refreshHeader)

  // Each render gets a token: a slow page finishing after the shopper moved on must not draw.
  let current = 0
  const show = async () => {
    const token = ++current
    const page = h("div", { class: "page" })
    const isCurrent = () => token === current
    render(root, page)
    try {
      await route(shop, page, isCurrent)
    } catch (error) {
      if (isCurrent())
        render(page, h("p", { class: "alert", "data-tone": "error", testid: "page-error" }, errorMessage(error)))
    }
    void refreshHeader()
  }
  onNavigate(() => void show())
  await show()
}

async function route(shop: Shop, page: HTMLElement, isCurrent: () => boolean): Promise<void> {
  const url = new URL(location.href)
  const match = matchRoute(url, shop.modules)
  switch (match.name) {
    case "products":
      return renderProducts(shop, page, isCurrent)
    case "checkout":
      return renderCheckout(shop, page, match.step, isCurrent)
    case "order":
      return renderConfirmation(shop, page, match.orderId)
    case "lender-return":
      return renderLenderReturn(shop, page, match.module, match.url)
    default:
      render(
        page,
        h("h1", null, "Page not found"),
        h("p", null, h("a", { href: "/", "data-link": true }, "Back to the shop")),
      )
  }
}

void main()
