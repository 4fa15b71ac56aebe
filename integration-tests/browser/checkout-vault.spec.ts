// Vault end to end in Chromium: the demo storefront's payment step (Vault's payment types), the
// Checkout.com-style hosted card page in the sandbox, the verified return and the order
// confirmation; then the merchant ships and delivers in the built Medusa dashboard and the
// plugin's order widget shows the captured amount and the verified settlement. Also a declined
// card (no order) and paying from the Vault balance (insufficient funds first, then an account
// that can pay).
import type { Page } from "playwright-core"
import {
  markDeliveredInAdmin,
  markShippedInAdmin,
  screenshotFinancingWidget,
  waitForFinancingWidget,
} from "./admin-fulfillment"
import { screenshot } from "./harness"
import {
  cartIdOf,
  checkoutError,
  choosePaymentMethod,
  expectBackAtPaymentStep,
  expectNoOrder,
  goToPaymentStep,
  journeyShows,
  openStore,
  orderConfirmation,
  useStorefrontSuite,
} from "./storefront"

jest.setTimeout(15 * 60_000)

const PROVIDER = "pp_vault_vault"
const SKU = "TABLE-OAK-NAT" // £450 + £9.95 delivery
const SANDBOX_PASSWORD = "Sandbox123!"
const RICH_SHOPPER = "+447700900001" // GBP 5000.00
const POOR_SHOPPER = "+447700900002" // GBP 10.00

