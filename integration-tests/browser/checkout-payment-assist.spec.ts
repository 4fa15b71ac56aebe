// Payment Assist end to end in Chromium: the demo storefront (products → address → shipping →
// payment with the instalment schedule), Payment Assist's hosted application page in the
// sandbox, the signed return, the order confirmation; then the merchant in the built Medusa
// dashboard captures the deposit and ships, and the plugin's order widget shows the captured
// amount and the uploaded invoice. And a shopper who cancels on the hosted page: a clear message,
// the payment options again, and no order.
import type { Page } from "playwright-core"
import {
  capturePaymentInAdmin,
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
  openStore,
  orderConfirmation,
  productCard,
  useStorefrontSuite,
} from "./storefront"

jest.setTimeout(15 * 60_000)

const PROVIDER = "pp_payment-assist_payment-assist"
const SKU = "TABLE-OAK-NAT" // £450 + £9.95 delivery: within every Payment Assist plan

describe("Payment Assist through the demo storefront", () => {
  // A fresh browser profile per test: the storefront keeps its cart id in localStorage.
  // Manual capture (Payment Assist's default is auto-capture): the merchant captures in the dashboard.
  const suite = useStorefrontSuite({ pagePerTest: true, env: { PAYMENT_ASSIST_AUTO_CAPTURE: "false" } })

  it("buys in instalments on the hosted page; the dashboard captures and ships; the widget shows the capture and the invoice", async () => {
    const { shop, page } = suite
    const email = "jane.doe@example.com"
    await page.goto(shop.storefrontUrl)
    // "From £X a month" only with its representative example (FCA CONC 3.5), from the offers route.
    const promotion = productCard(page, SKU).getByTestId("product-promotion")
    await promotion.getByTestId("product-promotion-headline").filter({ hasText: "From £112.50 a month" }).waitFor()
    expect(await promotion.getByTestId("product-promotion-example").innerText()).toMatch(
      /^Representative example: cash price £450\.00, .+ Representative 0% APR\./,
    )
    await screenshot(page, "products")
    await checkoutToPayment(page, { email, lastName: "Doe" })
    // The payment step promotes the cart's total (with delivery) the same way.
    const atPayment = page.getByTestId(`payment-promotion-${PROVIDER}-example`)
    await atPayment.waitFor()
    expect(await atPayment.innerText()).toMatch(/^Representative example: cash price £459\.95, deposit £\d+\.\d{2}, /)

    // The instalment plans come from the plugin's plans route for this cart's total.
    const offer = page.getByTestId(`payment-offer-${PROVIDER}`)
    await offer.getByTestId("payment-assist-plan").first().waitFor()
    expect(await offer.getByTestId("payment-assist-plan").allInnerTexts()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^4-Payment: £\d+\.\d{2} today, then 3 monthly payments of £\d+\.\d{2}$/),
      ]),
    )
    await screenshot(page, "payment-step")
    await choosePaymentMethod(page, PROVIDER)

    // Payment Assist's hosted application page (sandbox).
    await page.getByTestId("pa-form").waitFor()
    expect(await page.getByTestId("pa-applicant").innerText()).toBe("Jane Doe")
    expect(await page.getByTestId("pa-amount").innerText()).toContain("459.95")
    await page.getByTestId("field-cardholder_name").fill("Jane Doe")
    await page.getByTestId("field-card_number").fill("4111 1111 1111 1111")
    await screenshot(page, "hosted-application")
    await page.getByTestId("pa-approve").click()

    // Back through the plugin's signed return route to the storefront's success path.
    const orderId = await orderConfirmation(page)
    expect(await page.getByTestId("order-display-id").innerText()).toMatch(/^#\d+$/)
    expect(await page.getByTestId("order-total").innerText()).toBe("£459.95")

    const approvals = shop.sandbox.ledger("payment-assist").list({ type: "application.pending_capture" })
    expect(approvals).toHaveLength(1)
    const token = approvals[0].ref
    expect(shop.sandbox.ledger("payment-assist").list({ type: "capture", ref: token })).toHaveLength(0)

    // The merchant, in the built dashboard: capture the deposit, then create and ship a fulfillment.
    await capturePaymentInAdmin(page, shop, orderId)
    await screenshot(page, "admin-captured")
    expect(
      shop.sandbox
        .ledger("payment-assist")
        .list({ type: "capture", ref: token })
        .map((e) => e.amount),
    ).toEqual(["45995"])
    await markShippedInAdmin(page, shop, orderId)
    await screenshot(page, "admin-shipped")

    // Payment Assist releases the payout once it has the invoice: uploaded after the shipment.
    await waitForFinancingWidget(page, shop, orderId, "financing-confirmation-invoice_uploaded")
    expect(shop.sandbox.ledger("payment-assist").list({ type: "invoice.upload", ref: token })).toHaveLength(1)
    expect(await waitForFinancingWidget(page, shop, orderId, "financing-amount-captured", /459\.95/)).toMatch(/459\.95/)
    expect(await page.getByTestId("financing-status").first().innerText()).toMatch(/captured/i)
    await screenshotFinancingWidget(page)
  })

  it("cancelling on the hosted page shows a clear message, offers the payment options again and places no order", async () => {
    const { shop, page } = suite
    const email = "sam.cancel@example.com"
    await openStore(page, shop, SKU)
    const cartId = await checkoutToPayment(page, { email, lastName: "Cancel", firstName: "Sam" })
    await choosePaymentMethod(page, PROVIDER)

    await page.getByTestId("pa-form").waitFor()
    await screenshot(page, "hosted-application-before-cancel")
    await page.getByTestId("pa-decline").click()

    expect(await checkoutError(page)).toMatch(
      /Payment Assist did not approve the application, or it was cancelled\. Nothing has been charged\. Please choose another way to pay\./,
    )
    // The other ways to pay are offered again, and Continue works; decline fallback (issue #18):
    // Payment Assist, which did not approve this basket, is not offered again for it, and the page says why.
    await expectBackAtPaymentStep(page, "pp_vault_vault")
    await page
      .getByTestId(`payment-withheld-${PROVIDER}`)
      .filter({ hasText: "Payment Assist didn't approve this basket" })
      .waitFor()
    expect(await page.getByTestId(`payment-option-${PROVIDER}`).count()).toBe(0)
    await screenshot(page, "declined-back-at-payment")

    expect(shop.sandbox.ledger("payment-assist").list({ type: "application.failed" }).length).toBeGreaterThan(0)
    await expectNoOrder(shop, cartId, email)
  })

  /** Adds the product, fills in the address, picks delivery; returns the cart id. */
  async function checkoutToPayment(
    p: Page,
    who: { email: string; lastName: string; firstName?: string },
  ): Promise<string> {
    await goToPaymentStep(p, {
      sku: SKU,
      email: who.email,
      address: {
        firstName: who.firstName ?? "Jane",
        lastName: who.lastName,
        line1: "1 High Street",
        city: "London",
        postalCode: "SW1A 1AA",
        country: "gb",
        phone: "07700900123",
      },
      ready: p.getByTestId(`payment-option-${PROVIDER}`),
      shots: { address: `address-${who.lastName.toLowerCase()}` },
    })
    return cartIdOf(p)
  }
})
