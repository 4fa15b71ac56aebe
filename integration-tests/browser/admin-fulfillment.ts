// Drives the Medusa dashboard (the built admin) through an order's after-sale steps, the way a
// merchant does: capture the payment, create a fulfillment, mark it shipped, mark it delivered.
// Each helper waits for the dashboard's own success toast, so a refused step fails the test with
// the message the merchant would have seen.
import type { Page } from "playwright-core"
import { loginToAdmin, screenshot, type Shop } from "./harness"

const orderUrl = (shop: Shop, orderId: string) => `${shop.adminUrl}/orders/${orderId}`

/** Opens the order's page, logging in first when the dashboard asks for it. */
export async function openOrderInAdmin(page: Page, shop: Shop, orderId: string): Promise<void> {
  const summary = page.getByText("Summary", { exact: true }).first()
  await page.goto(orderUrl(shop, orderId))
  // The dashboard redirects to its login page client-side when there is no session yet.
  const login = page.locator('input[name="email"]')
  await summary.or(login).first().waitFor()
  if (await login.isVisible()) {
    await loginToAdmin(page, shop)
    await page.goto(orderUrl(shop, orderId))
  }
  await summary.waitFor()
}

/** Waits for a dashboard toast; a toast of another kind (an error) fails with its text. */
async function expectToast(page: Page, text: string | RegExp, step: string): Promise<void> {
  const toast = page.locator("[data-sonner-toast]")
  try {
    await toast.filter({ hasText: text }).first().waitFor({ timeout: 30_000 })
  } catch (error) {
    const seen = (await toast.allInnerTexts().catch(() => [])).join(" | ")
    throw new Error(`${step}: the dashboard did not confirm it${seen ? ` (it said: ${seen})` : ""}`)
  }
}

/** Payment section → "Capture payment" → confirm. For lenders whose money moves on capture. */
export async function capturePaymentInAdmin(
  page: Page,
  shop: Shop,
  orderId: string,
  { shots = true } = {},
): Promise<void> {
  await openOrderInAdmin(page, shop, orderId)
  await page.getByRole("button", { name: "Capture payment" }).first().click()
  const dialog = page.getByRole("alertdialog")
  await dialog.waitFor()
  if (shots) await screenshot(page, "admin-capture-prompt")
  await dialog.getByRole("button", { name: "Confirm" }).click()
  await expectToast(page, /successfully captured/i, "capture payment")
}

/**
 * Creates a fulfillment of every unfulfilled item (the dashboard preselects the location and the
 * customer's shipping option), then marks it shipped. Returns when the dashboard confirmed both.
 */
export async function markShippedInAdmin(
  page: Page,
  shop: Shop,
  orderId: string,
  { shots = true } = {},
): Promise<void> {
  await openOrderInAdmin(page, shop, orderId)
  // "Unfulfilled Items" card → its action menu → "Fulfill items".
  const unfulfilled = page
    .locator("div")
    .filter({ has: page.getByRole("heading", { name: "Unfulfilled Items" }) })
    .last()
  await unfulfilled.getByRole("button").first().click()
  await page.getByRole("menuitem", { name: "Fulfill items" }).click()
  const create = page.getByRole("button", { name: "Create Fulfillment" })
  await create.waitFor()
  await waitForPrefilledFulfillmentForm(page)
  if (shots) await screenshot(page, "admin-create-fulfillment")
  await create.click()
  await expectToast(page, "Fulfillment created successfully", "create fulfillment")
  await page.waitForURL((url) => url.pathname.replace(/\/$/, "").endsWith(`/orders/${orderId}`))

  await page.getByRole("button", { name: "Mark as shipped" }).first().click()
  await page.getByText("Mark fulfillment shipped").first().waitFor()
  if (shots) await screenshot(page, "admin-mark-shipped")
  await page.getByRole("button", { name: "Save" }).click()
  await expectToast(page, "Shipment created successfully", "mark shipped")
  await page.waitForURL((url) => url.pathname.replace(/\/$/, "").endsWith(`/orders/${orderId}`))
}

/** Fulfillment card → "Mark as delivered" → Continue. */
export async function markDeliveredInAdmin(
  page: Page,
  shop: Shop,
  orderId: string,
  { shots = true } = {},
): Promise<void> {
  await openOrderInAdmin(page, shop, orderId)
  await page.getByRole("button", { name: "Mark as delivered" }).first().click()
  const dialog = page.getByRole("alertdialog")
  await dialog.waitFor()
  if (shots) await screenshot(page, "admin-mark-delivered")
  await dialog.getByRole("button", { name: "Continue" }).click()
  await expectToast(page, "Fulfillment marked as delivered successfully", "mark delivered")
}

/** The dashboard fills the location and shipping option comboboxes asynchronously; wait for both. */
async function waitForPrefilledFulfillmentForm(page: Page): Promise<void> {
  for (const name of ["location_id", "shipping_option_id"]) {
    // A chosen value is drawn as text next to the (transparent) combobox input.
    await page.waitForFunction(
      (field) =>
        Boolean(
          document.querySelector(`input[name="${field}"]`)?.parentElement?.querySelector("p")?.textContent?.trim(),
        ),
      name,
      { timeout: 30_000 },
    )
  }
}

/**
 * Opens the order and waits until the plugin's order widget shows `testId` with text matching
 * `pattern`, reloading meanwhile: lender confirmations arrive from subscribers after the admin
 * action that caused them. Returns the element's text.
 */
export async function waitForFinancingWidget(
  page: Page,
  shop: Shop,
  orderId: string,
  testId: string,
  pattern: RegExp = /\S/,
  timeoutMs = 60_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs
  let last = ""
  for (;;) {
    await openOrderInAdmin(page, shop, orderId)
    const widget = page.getByTestId("financing-order-widget")
    await widget.waitFor()
    const target = widget.getByTestId(testId)
    // Give the widget's own request a moment before deciding to reload.
    await target.waitFor({ timeout: 5_000 }).catch(() => undefined)
    if (await target.count()) {
      last = (await target.first().innerText()).trim()
      if (pattern.test(last)) return last
    }
    if (Date.now() > deadline) {
      throw new Error(
        `the financing widget of ${orderId} did not show ${testId} matching ${pattern} (last seen: ${last || "nothing"})`,
      )
    }
    await page.waitForTimeout(1_000)
  }
}

/**
 * On an order page already open: reloads until the financing widget shows `testId` with text
 * matching `expected.text` and a `data-outcome` of `expected.outcome` (subscribers finish after
 * the click), looking again every 1.5 s for half a minute.
 */
export async function widgetShows(
  page: Page,
  testId: string,
  expected: { text?: RegExp; outcome?: string } = {},
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const widget = page.getByTestId("financing-order-widget")
    await widget.waitFor()
    const target = widget.getByTestId(testId).first()
    const shown =
      (await target.count()) > 0 &&
      (!expected.text || expected.text.test((await target.textContent()) ?? "")) &&
      (!expected.outcome || (await target.getAttribute("data-outcome")) === expected.outcome)
    if (shown) return
    if (attempt >= 20)
      throw new Error(
        `the financing widget never showed ${testId} ${JSON.stringify({ text: expected.text?.source, outcome: expected.outcome })}: ${await widget.textContent()}`,
      )
    await page.waitForTimeout(1500)
    await page.reload()
  }
}

/** Scrolls to the plugin's order widget and takes the "admin-financing-widget" screenshot. */
export async function screenshotFinancingWidget(page: Page): Promise<void> {
  await page.getByTestId("financing-order-widget").scrollIntoViewIfNeeded()
  await screenshot(page, "admin-financing-widget")
}
