// Medusa's official starter, both apps, with the lenders added exactly as
// docs/storefront/official-starter.md says: the backend copy gets the packed plugin (plain npm
// install, README's medusa-config edit), the storefront copy gets the packed storefront kit and the
// guide's edits (applied from the page by script), UK (GBP) and US (USD) regions are set up over
// the admin API, the storefront is built with `next build` and started; then in Chromium every
// lender sells through the sandbox's hosted pages to the starter's own order confirmation, and one
// declined or abandoned journey per lender comes back to the payment step with the lender's
// message and no order. One backend and one storefront build serve every journey.
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import axios, { type AxiosInstance } from "axios"
import type { Page } from "playwright-core"
import type { SeededStore } from "../../demo/seed-store"
import { seedStoreOverAdminApi } from "../packaging/admin-seed"
import { adminHeadersFor, copyAppDir, installPlugin, openStoreApp, type StoreApp } from "../packaging/store-app"
import { packKit, prepareStorefront, type StorefrontApp } from "../starter-storefront/storefront-app"
import { officialStarterApp } from "../utils/official-starter"
import { freePort, type RunningServer } from "../utils/medusa-process"
import { ensureFreshBuild, packPlugin } from "../utils/pack"
import { SHOPPER_ADDRESSES } from "../utils/store-api"
import { useSandboxAndBackend } from "../utils/sandbox"
import { KBA_ANSWERS } from "../flexshopper/helpers"
import { launchBrowser, screenshot, type BrowserSession } from "./harness"

jest.setTimeout(40 * 60_000) // ~5 min here (npm installs ~2 min, next build ~1 min)

const SPEC = "official-starter-storefront"
const SKU = "TABLE-OAK-NAT" // £450 / $599 + delivery: within every lender's limits
const TITLES = {
  "payment-assist": "Spread the cost with Payment Assist",
  flexshopper: "Lease to own with FlexShopper",
  newday: "Pay monthly with NewDay NewPay",
  vault: "Pay with Vault",
} as const
type Lender = keyof typeof TITLES

const timings: Record<string, number> = {}
async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now()
  try {
    return await work()
  } finally {
    timings[step] = Math.round((Date.now() - started) / 100) / 10
  }
}

