// The packaging check, shared by the version matrix and the official starter: the packed plugin
// installed into a store exactly as README's install section says (plain `npm install`, the
// medusa-config edit, `medusa db:migrate`), then the store booted with its own `medusa start`
// and sold through: all four providers registered, the admin routes answering, one store-API
// checkout per lender against the sandbox, and the admin's capture and refund of each order.
// The steps run in order in one store; a step that fails leaves the later ones failing too.
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import axios from "axios"
import { repoRoot, type RunningServer } from "../utils/medusa-process"
import { ensureFreshBuild, packPlugin } from "../utils/pack"
import { useSandboxAndBackend } from "../utils/sandbox"
import { seedStoreOverAdminApi } from "./admin-seed"
import {
  capture,
  orderPayment,
  payWithFlexShopper,
  payWithNewDay,
  payWithPaymentAssist,
  payWithVault,
  refund,
  shipAndDeliverEverything,
  type InstalledShop,
} from "./lender-checkouts"
import { adminHeadersFor, installPlugin, listFiles, openStoreApp, type Installation, type StoreApp } from "./store-app"

export const LENDERS = ["payment-assist", "flexshopper", "newday", "vault"] as const

export interface InstalledStoreSuite {
  /** Names the store in test titles, its temp directory and its database. */
  label: string
  /** Creates the store's directory (package.json, medusa-config.ts, …) before anything is installed. */
  createAppDir: () => Promise<string> | string
  /** Also run `medusa build --admin-only` and look for the plugin's admin extensions in the bundle. */
  adminBuild: boolean
  /** Medusa version the store must end up with (node_modules/@medusajs/medusa). */
  expectedMedusaVersion: string
}

const timings: Record<string, number> = {}
function timed(label: string, step: string, ms: number) {
  timings[step] = Math.round(ms / 100) / 10
  const dir = path.join(repoRoot, ".tmp", "packaging-timings")
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, `${label}.json`), JSON.stringify({ label, seconds: timings }, null, 2))
}
async function time<T>(label: string, step: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now()
  try {
    return await work()
  } finally {
    timed(label, step, Date.now() - started)
  }
}

