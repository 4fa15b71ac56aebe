// The harness itself: the host app serves the BUILT admin (not Vite), the seeded admin user can log
// in through the real login form, and the plugin's settings route is part of that build.
import { launchBrowser, loginToAdmin, screenshot, startShop, type BrowserSession, type Shop } from "./harness"

jest.setTimeout(15 * 60_000)

describe("the built admin of the host app", () => {
  let shop: Shop
  let session: BrowserSession

  beforeAll(async () => {
    shop = await startShop({ storefront: false })
    session = await launchBrowser()
  })

  afterAll(async () => {
    await session?.close()
    await shop?.stop()
  })

  it("is served as static files by `medusa start`, not by the Vite dev server", async () => {
    const response = await fetch(`${shop.adminUrl}/`)
    const html = await response.text()
    expect(response.status).toBe(200)
    expect(html).toMatch(/<script type="module"[^>]+src="\/app\/assets\/[^"]+\.js"/)
    expect(html).not.toContain("/@vite/client")
  })

  it("logs the seeded admin in and opens Settings → Financing from the plugin's bundle", async () => {
    const { page } = session
    await loginToAdmin(page, shop)
    await screenshot(page, "dashboard")
    await page.goto(`${shop.adminUrl}/settings/financing`)
    await page.getByTestId("medusa-plugin-financing:settings").waitFor()
    // One card per lender once the admin route has answered through the session cookie.
    for (const slug of ["payment-assist", "flexshopper", "newday", "vault"]) {
      await page.getByTestId(`financing-lender-${slug}`).waitFor()
    }
    await screenshot(page, "settings-financing")
    expect(await page.getByTestId("financing-lender-payment-assist").textContent()).toContain("Payment Assist")
  })
})