describe("the lenders on Medusa's official starter storefront, as docs/storefront/official-starter.md says", () => {
  const env = useSandboxAndBackend()
  let workDir: string
  let app: StoreApp
  let server: RunningServer
  let storefront: StorefrontApp
  let store: SeededStore
  let api: AxiosInstance
  let session: BrowserSession
  const started = Date.now()

  beforeAll(async () => {
    await ensureFreshBuild()
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "financing-starter-e2e-"))
    const [plugin, kit] = await Promise.all([packPlugin(workDir), packKit(workDir)])
    const storefrontPort = await freePort()
    const storefrontUrl = `http://localhost:${storefrontPort}`
    const back = `${storefrontUrl}/api/financing`

    // Both installs at once: they are npm's work, mostly waiting on the disk and the cache.
    const backendDir = copyAppDir(await officialStarterApp("backend"), "starter-backend")
    const [installation, prepared] = await timed("npm install (backend + storefront, in parallel)", () =>
      Promise.all([installPlugin(backendDir, plugin.file), prepareStorefront(kit, storefrontPort)]),
    )
    storefront = prepared
    if (installation.dependencies.code !== 0 || installation.plugin.code !== 0) {
      throw new Error(
        `backend install failed:\n${(installation.dependencies.output + installation.plugin.output).slice(-3000)}`,
      )
    }

    app = await openStoreApp(backendDir, "starter_e2e", {
      MEDUSA_BACKEND_URL: env.backendUrl(),
      FINANCING_SANDBOX_URL: env.sandbox().url,
      STORE_CORS: storefrontUrl,
      // Step 0 of the guide: every lender comes back to the storefront's return route.
      FINANCING_STOREFRONT_URL: storefrontUrl,
      PAYMENT_ASSIST_STOREFRONT_SUCCESS_URL: `${back}/payment-assist/success`,
      PAYMENT_ASSIST_STOREFRONT_FAILURE_URL: `${back}/payment-assist/failure`,
      VAULT_STOREFRONT_SUCCESS_URL: `${back}/vault/success`,
      VAULT_STOREFRONT_FAILURE_URL: `${back}/vault/failure`,
      NEWDAY_SIGNED_IN_URL: `${back}/newday`,
      NEWDAY_SUCCESS_URL: `${back}/newday`,
      NEWDAY_FAILURE_URL: `${back}/newday`,
    })
    const migrated = await timed("medusa db:migrate", () => app.medusa(["db:migrate"]))
    if (migrated.code !== 0) throw new Error(`medusa db:migrate failed:\n${migrated.output.slice(-3000)}`)
    server = await timed("medusa start", () => app.start(Number(new URL(env.backendUrl()).port)))
    const admin = await adminHeadersFor(app, server.url)
    api = axios.create({ baseURL: server.url, proxy: false, timeout: 60_000 })
    store = await timed("regions, products, key over the admin API", () => seedStoreOverAdminApi(api, admin))

    await timed("tsc + next build", () =>
      storefront.build({
        NEXT_PUBLIC_MEDUSA_BACKEND_URL: server.url,
        NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY: store.publishableKey,
        NEXT_PUBLIC_DEFAULT_REGION: "gb",
        NEXT_PUBLIC_BASE_URL: storefrontUrl,
      }),
    )
    await timed("next start", () => storefront.start())
    fs.rmSync(path.join(repoArtifacts(), SPEC), { recursive: true, force: true })
  })

  afterAll(async () => {
    timings["total"] = Math.round((Date.now() - started) / 100) / 10
    const dir = path.join(repoArtifacts(), SPEC)
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(path.join(dir, "timings.json"), JSON.stringify(timings, null, 2))
    await session?.close()
    await storefront?.stop()
    storefront?.remove()
    await server?.stop()
    await app?.remove()
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true })
  })

  beforeEach(async () => {
    await session?.close()
    session = await launchBrowser()
  })

  const headers = () => ({ headers: { "x-publishable-api-key": store.publishableKey } })

  /** A cart with the table, the shopper's addresses and delivery, made the starter's current cart. */
  async function cartAtPaymentStep(page: Page, region: "uk" | "us", email: string, phone?: string): Promise<string> {
    const variant = store.products.flatMap((p) => p.variants).find((v) => v.sku === SKU)!
    const { data } = await api.post(
      "/store/carts",
      { region_id: store.regions[region].id, email, sales_channel_id: store.salesChannelId },
      headers(),
    )
    const cartId = data.cart.id as string
    const address = { ...SHOPPER_ADDRESSES[region], ...(phone ? { phone } : {}) }
    await api.post(`/store/carts/${cartId}/line-items`, { variant_id: variant.id, quantity: 1 }, headers())
    await api.post(`/store/carts/${cartId}`, { shipping_address: address, billing_address: address }, headers())
    await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: store.shippingOptions[region] }, headers())
    await session.context.addCookies([{ name: "_medusa_cart_id", value: cartId, url: storefront.url }])
    const country = region === "uk" ? "gb" : "us"
    await page.goto(`${storefront.url}/${country}/checkout?step=payment`)
    return cartId
  }

  /** Picks the lender in the starter's payment step (its messaging shows under it) and continues. */
  async function chooseLender(page: Page, lender: Lender, shot: string) {
    await page.locator('[role="radio"]', { hasText: TITLES[lender] }).click()
    await page.getByTestId(`financing-offer-${lender}`).waitFor()
    await screenshot(page, shot, SPEC)
    await page.getByTestId("submit-payment-button").click()
  }

  /** The starter's own order confirmation, naming the lender; returns the order's display id. */
  async function expectConfirmation(page: Page, lender: Lender, shot: string) {
    await page.waitForURL(/\/order\/order_[0-9A-Z]+\/confirmed/, { timeout: 90_000 })
    await page.getByTestId("order-complete-container").waitFor()
    expect(await page.getByTestId("payment-method").innerText()).toBe(TITLES[lender])
    await screenshot(page, shot, SPEC)
  }

  async function expectBackAtPaymentStep(page: Page, message: RegExp, cartId: string, shot: string) {
    const error = page.getByTestId("payment-method-error-message")
    await error.filter({ hasText: message }).waitFor({ timeout: 90_000 })
    await page.getByTestId("submit-payment-button").waitFor()
    await screenshot(page, shot, SPEC)
    const { data } = await api.get(`/store/carts/${cartId}?fields=id,completed_at`, headers())
    expect(data.cart.completed_at).toBeNull()
  }

  it('product pages say "From £X a month" with its representative example (FCA CONC 3.5)', async () => {
    const { page } = session
    const handle = store.products.find((p) => p.variants.some((v) => v.sku === SKU))!.handle
    await page.goto(`${storefront.url}/gb/products/${handle}`)
    const message = page.getByTestId("financing-product-message")
    await message.waitFor()
    expect(await page.getByTestId("financing-product-headline").innerText()).toMatch(/^From £\d+\.\d{2} a month with /)
    expect(await page.getByTestId("financing-representative-example").innerText()).toMatch(
      /^Representative example: cash price £[\d,]+\.\d{2}, .+ Representative \d+(\.\d+)?% APR\. .+ is a credit broker, not a lender/,
    )
    await screenshot(page, "product-page", SPEC)
  })

  it("Payment Assist: hosted application → the starter's order confirmation", async () => {
    const { page } = session
    await cartAtPaymentStep(page, "uk", "jane.pa@example.com")
    await chooseLender(page, "payment-assist", "pa-payment-step")
    await page.getByTestId("payment-assist-continue").click()
    await page.getByTestId("pa-form").waitFor()
    await page.getByTestId("field-cardholder_name").fill("Jane Doe")
    await page.getByTestId("field-card_number").fill("4111 1111 1111 1111")
    await screenshot(page, "pa-hosted", SPEC)
    await page.getByTestId("pa-approve").click()
    await expectConfirmation(page, "payment-assist", "pa-confirmed")
  })

  it("Payment Assist: cancelled on the hosted page → payment step with the message, no order", async () => {
    const { page } = session
    const cartId = await cartAtPaymentStep(page, "uk", "sam.pa@example.com")
    await chooseLender(page, "payment-assist", "pa-decline-payment-step")
    await page.getByTestId("payment-assist-continue").click()
    await page.getByTestId("pa-form").waitFor()
    await page.getByTestId("pa-decline").click()
    await expectBackAtPaymentStep(
      page,
      /Payment Assist did not approve the application, or it was cancelled/,
      cartId,
      "pa-declined",
    )
  })

  it("Vault: card on the hosted page → the starter's order confirmation", async () => {
    const { page } = session
    await cartAtPaymentStep(page, "uk", "jane.vault@example.com")
    await chooseLender(page, "vault", "vault-payment-step")
    await page.getByTestId("vault-pay-card").click()
    await page.getByTestId("cko-approve").waitFor()
    await screenshot(page, "vault-hosted", SPEC)
    await page.getByTestId("cko-approve").click()
    await expectConfirmation(page, "vault", "vault-confirmed")
  })

  it("Vault: card declined → payment step with the message, no order", async () => {
    const { page } = session
    const cartId = await cartAtPaymentStep(page, "uk", "sam.vault@example.com")
    await chooseLender(page, "vault", "vault-decline-payment-step")
    await page.getByTestId("vault-pay-card").click()
    await page.getByTestId("cko-decline").click()
    await expectBackAtPaymentStep(page, /Your card payment was declined/, cartId, "vault-declined")
  })

  /** NewDay's sign-in widget (sandbox), back on the starter's payment step with the shopper's options. */
  async function signInWithNewDay(page: Page, shot: string) {
    await page.getByTestId("newday-sign-in").click()
    await page.waitForURL(/\/sso-widget\//)
    await page.locator('input[name="email"]').fill("approve@newpay.test")
    await page.locator('input[name="password"]').fill("any-password")
    await page.getByTestId("sso-sign-in").click()
    await page.getByTestId("newday-choice").waitFor({ timeout: 90_000 })
    await screenshot(page, shot, SPEC)
    await page.getByTestId("newday-spend-option").first().locator("input").check()
    await page.getByTestId("newday-pay").click()
    await page.waitForURL(/\/sca-widget\//)
    await page.getByTestId("sca-form").waitFor()
  }

  it("NewDay: sign-in, spend option, SCA → the starter's order confirmation", async () => {
    const { page } = session
    await cartAtPaymentStep(page, "uk", "alice.newday@example.com")
    await chooseLender(page, "newday", "newday-payment-step")
    await signInWithNewDay(page, "newday-spend-options")
    await page.locator('input[name="code"]').fill("123456")
    await screenshot(page, "newday-sca", SPEC)
    await page.getByTestId("sca-confirm").click()
    await expectConfirmation(page, "newday", "newday-confirmed")
  })

  it('NewDay: "not my number" at SCA → payment step with the message, no order', async () => {
    const { page } = session
    const cartId = await cartAtPaymentStep(page, "uk", "bob.newday@example.com")
    await chooseLender(page, "newday", "newday-decline-payment-step")
    await signInWithNewDay(page, "newday-decline-options")
    await page.getByTestId("sca-not-my-number").click()
    await expectBackAtPaymentStep(page, /didn't recognise the mobile number/, cartId, "newday-declined")
  })

  async function flexApply(page: Page, ssn: string) {
    await page.getByTestId("flexshopper-create-account").click()
    const form = page.getByTestId("flexshopper-application")
    await form.waitFor()
    await form.locator('input[name="ssn"]').fill(ssn)
    await form.locator('input[name="date_of_birth"]').fill("1988-06-15")
    await form.locator('input[name="monthly_income"]').fill("4800")
    await form.locator('input[name="routing_number"]').fill("021000021")
    await form.locator('input[name="account_number"]').fill("9876543210")
    await page.getByTestId("flexshopper-apply").click()
  }

  it("FlexShopper (US): account, application, identity questions, lease window → the starter's order confirmation", async () => {
    const { page } = session
    await cartAtPaymentStep(page, "us", `flex.${Date.now()}@example.com`, "2125550199")
    await chooseLender(page, "flexshopper", "flex-payment-step")
    await flexApply(page, "666101234")
    await page.getByTestId("flexshopper-verification").waitFor()
    for (const answer of KBA_ANSWERS) await page.getByLabel(answer, { exact: true }).check()
    await screenshot(page, "flex-identity", SPEC)
    await page.getByTestId("flexshopper-answer").click()
    await page.getByTestId("flexshopper-sign").waitFor()
    await page.getByTestId("flexshopper-button").waitFor()
    const popup = page.waitForEvent("popup")
    await page.getByTestId("flexshopper-button").click()
    const modal = await popup
    await modal.getByTestId("sign-form").waitFor()
    await screenshot(modal, "flex-lease-window", SPEC)
    await modal.locator('input[name="signed"]').check()
    await modal.getByTestId("sign-lease").click()
    await expectConfirmation(page, "flexshopper", "flex-confirmed")
  })

  it("FlexShopper (US): declined application → payment step with the message, no order", async () => {
    const { page } = session
    const cartId = await cartAtPaymentStep(page, "us", `flex.decline.${Date.now()}@example.com`, "2125550199")
    await chooseLender(page, "flexshopper", "flex-decline-payment-step")
    await flexApply(page, "666301234")
    await expectBackAtPaymentStep(page, /FlexShopper declined your lease application/, cartId, "flex-declined")
  })
})

function repoArtifacts(): string {
  return path.resolve(__dirname, "..", "..", "artifacts", "browser")
}
