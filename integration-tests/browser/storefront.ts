// The shopper's side of the checkout specs: a shop and Chromium per spec file, a fresh browser
// profile per shopper (the demo storefront keeps its cart id in localStorage), the steps every
// checkout goes through before a lender takes over (products → cart → address → delivery →
// payment step), the order confirmation, and the admin-API checks that no order was made.
import fs from "node:fs"
import path from "node:path"
import type { Browser, BrowserContext, Locator, Page } from "playwright-core"
import {
  ARTIFACTS_DIR,
  adminApiToken,
  collectConsoleErrors,
  launchBrowser,
  screenshot,
  startShop,
  type BrowserSession,
  type Shop,
} from "./harness"

export interface FreshPage {
  page: Page
  /** The page's console errors and uncaught script errors, as they happen. */
  errors: string[]
  close: () => Promise<void>
}

export interface StorefrontSuite {
  /** The shop (started in `beforeAll`). */
  readonly shop: Shop
  /** The current test's page; only with `pagePerTest`. */
  readonly page: Page
  /** A page in a new browser profile of the suite's Chromium, for a test that opens its own. */
  freshPage: () => Promise<FreshPage>
}

/** A new browser profile (context) with the checkout specs' viewport and step timeout, and its page. */
async function newProfile(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  context.setDefaultTimeout(30_000)
  return { context, page: await context.newPage() }
}

/**
 * Registers the hooks of a checkout spec's `describe`: a shop with the demo storefront and Chromium
 * for the whole block, stopped after it. `clearScreenshots` (the spec's artifacts folder) removes
 * an earlier run's screenshots first, which would interleave with this run's numbering.
 * `pagePerTest` gives every test a page in a fresh profile (`suite.page`), closed after the test,
 * and fails the test on any uncaught script error on it.
 */
export function useStorefrontSuite(
  options: { clearScreenshots?: string; pagePerTest?: boolean; env?: Record<string, string> } = {},
): StorefrontSuite {
  let shop: Shop | undefined
  let session: BrowserSession | undefined
  let current: { context: BrowserContext; page: Page; pageErrors: string[] } | undefined

  beforeAll(async () => {
    if (options.clearScreenshots)
      fs.rmSync(path.join(ARTIFACTS_DIR, options.clearScreenshots), { recursive: true, force: true })
    shop = await startShop({ env: options.env })
    session = await launchBrowser()
  })

  afterAll(async () => {
    await session?.close()
    await shop?.stop()
  })

  const browser = () => {
    if (!session) throw new Error("Chromium is not running (use the suite inside tests)")
    return session.browser
  }

  if (options.pagePerTest) {
    beforeEach(async () => {
      const { context, page } = await newProfile(browser())
      const pageErrors: string[] = []
      page.on("pageerror", (error) => pageErrors.push(error.message))
      current = { context, page, pageErrors }
    })

    afterEach(async () => {
      await current?.context.close()
      expect(current?.pageErrors).toEqual([])
    })
  }

  return {
    get shop() {
      if (!shop) throw new Error("the shop is not started (use the suite inside tests)")
      return shop
    },
    get page() {
      if (!current) throw new Error("no page for this test (useStorefrontSuite({ pagePerTest: true }) gives one)")
      return current.page
    },
    freshPage: async () => {
      const { context, page } = await newProfile(browser())
      return { page, errors: collectConsoleErrors(page), close: () => context.close() }
    },
  }
}

export const productCard = (page: Page, sku: string): Locator =>
  page.locator(`[data-testid="product-card"][data-sku="${sku}"]`)

/** The product list (in the storefront's default region), once `sku` is on it. */
export async function openStore(page: Page, shop: Shop, sku: string): Promise<void> {
  await page.goto(shop.storefrontUrl)
  await productCard(page, sku).waitFor()
}

/** The product list switched to `region`, once `sku` shows its price in that region's currency. */
export async function openStoreInRegion(page: Page, shop: Shop, region: "us" | "gb", sku: string): Promise<void> {
  await page.goto(shop.storefrontUrl)
  await page.getByTestId("region-select").selectOption(region)
  // The page re-renders in the new region: wait for its prices before adding to the cart.
  await productCard(page, sku)
    .getByTestId("product-price")
    .filter({ hasText: region === "us" ? "$" : "£" })
    .waitFor()
}

export interface CheckoutAddress {
  firstName: string
  lastName: string
  line1: string
  city: string
  postalCode: string
  country: "us" | "gb"
  phone: string
}

/**
 * From the product list: `sku` into the cart, the e-mail and delivery address, the first delivery
 * option, on to the payment step until `ready` shows. `shots` names the screenshots of the filled-in
 * address and of the chosen delivery option, when wanted.
 */
