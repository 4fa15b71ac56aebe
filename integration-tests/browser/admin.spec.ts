// The plugin's admin in the BUILT dashboard (Chromium): the order widget for an order of each
// lender (placed by real checkouts against the sandbox over HTTP) with its status, references and
// amounts; a FlexShopper shipment confirmation that failed (sandbox fault) retried from the
// widget, then the receipt confirmed; Settings → Financing testing a connection (ok, then
// refused) with the copy buttons; and last, because it moves the sandbox clock on by days,
// "Sync status" picking up an application that expired at Payment Assist.
import type { Page } from "playwright-core"
import type { SeededStore } from "../../demo/seed-store"
import { fetchApi } from "../admin/fetch-api"
import {
  placeFlexShopperOrder,
  placeNewDayOrder,
  placePaymentAssistOrder,
  placeVaultOrder,
  type PlacedOrder,
} from "../admin/orders"
import { fulfillOrder, shipFulfillment } from "../payment-assist/checkout"
import { ADMIN_ENTERED_PA_KEY_IN_BROWSER } from "../utils/admin-credentials"
import { openStoreInRegion, productCard } from "./storefront"
import { storeHeaders, type ApiClient } from "../utils/store-api"
import { waitFor } from "../utils/wait"
import {
  adminApiToken,
  collectConsoleErrors,
  launchBrowser,
  loginToAdmin,
  screenshot,
  startShop,
  type BrowserSession,
  type Shop,
} from "./harness"

jest.setTimeout(20 * 60_000)

const DAY_MS = 24 * 60 * 60 * 1000

