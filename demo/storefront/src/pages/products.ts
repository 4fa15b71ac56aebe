// Product list for the chosen region: one card per variant (SKU), prices in the region's currency,
// "From £X a month" with its representative example where a lender the store offers quotes the
// price, and a cart summary with the same for the cart's total.
import type { HttpTypes } from "@medusajs/types"
import { CART_QUERY, cartStore, currentCart, errorMessage } from "../api"
import { h, render } from "../dom"
import { cartOffers, lowestPromotion, productOffers, promotionBlock } from "../promotion"
import { formatMoney } from "../money"
import type { Flash, Shop } from "../shop"

const REGION_KEY = "financing-demo:region-id"

export async function renderProducts(shop: Shop, page: HTMLElement, isCurrent: () => boolean): Promise<void> {
  const { sdk } = shop
  const [{ regions }, existingCart] = await Promise.all([
    sdk.store.region.list({ fields: "id,name,currency_code,*countries" }),
    currentCart(sdk),
  ])
  if (!isCurrent()) return
  if (!regions.length) throw new Error("The store has no regions.")
  const chosenId = existingCart?.region_id ?? localStorage.getItem(REGION_KEY) ?? regions[0].id
  const region = regions.find((r) => r.id === chosenId) ?? regions[0]

  const status = h("p", { class: "alert", hidden: true, testid: "products-alert" })
  const showStatus = (message: string, tone: "info" | "error") => {
    status.textContent = message
    status.dataset.tone = tone
    status.hidden = false
  }
  const flash = shop.takeFlash()
  if (flash) showStatus(flash.message, flash.tone)

  const regionSelect = h(
    "select",
    {
      testid: "region-select",
      onchange: async () => {
        const next = regions.find((r) => countryOf(r) === regionSelect.value)
        if (!next) return
        localStorage.setItem(REGION_KEY, next.id)
        // Nothing from the old region may be clicked while the cart moves.
        render(page, h("p", { class: "muted", testid: "region-switching" }, `Switching to ${next.name}…`))
        const cart = await currentCart(sdk).catch(() => null)
        let flash: Flash | undefined
        try {
          // Keep the shopper's items: Medusa re-prices the cart in the new region's currency.
          if (cart && cart.region_id !== next.id) await sdk.store.cart.update(cart.id, { region_id: next.id })
        } catch (error) {
          cartStore.clear()
          flash = {
            message: `Your cart could not move to ${next.name} (${errorMessage(error)}); a new cart will be started.`,
            tone: "info",
          }
        }
        shop.navigate("/", { replace: true, flash })
      },
    },
    regions.map((r) =>
      h(
        "option",
        { value: countryOf(r), selected: r.id === region.id },
        `${r.name} (${(r.currency_code ?? "").toUpperCase()})`,
      ),
    ),
  )

  const cartPanel = h("aside", { class: "cart-panel", testid: "cart-summary" })
  const cartPromotion = h("div", { testid: "cart-promotion-slot" })
  const drawCart = (cart: HttpTypes.StoreCart | null) => {
    const items = cart?.items ?? []
    if (!cart || !items.length)
      return render(cartPanel, h("h2", null, "Your cart"), h("p", { class: "muted" }, "Your cart is empty."))
    render(
      cartPanel,
      h("h2", null, "Your cart"),
      h(
        "ul",
        { class: "lines" },
        items.map((item) =>
          h(
            "li",
            { testid: "cart-line" },
            `${item.quantity} × ${item.product_title} (${item.variant_title})`,
            h("span", null, formatMoney(item.subtotal, cart.currency_code)),
          ),
        ),
      ),
      h(
        "p",
        { class: "total" },
        "Subtotal ",
        h("strong", { testid: "cart-subtotal" }, formatMoney(cart.item_subtotal ?? cart.subtotal, cart.currency_code)),
      ),
      cartPromotion,
      h(
        "button",
        { class: "primary", testid: "go-to-checkout", onclick: () => shop.navigate("/checkout") },
        "Go to checkout",
      ),
    )
    void cartOffers(sdk, cart.id).then(
      (answer) => {
        const best = lowestPromotion(answer.offers)
        render(cartPromotion, best ? promotionBlock(best.promotion, "cart-promotion", best.lender) : null)
      },
      () => render(cartPromotion),
    )
  }
  drawCart(existingCart)

  const { products } = await sdk.store.product.list({
    region_id: region.id,
    fields: "id,title,description,handle,thumbnail,*variants,*variants.calculated_price",
    limit: 50,
  })
  if (!isCurrent()) return
  const grid = h("div", { class: "product-grid" })
  const offersByPrice = new Map<string, ReturnType<typeof productOffers>>()
  const currency = region.currency_code ?? ""
  for (const product of products) {
    for (const variant of product.variants ?? []) {
      const price = variant.calculated_price?.calculated_amount
      const monthly = h("div", { class: "monthly", testid: "product-monthly" })
      const button = h("button", { class: "primary", testid: "add-to-cart" }, "Add to cart")
      button.addEventListener("click", async () => {
        button.disabled = true
        try {
          const cart = await addToCart(shop, region.id, variant.id)
          drawCart(cart)
          showStatus(`Added ${product.title} (${variant.title}) to your cart.`, "info")
          await shop.refreshHeader()
        } catch (error) {
          showStatus(`Could not add to the cart: ${errorMessage(error)}`, "error")
        } finally {
          button.disabled = false
        }
      })
      grid.appendChild(
        h(
          "article",
          { class: "product-card", testid: "product-card", "data-sku": variant.sku ?? "", "data-currency": currency },
          h("h3", null, product.title),
          h("p", { class: "muted" }, variant.title, " · ", product.description ?? ""),
          h(
            "p",
            { class: "price", testid: "product-price" },
            price === undefined || price === null ? "Price unavailable" : formatMoney(price, currency),
          ),
          monthly,
          button,
        ),
      )
      if (typeof price === "number") {
        void productOffers(sdk, offersByPrice, price, currency, countryOf(region)).then((offers) => {
          const best = lowestPromotion(offers)
          render(monthly, best ? promotionBlock(best.promotion, "product-promotion", best.lender) : null)
        })
      }
    }
  }

  render(
    page,
    h(
      "div",
      { class: "toolbar" },
      h("h1", null, "Furniture, paid your way"),
      h("label", { class: "region" }, "Shipping to ", regionSelect),
    ),
    status,
    h("div", { class: "shop-layout" }, grid, cartPanel),
  )
}

function countryOf(region: HttpTypes.StoreRegion): string {
  return region.countries?.[0]?.iso_2 ?? region.id
}

/** Adds one of the variant to the stored cart, creating a cart in the region first if needed. */
async function addToCart(shop: Shop, regionId: string, variantId: string): Promise<HttpTypes.StoreCart> {
  const { sdk } = shop
  let cart = await currentCart(sdk)
  if (!cart) {
    cart = (await sdk.store.cart.create({ region_id: regionId })).cart
    cartStore.set(cart.id)
  }
  return (await sdk.store.cart.createLineItem(cart.id, { variant_id: variantId, quantity: 1 }, CART_QUERY)).cart
}