export async function goToPaymentStep(
  page: Page,
  {
    sku,
    email,
    address,
    ready,
    shots = {},
  }: {
    sku: string
    email: string
    address: CheckoutAddress
    ready: Locator
    shots?: { address?: string; shipping?: string }
  },
): Promise<void> {
  await productCard(page, sku).getByTestId("add-to-cart").click()
  await page.getByTestId("cart-line").first().waitFor()
  await page.getByTestId("go-to-checkout").click()
  await page.getByTestId("checkout-email").fill(email)
  await page.getByTestId("address-first-name").fill(address.firstName)
  await page.getByTestId("address-last-name").fill(address.lastName)
  await page.getByTestId("address-line1").fill(address.line1)
  await page.getByTestId("address-city").fill(address.city)
  await page.getByTestId("address-postal-code").fill(address.postalCode)
  await page.getByTestId("address-country").selectOption(address.country)
  await page.getByTestId("address-phone").fill(address.phone)
  if (shots.address) await screenshot(page, shots.address)
  await page.getByTestId("address-continue").click()
  await page.getByTestId("shipping-option").first().check()
  if (shots.shipping) await screenshot(page, shots.shipping)
  await page.getByTestId("shipping-continue").click()
  await ready.waitFor()
}

/** The storefront's cart id (kept in localStorage). */
export async function cartIdOf(page: Page): Promise<string> {
  const cartId = await page.evaluate(() => localStorage.getItem("financing-demo:cart-id"))
  expect(cartId).toMatch(/^cart_/)
  return cartId!
}

/** On the payment step: picks the provider's option and continues to the lender. */
export async function choosePaymentMethod(page: Page, providerId: string): Promise<void> {
  await page.getByTestId(`payment-option-${providerId}`).click()
  await page.getByTestId("payment-continue").click()
}

/**
 * Waits for `shown` (the lender's first screen after Continue). When it does not come, fails with what
 * the shopper saw instead (URL, error alert, journey text) and a screenshot, so a failure in CI says
 * which it was.
 */
export async function journeyShows(page: Page, shown: Locator, what: string): Promise<void> {
  try {
    await shown.waitFor()
    return
  } catch {
    // timed out: report what the page shows instead
  }
  const shot = await screenshot(page, `${what}-did-not-show`).catch(() => "no screenshot")
  const alert = page.getByTestId("checkout-alert")
  const alertText = (await alert.isVisible().catch(() => false)) ? await alert.innerText() : "none"
  const journey = await page
    .getByTestId("payment-journey")
    .innerText({ timeout: 1000 })
    .catch(() => "absent")
  throw new Error(`${what} did not show. URL ${page.url()}; alert: ${alertText}; journey: "${journey}"; ${shot}`)
}

/** Waits for the order confirmation (screenshot "order-confirmation") and returns the order id. */
export async function orderConfirmation(page: Page, { timeout }: { timeout?: number } = {}): Promise<string> {
  const confirmation = page.getByTestId("order-confirmation")
  await confirmation.waitFor({ timeout })
  await screenshot(page, "order-confirmation")
  const orderId = (await confirmation.getAttribute("data-order-id"))!
  expect(orderId).toMatch(/^order_/)
  return orderId
}

/** The text of the checkout's error alert, once it shows. */
export async function checkoutError(page: Page): Promise<string> {
  const alert = page.locator('[data-testid="checkout-alert"][data-tone="error"]')
  await alert.waitFor()
  return alert.innerText()
}

/** After a lender said no: still on /checkout, the provider offered again and Continue enabled. */
export async function expectBackAtPaymentStep(page: Page, providerId: string): Promise<void> {
  expect(new URL(page.url()).pathname).toBe("/checkout")
  await page.getByTestId(`payment-option-${providerId}`).waitFor()
  expect(await page.getByTestId("payment-continue").isEnabled()).toBe(true)
}

/** The shopper's orders (admin API), matched by e-mail. */
export async function ordersFor(shop: Shop, email: string): Promise<Array<{ id: string }>> {
  const token = await adminApiToken(shop)
  const response = await fetch(`${shop.backendUrl}/admin/orders?fields=id,email&limit=100`, {
    headers: { authorization: `Bearer ${token}` },
  })
  if (!response.ok) throw new Error(`GET /admin/orders answered ${response.status}`)
  const { orders } = (await response.json()) as { orders: Array<{ id: string; email: string }> }
  return orders.filter((o) => o.email === email)
}

/** No order for the shopper's e-mail (admin API), and the cart is still open (store API). */
export async function expectNoOrder(shop: Shop, cartId: string, email: string): Promise<void> {
  expect(await ordersFor(shop, email)).toEqual([])
  const cart = await fetch(`${shop.backendUrl}/store/carts/${cartId}`, {
    headers: { "x-publishable-api-key": shop.publishableKey },
  })
  expect(cart.status).toBe(200)
  expect(((await cart.json()) as { cart: { completed_at: string | null } }).cart.completed_at).toBeNull()
}