describe("the financing admin in the dashboard", () => {
  let shop: Shop
  let session: BrowserSession
  let api: ApiClient
  let store: SeededStore
  let admin: { headers: Record<string, string> }
  let consoleErrors: string[]
  const orders: Partial<Record<"pa" | "flex" | "newday" | "vault", PlacedOrder>> = {}

  beforeAll(async () => {
    shop = await startShop({
      // The demo storefront too: the settings tests check that it follows a save with no restart.
      // Payment Assist with manual capture (its default is auto-capture): the admin captures.
      env: {
        PAYMENT_ASSIST_AUTO_CAPTURE: "false",
        PAYMENT_ASSIST_SANDBOX_WEBHOOK_BACKOFF_MS: "20",
        VAULT_SANDBOX_NOTIFY_BACKOFF_MS: "50",
        // Vault has no refund API: refunds are recorded in Medusa only (the reconciliation shows them).
        VAULT_MANUAL_REFUNDS: "true",
        FINANCING_STOREFRONT_URL: "http://storefront.test",
      },
    })
    api = fetchApi(shop.backendUrl)
    store = shop.store as unknown as SeededStore
    admin = { headers: { authorization: `Bearer ${await adminApiToken(shop)}` } }
    orders.pa = await placePaymentAssistOrder(api, store, shop.sandbox)
    orders.flex = await placeFlexShopperOrder(api, store, shop.sandbox)
    orders.newday = await placeNewDayOrder(api, store)
    orders.vault = await placeVaultOrder(api, store, shop.sandbox)
    session = await launchBrowser()
    consoleErrors = collectConsoleErrors(session.page)
    await loginToAdmin(session.page, shop)
  })

  afterAll(async () => {
    await session?.close()
    await shop?.stop()
  })

  const widget = (page: Page) => page.getByTestId("financing-order-widget")
  const text = async (page: Page, testId: string) =>
    ((await widget(page).getByTestId(testId).first().textContent()) ?? "").trim()

  async function openOrder(page: Page, orderId: string) {
    await page.goto(`${shop.adminUrl}/orders/${orderId}`)
    await widget(page).waitFor()
  }

  /** Confirms the widget's usePrompt dialog with its confirm button. */
  async function confirmPrompt(page: Page, confirmText: string, shot?: string) {
    const dialog = page.getByRole("alertdialog")
    await dialog.waitFor()
    if (shot) await screenshot(page, shot)
    await dialog.getByRole("button", { name: confirmText }).click()
  }

  async function expectToast(page: Page, expected: string | RegExp) {
    const toast = page.locator("[data-sonner-toast]")
    try {
      await toast.filter({ hasText: expected }).first().waitFor({ timeout: 30_000 })
    } catch {
      throw new Error(
        `no toast matching ${expected}; the dashboard said: ${(await toast.allInnerTexts().catch(() => [])).join(" | ") || "nothing"}`,
      )
    }
  }

  async function waitForText(page: Page, testId: string, expected: string) {
    await widget(page).getByTestId(testId).filter({ hasText: expected }).first().waitFor({ timeout: 30_000 })
  }

  it("FlexShopper: a failed shipment confirmation is retried from the widget, then the receipt confirmed", async () => {
    const { page } = session
    const { orderId, reference: transactionId } = orders.flex!
    shop.sandbox.faults.failNext("flexshopper", 503, { match: { method: "POST", path: "confirm-shipment" } })
    const { fulfillmentId, items } = await fulfillOrder(api, admin, orderId, store.stockLocationId)
    await shipFulfillment(api, admin, orderId, fulfillmentId, items)
    await waitFor("the failed confirmation in the financing log", async () => {
      const { data } = await api.get(`/admin/financing/orders/${orderId}`, admin)
      return data.financing.actions.retry.length > 0
    })

    await openOrder(page, orderId)
    expect(await text(page, "financing-lender")).toBe("FlexShopper")
    expect(await text(page, "financing-reference-transaction_id")).toBe(transactionId)
    const fulfillment = widget(page).getByTestId(`financing-fulfillment-${fulfillmentId}`)
    expect(
      await fulfillment.getByTestId("financing-confirmation-shipment_confirmed").getAttribute("data-outcome"),
    ).toBe("failed")
    expect(
      await widget(page).locator('[data-testid="financing-operation"][data-outcome="failed"]').count(),
    ).toBeGreaterThan(0)
    await screenshot(page, "flexshopper-failed-confirmation")

    await widget(page).getByTestId("financing-action-retry").first().click()
    await confirmPrompt(page, "Retry", "flexshopper-retry-prompt")
    await expectToast(page, "Ship confirm succeeded")
    await fulfillment
      .locator('[data-testid="financing-confirmation-shipment_confirmed"][data-outcome="succeeded"]')
      .waitFor()
    await waitForText(page, "financing-status", "Captured")
    expect(await text(page, "financing-amount-captured")).toBe("$613.95")
    expect(await widget(page).getByTestId("financing-action-retry").count()).toBe(0)
    expect(shop.sandbox.ledger("flexshopper").list({ type: "shipment.confirmed", ref: transactionId })).toHaveLength(1)
    await screenshot(page, "flexshopper-after-retry")

    await widget(page).getByTestId("financing-action-confirm-receipt").click()
    await confirmPrompt(page, "Confirm receipt")
    await expectToast(page, "Receipt confirmed for 1 fulfillment")
    await fulfillment
      .locator('[data-testid="financing-confirmation-receipt_confirmed"][data-outcome="succeeded"]')
      .waitFor()
    expect(shop.sandbox.ledger("flexshopper").list({ type: "receipt.confirmed", ref: transactionId })).toHaveLength(1)
    await screenshot(page, "flexshopper-after-receipt")
  })

  it("NewDay and Vault: each widget shows its lender's references and amounts", async () => {
    const { page } = session
    await openOrder(page, orders.newday!.orderId)
    expect(await text(page, "financing-lender")).toBe("NewDay NewPay")
    expect(await text(page, "financing-status")).toBe("Authorized")
    expect(await text(page, "financing-reference-authorisation_id")).not.toBe("—")
    expect(await text(page, "financing-reference-remaining_float")).toBe("£44.95")
    expect(await text(page, "financing-amount-authorized")).toBe("£44.95")
    await screenshot(page, "newday-widget")

    await openOrder(page, orders.vault!.orderId)
    expect(await text(page, "financing-lender")).toBe("Vault")
    expect(await text(page, "financing-status")).toBe("Captured")
    expect(await text(page, "financing-reference-payment_id")).toBe(orders.vault!.reference)
    expect(await text(page, "financing-reference-type")).toBe("CHECKOUT")
    expect(await text(page, "financing-amount-captured")).toBe("£459.95")
    await screenshot(page, "vault-widget")
  })

  it("Settings → Financing: tests a connection (ok, then refused by the lender) and offers the URLs to copy", async () => {
    const { page } = session
    await page.goto(`${shop.adminUrl}/settings/financing`)
    const card = page.getByTestId("financing-lender-payment-assist")
    await card.waitFor()
    expect(await card.getByTestId("financing-copy-payment-assist-webhook").count()).toBe(1)
    expect(await card.getByTestId("financing-copy-payment-assist-return").count()).toBe(1)
    expect(await page.getByTestId("financing-copy-vault-webhook").count()).toBe(1)
    expect(await card.textContent()).toContain(`${shop.backendUrl}/hooks/financing/payment-assist`)

    await card.getByTestId("financing-test-connection-payment-assist").click()
    const result = card.getByTestId("financing-test-result-payment-assist")
    await card.locator('[data-testid="financing-test-result-payment-assist"][data-ok="true"]').waitFor()
    expect(await result.textContent()).toMatch(/^Connected in \d+ ms — Signed in as /)
    await screenshot(page, "settings-test-connection-ok")

    shop.sandbox.faults.failNext("payment-assist", 401, { match: { path: "/account" } })
    await card.getByTestId("financing-test-connection-payment-assist").click()
    await card.locator('[data-testid="financing-test-result-payment-assist"][data-ok="false"]').waitFor()
    expect(await result.textContent()).toMatch(/^Failed in \d+ ms — Payment Assist refused the credentials: /)
    await screenshot(page, "settings-test-connection-refused")
    expect(consoleErrors.filter((e) => /financing/i.test(e))).toEqual([])
  })
  it("Settings → Financing: the owner turns NewDay off and limits Payment Assist; the offers follow with no restart; a bad amount is refused", async () => {
    const { page } = session
    const offered = async () => {
      const { data } = await api.get(
        "/store/financing/offers?amount=459.95&currency_code=gbp&country_code=gb",
        storeHeaders(store),
      )
      return (data.offers as Array<{ lender: string }>).map((o) => o.lender)
    }
    expect(await offered()).toEqual(["payment-assist", "newday", "vault"])
    await page.goto(`${shop.adminUrl}/settings/financing`)

    const newday = page.getByTestId("financing-lender-newday")
    await newday.getByTestId("financing-settings-newday-enabled").click()
    await newday.getByTestId("financing-settings-newday-save").click()
    await newday.getByTestId("financing-settings-newday-result").getByText("Saved").waitFor()

    const pa = page.getByTestId("financing-lender-payment-assist")
    await pa.getByTestId("financing-settings-payment-assist-gbp-max").fill("100.00")
    await pa.getByTestId("financing-settings-payment-assist-save").click()
    await pa.getByTestId("financing-settings-payment-assist-result").getByText("Saved").waitFor()
    expect(await offered()).toEqual(["vault"])

    await pa.getByTestId("financing-settings-payment-assist-gbp-min").fill("12.345")
    await pa.getByTestId("financing-settings-payment-assist-save").click()
    const refused = pa.getByTestId("financing-settings-payment-assist-result").getByText("more decimals")
    await refused.waitFor()
    expect(await refused.textContent()).toContain(
      "Payment Assist settings: limits.gbp.min has more decimals than GBP allows",
    )
    await screenshot(page, "settings-lender-rules")

    // When FlexShopper's money is taken: from the configuration until the owner chooses.
    const flex = page.getByTestId("financing-lender-flexshopper")
    expect(await flex.getByTestId("financing-settings-flexshopper-capture-source").textContent()).toContain(
      "provider option captureOn",
    )
    await flex.getByTestId("financing-settings-flexshopper-capture").selectOption("receipt")
    await flex.getByTestId("financing-settings-flexshopper-save").click()
    await flex.getByTestId("financing-settings-flexshopper-result").getByText("Saved").waitFor()
    await flex.getByTestId("financing-settings-flexshopper-capture-source").getByText("Set here.").waitFor()
    const { data: flexSettings } = await api.get("/admin/financing/lenders/flexshopper/settings", admin)
    expect(flexSettings.settings.capture).toMatchObject({ value: "receipt", source: "admin" })
    expect(flexSettings.changes[0].changes).toEqual({ capture_on: { from: null, to: "receipt" } })

    // Back as they were, through the same route, for the tests after this one.
    await api.post("/admin/financing/lenders/flexshopper/settings", { capture_on: null }, admin)
    await api.post("/admin/financing/lenders/newday/settings", { enabled: true }, admin)
    await api.post("/admin/financing/lenders/payment-assist/settings", { limits: null }, admin)
    expect(await offered()).toEqual(["payment-assist", "newday", "vault"])
    expect(consoleErrors.filter((e) => /financing/i.test(e))).toEqual([])
  })

  it("Settings → Financing: the owner rewords Payment Assist's representative example, then turns its messages off; the demo storefront follows on its next page view; wording without the APR is refused", async () => {
    const { page } = session
    const SKU = "TABLE-OAK-NAT" // £450.00
    const storefront = await session.browser.newPage()
    const promotion = () => productCard(storefront, SKU).getByTestId("product-promotion")
    try {
      await openStoreInRegion(storefront, shop, "gb", SKU)
      await promotion().waitFor()
      expect(await promotion().getAttribute("data-lender")).toBe("payment-assist")
      expect(await promotion().getByTestId("product-promotion-headline").textContent()).toBe(
        "From £112.50 a month with Payment Assist",
      )
      const example = promotion().getByTestId("product-promotion-example")
      expect(await example.textContent()).toMatch(
        /^Representative example: cash price £450\.00, deposit £112\.50, .+ Representative 0% APR\. .+ including Payment Assist Ltd, who provides the credit\./,
      )

      await page.goto(`${shop.adminUrl}/settings/financing`)
      const pa = page.getByTestId("financing-lender-payment-assist")
      const wording = pa.getByTestId("financing-settings-payment-assist-promotion-text")
      await wording.fill("Just {instalment} a month from {lender}!")
      await pa.getByTestId("financing-settings-payment-assist-save").click()
      const refused = pa.getByTestId("financing-settings-payment-assist-result").getByText("must keep")
      await refused.waitFor()
      expect(await refused.textContent()).toContain("Payment Assist settings: promotion_text must keep {cash_price}")
      expect(await refused.textContent()).toContain("{apr}")

      await wording.fill(
        "Example: {cash_price} cash price, {deposit} today, then {instalments} payments of {instalment} over " +
          "{duration} months; credit {credit_amount}, total {total_payable}, {interest_rate}% fixed, {apr}% APR " +
          "representative. Credit from {lender}.",
      )
      await pa.getByTestId("financing-settings-payment-assist-save").click()
      await pa.getByTestId("financing-settings-payment-assist-result").getByText("Saved").waitFor()
      await screenshot(page, "settings-promotion-wording")

      await openStoreInRegion(storefront, shop, "gb", SKU)
      await promotion().waitFor()
      expect(await promotion().getByTestId("product-promotion-example").textContent()).toBe(
        "Example: £450.00 cash price, £112.50 today, then 3 payments of £112.50 over 3 months; credit £337.50, " +
          "total £450.00, 0% fixed, 0% APR representative. Credit from Payment Assist Ltd.",
      )
      await screenshot(storefront, "storefront-promotion-reworded")

      await pa.getByTestId("financing-settings-payment-assist-messaging").click()
      await pa.getByTestId("financing-settings-payment-assist-save").click()
      await pa.getByTestId("financing-settings-payment-assist-result").getByText("Saved").waitFor()
      // The next page view asks the offers again: Payment Assist is still offered, with no figure.
      const answered = storefront.waitForResponse((r) => r.url().includes("/store/financing/offers?amount=450.00"))
      await openStoreInRegion(storefront, shop, "gb", SKU)
      expect((await (await answered).json()).offers.map((o: any) => [o.lender, o.promotion])).toEqual([
        ["payment-assist", null],
        ["newday", null],
        ["vault", null],
      ])
      expect(await promotion().count()).toBe(0)
      const { data } = await api.get("/admin/financing/lenders/payment-assist/settings", admin)
      expect(data.changes.slice(0, 2).map((c: any) => Object.keys(c.changes))).toEqual([
        ["messaging"],
        ["promotion_text"],
      ])
    } finally {
      await storefront.close()
      await api.post(
        "/admin/financing/lenders/payment-assist/settings",
        { messaging: null, promotion_text: null },
        admin,
      )
    }
    expect(consoleErrors.filter((e) => /financing/i.test(e))).toEqual([])
  })

  it("Settings → Financing: the owner saves a live Payment Assist key (never shown again), switches to it — Test connection uses it — and back", async () => {
    const { page } = session
    const LIVE_KEY = ADMIN_ENTERED_PA_KEY_IN_BROWSER
    await page.goto(`${shop.adminUrl}/settings/financing`)
    const card = page.getByTestId("financing-lender-payment-assist")
    const form = card.getByTestId("financing-credentials-payment-assist-form")
    await form.waitFor()
    await form.getByTestId("financing-credentials-payment-assist-set").selectOption("live")
    await form.getByTestId("financing-credentials-payment-assist-apiKey").fill(LIVE_KEY)
    expect(await form.getByTestId("financing-credentials-payment-assist-apiKey").getAttribute("type")).toBe("password")
    await form.getByTestId("financing-credentials-payment-assist-save").click()
    await form.getByTestId("financing-credentials-payment-assist-result").getByText("Saved, encrypted").waitFor()
    await form.getByTestId("financing-credentials-payment-assist-apiKey-state").getByText("Saved here").waitFor()
    expect(await form.getByTestId("financing-credentials-payment-assist-apiKey").inputValue()).toBe("")
    expect(await page.content()).not.toContain(LIVE_KEY)

    await form.getByTestId("financing-credentials-payment-assist-mode").selectOption("live")
    await waitFor("the live set in use", async () => {
      const { data } = await api.get("/admin/financing/lenders/payment-assist/settings", admin)
      return data.settings.credentials.mode === "live" ? true : undefined
    })
    await card.getByTestId("financing-test-connection-payment-assist").click()
    await card.locator('[data-testid="financing-test-result-payment-assist"][data-ok="false"]').waitFor()
    expect(await card.getByTestId("financing-test-result-payment-assist").textContent()).toContain(
      "Payment Assist refused the credentials",
    )
    await screenshot(page, "settings-credentials-live")

    await form.getByTestId("financing-credentials-payment-assist-mode").selectOption("")
    await waitFor("the configuration back in use", async () => {
      const { data } = await api.get("/admin/financing/lenders/payment-assist/settings", admin)
      return data.settings.credentials.mode === null ? true : undefined
    })
    await card.getByTestId("financing-test-connection-payment-assist").click()
    await card.locator('[data-testid="financing-test-result-payment-assist"][data-ok="true"]').waitFor()
    const { data } = await api.get("/admin/financing/lenders/payment-assist/settings", admin)
    expect(JSON.stringify(data)).not.toContain(LIVE_KEY)
    expect(data.changes.map((c: any) => Object.keys(c.changes)[0])).toEqual(
      expect.arrayContaining(["credentials.live.apiKey", "mode"]),
    )
    await api.post(
      "/admin/financing/lenders/payment-assist/credentials",
      { set: "live", values: { apiKey: null } },
      admin,
    )
    expect(consoleErrors.filter((e) => /financing/i.test(e))).toEqual([])
  })

  it("Settings → Financing → Reconciliation: a refund Vault never confirmed comes first; the CSV holds the same; a reversed period is refused", async () => {
    const { page } = session
    const { data } = await api.get(
      `/admin/orders/${orders.vault!.orderId}?fields=id,*payment_collections.payments`,
      admin,
    )
    const paymentId = data.order.payment_collections[0].payments[0].id as string
    await api.post(`/admin/payments/${paymentId}/refund`, { amount: 20 }, admin)

    await page.goto(`${shop.adminUrl}/settings/financing`)
    await page.getByTestId("financing-reconciliation-link").click()
    await page.getByTestId("medusa-plugin-financing:reconciliation").waitFor()
    await page.getByTestId("reconciliation-lender").selectOption("vault")
    await page.getByTestId("reconciliation-show").click()
    const row = page.getByTestId(`reconciliation-row-${paymentId}`)
    await row.waitFor()
    expect(await row.getAttribute("data-status")).toBe("mismatch")
    expect(await row.textContent()).toContain("Medusa recorded 20.00 refunded; Vault confirmed 0.00.")
    expect(await page.getByTestId("reconciliation-counts").textContent()).toMatch(
      /Vault, .*: 1 mismatch, 0 awaiting, 0 matched/,
    )
    await screenshot(page, "settings-reconciliation")

    // The export, through the browser's own session cookie.
    const href = await page.getByTestId("reconciliation-csv").getAttribute("href")
    expect(href).toMatch(/\/admin\/financing\/lenders\/vault\/reconciliation\?from=.*&format=csv$/)
    const csv = await page.request.get(new URL(href!, page.url()).toString())
    expect(csv.status()).toBe(200)
    const lines = (await csv.text()).trim().split("\r\n")
    expect(lines[0]).toMatch(/^status,payment_id,order_id,/)
    expect(lines[1]).toMatch(
      new RegExp(`^mismatch,${paymentId},${orders.vault!.orderId},.*,gbp,459.95,459.95,459.95,20.00,0.00,1,`),
    )

    await page.getByTestId("reconciliation-from").fill("2026-12-02")
    await page.getByTestId("reconciliation-to").fill("2026-12-01")
    await page.getByTestId("reconciliation-show").click()
    await page.getByTestId("reconciliation-error").getByText("must not be after").waitFor()
    expect(await page.getByTestId("reconciliation-error").textContent()).toBe(
      "Vault reconciliation: from (2026-12-02) must not be after to (2026-12-01).",
    )
    expect(consoleErrors.filter((e) => /financing/i.test(e))).toEqual([])
  })

  it("Payment Assist: status, token and amounts; 'Sync status' picks up the application expiring at the lender", async () => {
    const { page } = session
    const { orderId, reference: token } = orders.pa!
    await openOrder(page, orderId)
    expect(await text(page, "financing-lender")).toBe("Payment Assist")
    expect(await text(page, "financing-status")).toBe("Authorized")
    expect(await text(page, "financing-reference-token")).toBe(token)
    expect(await text(page, "financing-amount-authorized")).toBe("£459.95")
    expect(await text(page, "financing-amount-captured")).toBe("£0.00")
    await screenshot(page, "payment-assist-widget")

    // The application expires at Payment Assist and its notification is lost: only a sync tells Medusa.
    shop.sandbox.faults.dropWebhooks("payment-assist")
    shop.sandbox.clock.advance(3 * DAY_MS)
    await widget(page).getByTestId("financing-action-sync").click()
    await confirmPrompt(page, "Sync", "payment-assist-sync-prompt")
    await expectToast(page, "Updated: Action required (Payment Assist: expired)")
    await waitForText(page, "financing-status", "Action required")
    const flagged = widget(page).locator('[data-testid="financing-operation"][data-action-required="true"]')
    await flagged.first().waitFor()
    expect(await flagged.first().getAttribute("data-outcome")).toBe("failed")
    await screenshot(page, "payment-assist-after-sync")
  })
})