describe("Vault through the demo storefront", () => {
  // A fresh browser profile per test: the storefront keeps its cart id in localStorage.
  const suite = useStorefrontSuite({ pagePerTest: true })

  const ledger = (type: string) => suite.shop.sandbox.ledger("vault").list({ type })

  it("pays by card on the hosted page; the dashboard ships and delivers; the widget shows the captured amount and the verified return", async () => {
    const { shop, page } = suite
    await openStore(page, shop, SKU)
    await screenshot(page, "products")
    await checkoutToPayment(page, "card.buyer@example.com")

    // Vault's payment types come from the plugin's store route.
    const offer = page.getByTestId(`payment-offer-${PROVIDER}`)
    await offer.getByTestId("vault-payment-type").first().waitFor()
    expect(
      await offer.getByTestId("vault-payment-type").evaluateAll((els) => els.map((e) => e.getAttribute("data-type"))),
    ).toEqual(["CHECKOUT", "PLATFORM"])
    await screenshot(page, "payment-step")
    await startVault(page)
    await screenshot(page, "vault-choice")
    await page.getByTestId("vault-pay-card").click()

    // The Checkout.com-style hosted page (sandbox) for the Vault invoice of the cart total.
    await page.getByTestId("cko-approve").waitFor()
    expect(await page.getByTestId("cko-amount").innerText()).toBe("459.95 GBP")
    await screenshot(page, "hosted-card-page")
    await page.getByTestId("cko-approve").click()

    const orderId = await orderConfirmation(page)
    expect(await page.getByTestId("order-total").innerText()).toBe("£459.95")
    expect(ledger("checkout.captured").map((e) => e.amount)).toEqual(["45995"])
    expect(ledger("invoice.paid").map((e) => e.amount)).toEqual(["459.95"])

    // The merchant ships and delivers in the dashboard (Vault needs neither to pay out, but the
    // order must go through both without the lender refusing anything).
    await markShippedInAdmin(page, shop, orderId)
    await markDeliveredInAdmin(page, shop, orderId)
    await screenshot(page, "admin-delivered")

    expect(await waitForFinancingWidget(page, shop, orderId, "financing-amount-captured", /459\.95/)).toMatch(
      /£459\.95/,
    )
    expect(await page.getByTestId("financing-status").first().innerText()).toMatch(/captured/i)
    expect(await page.getByTestId("financing-lender").first().innerText()).toMatch(/Vault/)
    expect(await page.getByTestId("financing-lender-status").first().innerText()).toMatch(/SUCCESS/)
    // The settlement Vault confirmed: the verified return is in the widget's history.
    const history = await page.getByTestId("financing-operation").allInnerTexts()
    expect(history.some((row) => /return/i.test(row) && /succeeded/i.test(row))).toBe(true)
    await screenshotFinancingWidget(page)
  })

  it("a declined card shows a clear message, offers the payment options again and places no order", async () => {
    const { shop, page } = suite
    const email = "declined.card@example.com"
    await openStore(page, shop, SKU)
    const cartId = await checkoutToPayment(page, email)
    await startVault(page)
    await page.getByTestId("vault-pay-card").click()
    await page.getByTestId("cko-decline").waitFor()
    await screenshot(page, "hosted-card-page-before-decline")
    const captured = ledger("checkout.captured").length
    await page.getByTestId("cko-decline").click()

    expect(await checkoutError(page)).toBe(
      "Your card payment was declined. Nothing has been charged. Please choose another way to pay.",
    )
    await expectBackAtPaymentStep(page, PROVIDER)
    await screenshot(page, "declined-back-at-payment")

    expect(ledger("checkout.captured")).toHaveLength(captured)
    expect(ledger("payment.failed").length).toBeGreaterThan(0)
    await expectNoOrder(shop, cartId, email)
  })

  it("from the Vault balance: insufficient funds debit nothing and place no order; an account that can pay then places it", async () => {
    const { shop, page } = suite
    const email = "balance.buyer@example.com"
    await openStore(page, shop, SKU)
    const cartId = await checkoutToPayment(page, email)

    await startVault(page)
    await signInToVault(page, POOR_SHOPPER)
    const gbp = page.locator('[data-testid="vault-account"]', { hasText: "(GBP)" })
    expect(await gbp.getAttribute("data-sufficient")).toBe("false")
    await gbp.locator("input").check()
    await screenshot(page, "vault-accounts-low-balance")
    await page.getByTestId("vault-pay").click()
    expect(await checkoutError(page)).toBe(
      "There is not enough money in this Vault account; nothing was taken. Choose another account or another way to pay.",
    )
    await screenshot(page, "vault-insufficient-funds")
    expect(ledger("platform.debit")).toHaveLength(0)
    await expectNoOrder(shop, cartId, email)

    // The shopper backs out to the payment options and signs in with a funded Vault login.
    await page.getByTestId("vault-cancel").click()
    await startVault(page)
    await signInToVault(page, RICH_SHOPPER)
    const funded = page.locator('[data-testid="vault-account"][data-sufficient="true"]', { hasText: "(GBP)" })
    await funded.locator("input").check()
    await page.getByTestId("vault-pay").click()
    await page.getByTestId("order-confirmation").waitFor()
    await screenshot(page, "order-confirmation-balance")
    expect(ledger("platform.debit").map((e) => e.amount)).toEqual(["459.95"])
  })

  /** Adds the product, fills in a UK address, picks delivery; returns the cart id. */
  async function checkoutToPayment(p: Page, email: string): Promise<string> {
    await goToPaymentStep(p, {
      sku: SKU,
      email,
      address: {
        firstName: "Alex",
        lastName: "Vaulter",
        line1: "10 Downing Street",
        city: "London",
        postalCode: "SW1A 2AA",
        country: "gb",
        phone: "07700900456",
      },
      ready: p.getByTestId(`payment-option-${PROVIDER}`),
      shots: { shipping: "shipping" },
    })
    return cartIdOf(p)
  }

  async function startVault(p: Page): Promise<void> {
    await choosePaymentMethod(p, PROVIDER)
    await journeyShows(p, p.getByTestId("vault-choice"), "vault-choice")
  }

  async function signInToVault(p: Page, phone: string): Promise<void> {
    await p.getByTestId("vault-pay-balance").click()
    await p.getByTestId("vault-phone").fill(phone)
    await p.getByTestId("vault-password").fill(SANDBOX_PASSWORD)
    await p.getByTestId("vault-sign-in").click()
    await p.getByTestId("vault-account").first().waitFor()
    // The password never stays in the page once Vault has answered.
    expect(await p.getByTestId("vault-password").count()).toBe(0)
  }
})