export function describeInstalledStore(suite: InstalledStoreSuite) {
  const { label } = suite
  // Lenders' callbacks (webhooks, returns) must reach the store: its port is fixed up front, and
  // its medusa-config (README's snippet) reads MEDUSA_BACKEND_URL and FINANCING_SANDBOX_URL.
  const lenderEnv = {
    // Manual capture (Payment Assist's default is auto-capture): the suite captures in the admin.
    PAYMENT_ASSIST_AUTO_CAPTURE: "false",
    PAYMENT_ASSIST_MANUAL_REFUNDS: "true",
    VAULT_MANUAL_REFUNDS: "true",
    FINANCING_STOREFRONT_URL: "http://storefront.test",
  }
  const env = useSandboxAndBackend(lenderEnv)

  describe(`the packed plugin installed into ${label} as README says`, () => {
    let workDir: string
    let tarball: { file: string; files: string[] }
    let installation: Installation
    let app: StoreApp
    let server: RunningServer | undefined
    let shop: InstalledShop

    beforeAll(async () => {
      await ensureFreshBuild()
      workDir = fs.mkdtempSync(path.join(os.tmpdir(), `financing-pack-${label}-`))
      tarball = await packPlugin(workDir)
      const dir = await suite.createAppDir()
      installation = await time(label, "install (npm install + npm install <tarball>)", () =>
        installPlugin(dir, tarball.file),
      )
      timed(label, "npm install", installation.dependencies.ms)
      timed(label, "npm install <tarball>", installation.plugin.ms)
      const sandboxUrl = env.sandbox().url
      app = await openStoreApp(dir, label, {
        ...lenderEnv,
        MEDUSA_BACKEND_URL: env.backendUrl(),
        FINANCING_SANDBOX_URL: sandboxUrl,
      })
    })

    afterAll(async () => {
      await env
        .sandbox()
        .webhooks.idle()
        .catch(() => undefined)
      await server?.stop()
      await app?.remove()
      if (workDir) fs.rmSync(workDir, { recursive: true, force: true })
    })

    const failed = (what: string, result: { code: number; output: string }) =>
      `${what} exited ${result.code}:\n${result.output.slice(-4000)}`

    it("packs the built server code, the admin bundle and the README — and no sources, tests or sandbox", () => {
      expect(tarball.files).toEqual(
        expect.arrayContaining([
          "package.json",
          "README.md",
          ".medusa/server/src/admin/index.mjs",
          ".medusa/server/src/admin/index.js",
          ".medusa/server/src/modules/financing/index.js",
          ".medusa/server/src/config.js",
          ...LENDERS.map((slug) => `.medusa/server/src/providers/${slug}/index.js`),
        ]),
      )
      expect(
        tarball.files.filter(
          (f) => f.startsWith("src/") || f.includes("__tests__") || f.startsWith("integration-tests/"),
        ),
      ).toEqual([])
      // The lender sandbox is its own package (packages/sandbox, medusa-financing-sandbox): none of it ships here.
      expect(tarball.files.filter((f) => /(^|\/)sandbox\//.test(f) || f.startsWith("packages/"))).toEqual([])
      expect(
        tarball.files.filter((f) => f.startsWith(".medusa/server/src/modules/financing/migrations/")).length,
      ).toBeGreaterThan(0)
    })

    it("installs with plain npm install: no peer-dependency conflict, on the expected Medusa", () => {
      const { dependencies, plugin } = installation
      // On failure the expectation shows what npm printed (an ERESOLVE names the conflicting peer).
      const verdict = (result: { code: number; output: string }) =>
        result.code === 0 && !/ERESOLVE/.test(result.output) ? "installed" : result.output.slice(-3000)
      expect(verdict(dependencies)).toBe("installed")
      expect(verdict(plugin)).toBe("installed")
      const installed = (name: string) =>
        JSON.parse(fs.readFileSync(path.join(app.dir, "node_modules", name, "package.json"), "utf8"))
      expect(installed("@medusajs/medusa").version).toBe(suite.expectedMedusaVersion)
      expect(installed("@medusajs/framework").version).toBe(suite.expectedMedusaVersion)
      // npm laid the tarball out itself, and did not bring a second Medusa along with it.
      expect(installed("medusa-plugin-financing").version).toBe(
        JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")).version,
      )
      expect(
        fs.existsSync(path.join(app.dir, "node_modules", "medusa-plugin-financing", "node_modules", "@medusajs")),
      ).toBe(false)
      const pkg = JSON.parse(fs.readFileSync(path.join(app.dir, "package.json"), "utf8"))
      expect(pkg.dependencies["medusa-plugin-financing"]).toMatch(/^file:/)
    })

    it("resolves every path in the package exports map from the store", () => {
      const fromStore = (id: string) => require.resolve(id, { paths: [app.dir] })
      expect(fromStore("medusa-plugin-financing/modules/financing")).toMatch(/modules\/financing\/index\.js$/)
      expect(fromStore("medusa-plugin-financing/workflows")).toMatch(/workflows\/index\.js$/)
      expect(fromStore("medusa-plugin-financing/admin")).toMatch(/admin\/index\.js$/)
      expect(fromStore("medusa-plugin-financing/config")).toMatch(/src\/config\.js$/)
      for (const slug of LENDERS) {
        expect(fromStore(`medusa-plugin-financing/providers/${slug}`)).toMatch(
          new RegExp(`providers/${slug}/index\\.js$`),
        )
      }
    })

    it("migrates the store, creating the plugin's tables", async () => {
      const result = await app.medusa(["db:migrate"])
      timed(label, "medusa db:migrate", result.ms)
      expect(result.code === 0 ? "ok" : failed("medusa db:migrate", result)).toBe("ok")
      const rows = await app.sql<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_name IN ('financing_operation', 'financing_session_secret') ORDER BY table_name",
      )
      expect(rows.map((r) => r.table_name)).toEqual(["financing_operation", "financing_session_secret"])
    })

    if (suite.adminBuild) {
      it("bundles the plugin's order widget and settings page into the store's admin build", async () => {
        const result = await app.medusa(["build", "--admin-only"])
        timed(label, "medusa build --admin-only", result.ms)
        expect(result.code === 0 ? "ok" : failed("medusa build --admin-only", result)).toBe("ok")
        const bundle = listFiles(path.join(app.dir, ".medusa", "admin"))
          .filter((file) => file.endsWith(".js"))
          .map((file) => fs.readFileSync(file, "utf8"))
          .join("\n")
        // Markers that only exist in this plugin's admin code (medusa build exits 0 even when it
        // could not bundle, so the bundle itself is what counts).
        expect(bundle).toContain("financing-order-widget")
        expect(bundle).toContain("medusa-plugin-financing:settings")
      })
    }

    it("boots with the plugin: all four payment providers register and its admin routes answer", async () => {
      const port = Number(new URL(env.backendUrl()).port)
      server = await time(label, "medusa start (to healthy)", () => app.start(port))
      const admin = await adminHeadersFor(app, server.url)
      const api = axios.create({ baseURL: server.url, proxy: false, timeout: 60_000 })
      shop = { api, admin, store: undefined as never, sandbox: env.sandbox() }

      const { data: providers } = await api.get("/admin/payments/payment-providers?limit=100", admin)
      const ids = providers.payment_providers.map((p: { id: string }) => p.id)
      expect(ids).toEqual(expect.arrayContaining(LENDERS.map((slug) => `pp_${slug}_${slug}`)))

      const { data } = await api.get("/admin/financing/lenders", admin)
      expect(data.lenders.map((l: { slug: string }) => l.slug)).toEqual([...LENDERS])
      for (const lender of data.lenders) expect(lender).toMatchObject({ registered: true })
      expect(server.output()).not.toMatch(/Unable to (find|resolve) (module|plugin)/i)
    })

    it("is set up for selling through the admin API: UK (GBP) and US (USD) regions offering their lenders", async () => {
      shop.store = await time(label, "store set-up over the admin API", () =>
        seedStoreOverAdminApi(shop.api, shop.admin),
      )
      const { data } = await shop.api.get("/store/regions", {
        headers: { "x-publishable-api-key": shop.store.publishableKey },
      })
      const byCurrency = Object.fromEntries(
        data.regions.map((r: { currency_code: string; id: string }) => [r.currency_code, r.id]),
      )
      expect(byCurrency).toMatchObject({ gbp: shop.store.regions.uk.id, usd: shop.store.regions.us.id })
      expect(shop.store.regions.uk.payment_providers).toEqual(
        expect.arrayContaining(["pp_payment-assist_payment-assist", "pp_newday_newday", "pp_vault_vault"]),
      )
      expect(shop.store.regions.us.payment_providers).toEqual(
        expect.arrayContaining(["pp_flexshopper_flexshopper", "pp_vault_vault"]),
      )
    })

    it("Payment Assist: checkout → order; the admin captures it at Payment Assist and records a refund", async () => {
      await time(label, "checkout + capture + refund: payment-assist", async () => {
        const { token, orderId, completed } = await payWithPaymentAssist(shop)
        expect(orderId).toMatch(/^order_/)
        expect(completed).toMatchObject({ type: "order", order: { id: orderId } })
        const payment = await orderPayment(shop, orderId!)
        expect(payment).toMatchObject({ provider_id: "pp_payment-assist_payment-assist", captured_at: null })

        await capture(shop, payment.id)
        expect(shop.sandbox.ledger("payment-assist").list({ type: "capture", ref: token })).toHaveLength(1)
        expect((await orderPayment(shop, orderId!)).captured_at).toBeTruthy()

        const refunded = await refund(shop, payment.id, 50)
        expect(refunded.data.payment.refunds).toHaveLength(1)
        expect((await orderPayment(shop, orderId!)).data.manual_refunds).toEqual([
          expect.objectContaining({ amount: "50.00" }),
        ])
      })
    })

    it("NewDay: checkout → order; the admin's capture settles at NewDay and its refund is refunded there", async () => {
      await time(label, "checkout + capture + refund: newday", async () => {
        const { orderId, completed } = await payWithNewDay(shop)
        expect(completed.type).toBe("order")
        const payment = await orderPayment(shop, orderId!)
        expect(payment.provider_id).toBe("pp_newday_newday")
        const authorisation = payment.data.authorisation_id as string
        expect(authorisation).toBeTruthy()

        await capture(shop, payment.id)
        const ledger = shop.sandbox.ledger("newday")
        expect(ledger.list({ type: "settle", ref: authorisation })).toHaveLength(1)
        await refund(shop, payment.id, 10)
        expect(ledger.list({ type: "refund" }).length).toBeGreaterThanOrEqual(1)
        const after = await orderPayment(shop, orderId!)
        expect(after.captured_at).toBeTruthy()
        expect(after.refunds.map((r) => Number(r.amount))).toEqual([10])
      })
    })

    it("Vault: hosted card checkout → order captured at Vault; the admin's capture adds nothing and its refund is recorded", async () => {
      await time(label, "checkout + capture + refund: vault", async () => {
        const { orderId } = await payWithVault(shop)
        expect(orderId).toMatch(/^order_/)
        const payment = await orderPayment(shop, orderId!)
        expect(payment.provider_id).toBe("pp_vault_vault")
        expect(payment.captures).toHaveLength(1) // Vault's card payment is taken at checkout
        expect(shop.sandbox.ledger("vault").list({ type: "checkout.captured" })).toHaveLength(1)

        const again = await capture(shop, payment.id)
        expect(again.status).toBe(200)
        expect((await orderPayment(shop, orderId!)).captures).toHaveLength(1)
        const refunded = await refund(shop, payment.id, 25)
        expect(refunded.data.payment.refunds).toHaveLength(1)
        expect((await orderPayment(shop, orderId!)).data.manual_refunds).toEqual([
          expect.objectContaining({ amount: expect.stringMatching(/^25(\.00)?$/) }),
        ])
      })
    })

    it("FlexShopper: lease checkout → order; shipping and delivery in the admin capture it, and a shipping refund is credited", async () => {
      await time(label, "checkout + capture + refund: flexshopper", async () => {
        const { orderId, transactionId, completed } = await payWithFlexShopper(shop)
        expect(completed.type).toBe("order")
        const captured = await shipAndDeliverEverything(shop, orderId!, transactionId)
        expect(captured.provider_id).toBe("pp_flexshopper_flexshopper")
        expect(captured.captures.reduce((sum, c) => sum + Math.round(Number(c.amount) * 100), 0)).toBe(59900 + 1495)
        const again = await capture(shop, captured.id)
        expect(again.status).toBe(200)

        // After delivery FlexShopper credits shipping as a whole part of the lease.
        await refund(shop, captured.id, 14.95)
        expect(shop.sandbox.ledger("flexshopper").list({ type: "credit", ref: transactionId })).toEqual([
          expect.objectContaining({ amount: "14.95" }),
        ])
        expect((await orderPayment(shop, orderId!)).refunds.map((r) => Number(r.amount))).toEqual([14.95])
      })
    })
  })
}
