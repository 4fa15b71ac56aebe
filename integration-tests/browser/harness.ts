// The browser tests' shop: this repository's host app (medusa-config.ts, loading ./src) started with
// `medusa start` and the BUILT admin (`medusa build --admin-only`, served from public/admin the way
// a production Medusa serves it), a fresh database seeded with the demo store, the lender sandbox
// in this process (so tests read its ledger and inject faults), and the demo storefront. Chromium
// is Debian's (/usr/bin/chromium), driven by playwright-core; screenshots go to artifacts/browser/.
import { spawn } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { Client } from "pg"
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core"
import { startSandbox, type SandboxHandle } from "../../packages/sandbox/src"
import { freePort, medusaBin, repoRoot, runCommand, startMedusa, type RunningServer } from "../utils/medusa-process"
import { appendSuiteLog } from "../utils/suite-log"

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium"
export const ARTIFACTS_DIR = path.join(repoRoot, "artifacts", "browser")
const ADMIN_BUILD_DIR = path.join(repoRoot, ".medusa", "admin")
const ADMIN_SERVE_DIR = path.join(repoRoot, "public", "admin")

export interface DemoStoreInfo {
  publishableKey: string
  regions: Record<"uk" | "us", { id: string; payment_providers: string[] }>
  [key: string]: unknown
}

export interface Shop {
  backendUrl: string
  adminUrl: string
  storefrontUrl: string
  publishableKey: string
  store: DemoStoreInfo
  sandbox: SandboxHandle
  admin: { email: string; password: string }
  databaseUrl: string
  /** Everything Medusa printed so far (for failure messages). */
  serverOutput: () => string
  stop: () => Promise<void>
}

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0
  const stat = fs.statSync(target)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)))
  return newest
}

/**
 * Builds the admin (dashboard + this plugin's extensions) unless the build is newer than every
 * admin source, and puts it where `medusa start` serves it. CI always builds once per run.
 */
export async function ensureBuiltAdmin(): Promise<void> {
  const marker = path.join(ADMIN_SERVE_DIR, "index.html")
  const sources = Math.max(
    newestMtime(path.join(repoRoot, "src", "admin")),
    newestMtime(path.join(repoRoot, "medusa-config.ts")),
  )
  if (!fs.existsSync(marker) || fs.statSync(marker).mtimeMs < sources) {
    const result = await runCommand(medusaBin, ["build", "--admin-only"], {
      cwd: repoRoot,
      env: {
        ...process.env,
        NODE_ENV: "production",
        MEDUSA_DISABLE_TELEMETRY: "true",
        JEST_WORKER_ID: "",
        TEST_TYPE: "",
      },
    })
    if (result.code !== 0) throw new Error(`medusa build --admin-only failed:\n${result.output.slice(-4000)}`)
    fs.rmSync(ADMIN_SERVE_DIR, { recursive: true, force: true })
    fs.mkdirSync(path.dirname(ADMIN_SERVE_DIR), { recursive: true })
    fs.cpSync(ADMIN_BUILD_DIR, ADMIN_SERVE_DIR, { recursive: true })
  }
}

function serverSettings() {
  return {
    host: process.env.DB_HOST || "localhost",
    port: Number(process.env.DB_PORT || 5432),
    user: process.env.DB_USERNAME || "postgres",
    password: process.env.DB_PASSWORD || "",
  }
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ ...serverSettings(), database: "postgres" })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

let shopCount = 0

/** Starts a complete shop on fresh ports and a fresh database. Call `stop()` in afterAll. */
export async function startShop({
  env: extraEnv = {},
  storefront: withStorefront = true,
}: {
  /** Extra environment for the sandbox and Medusa (lender options, sandbox timings). */
  env?: Record<string, string>
  /** Admin-only tests can do without the demo storefront. */
  storefront?: boolean
} = {}): Promise<Shop> {
  await ensureBuiltAdmin()

  const db = serverSettings()
  const dbName = `financing_browser_${process.pid}_${++shopCount}`
  await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)
  await adminQuery(`CREATE DATABASE "${dbName}"`)
  const auth = db.password
    ? `${encodeURIComponent(db.user)}:${encodeURIComponent(db.password)}`
    : encodeURIComponent(db.user)
  const databaseUrl = `postgres://${auth}@${db.host}:${db.port}/${dbName}`

  const [backendPort, storefrontPort] = [await freePort(), await freePort()]
  const backendUrl = `http://localhost:${backendPort}`
  const storefrontOrigin = `http://localhost:${storefrontPort}`
  const sandbox = await startSandbox({ port: 0, quiet: true, env: { ...process.env, ...extraEnv } })
  const admin = { email: "admin@financing.demo", password: "financing-demo" }
  const cors = [storefrontOrigin, backendUrl, `http://127.0.0.1:${storefrontPort}`].join(",")
  const seedOut = path.join(repoRoot, ".tmp", `browser-store-${dbName}.json`)

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...extraEnv,
    // Not "development" (which serves the admin through Vite) and not "production" (Secure
    // cookies, which a plain-http test server cannot set): "test" serves the built admin.
    NODE_ENV: "test",
    DATABASE_URL: databaseUrl,
    PORT: String(backendPort),
    MEDUSA_BACKEND_URL: backendUrl,
    FINANCING_SANDBOX_URL: sandbox.url,
    FINANCING_STOREFRONT_URL: storefrontOrigin,
    STORE_CORS: cors,
    ADMIN_CORS: cors,
    AUTH_CORS: cors,
    DEMO_ADMIN_EMAIL: admin.email,
    DEMO_ADMIN_PASSWORD: admin.password,
    DEMO_STORE_OUTPUT: seedOut,
    MEDUSA_DISABLE_TELEMETRY: "true",
    // The jest process's own markers would make Medusa think it runs inside the test runner.
    JEST_WORKER_ID: "",
    TEST_TYPE: "",
  }

  const stops: Array<() => Promise<void>> = [() => sandbox.close()]
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined)
    await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined)
    fs.rmSync(seedOut, { force: true })
  }

  try {
    for (const [label, args] of [
      ["db:migrate", ["db:migrate"]],
      ["seed", ["exec", "./demo/seed.ts"]],
    ] as const) {
      const result = await runCommand(medusaBin, [...args], { cwd: repoRoot, env })
      if (result.code !== 0) throw new Error(`medusa ${label} failed:\n${result.output.slice(-4000)}`)
    }
    const store = JSON.parse(fs.readFileSync(seedOut, "utf8")) as DemoStoreInfo

    let storefrontUrl = storefrontOrigin
    if (withStorefront) {
      const storefront = await startStorefrontProcess(storefrontPort, backendUrl, store.publishableKey)
      stops.push(() => storefront.stop())
      storefrontUrl = storefront.url
    }

    const server: RunningServer = await startMedusa({ cwd: repoRoot, env, port: backendPort })
    stops.push(() => server.stop())

    return {
      backendUrl,
      adminUrl: `${backendUrl}/app`,
      storefrontUrl,
      publishableKey: store.publishableKey,
      store,
      sandbox,
      admin,
      databaseUrl,
      serverOutput: server.output,
      stop: stopAll,
    }
  } catch (error) {
    await stopAll()
    throw error
  }
}

/** The demo storefront in its own Node process (it bundles with esbuild, an ES module). */
async function startStorefrontProcess(port: number, backendUrl: string, publishableKey: string) {
  const script = path.join(repoRoot, "demo", "storefront", "server.mjs")
  const child = spawn(
    process.execPath,
    [script, "--port", String(port), "--backend", backendUrl, "--key", publishableKey],
    {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    },
  )
  let output = ""
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk
      appendSuiteLog(chunk)
      const match = /storefront ready (\S+)/.exec(output)
      if (match) resolve(match[1])
    }
    child.stdout.on("data", onData)
    child.stderr.on("data", onData)
    child.on("exit", (code) => reject(new Error(`the demo storefront exited (code ${code}):\n${output.slice(-4000)}`)))
  })
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`the demo storefront did not start:\n${output.slice(-4000)}`)), 60_000).unref(),
  )
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once("exit", () => resolve())
      child.kill("SIGTERM")
    })
  try {
    const url = await Promise.race([ready, timeout])
    return { url, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

export interface BrowserSession {
  browser: Browser
  context: BrowserContext
  page: Page
  close: () => Promise<void>
}

/** Debian's Chromium, headless, with the flags this network-less machine needs. */
export async function launchBrowser(): Promise<BrowserSession> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium package (.ci/run does) or set CHROMIUM_PATH`,
    )
  }
  // playwright gives every launch a new, empty profile directory of its own (the fresh
  // --user-data-dir the machine notes ask for) and removes it on close.
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  })
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  context.setDefaultTimeout(30_000)
  context.setDefaultNavigationTimeout(60_000)
  const page = await context.newPage()
  return {
    browser,
    context,
    page,
    close: async () => {
      await browser.close().catch(() => undefined)
    },
  }
}

const shotCounters = new Map<string, number>()

/**
 * Saves a full-page screenshot as artifacts/browser/<spec>/<nn>-<name>.png, numbered in the
 * order taken. `spec` defaults to the name of the running jest test file.
 */
export async function screenshot(page: Page, name: string, spec = currentSpecName()): Promise<string> {
  const dir = path.join(ARTIFACTS_DIR, spec)
  fs.mkdirSync(dir, { recursive: true })
  const n = (shotCounters.get(spec) ?? 0) + 1
  shotCounters.set(spec, n)
  const file = path.join(dir, `${String(n).padStart(2, "0")}-${name.replace(/[^a-z0-9-]+/gi, "-")}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}

function currentSpecName(): string {
  const testPath = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect?.getState?.().testPath
  return testPath ? path.basename(testPath).replace(/\.spec\.[jt]s$/, "") : "browser"
}

/** Logs in to the built admin with the seeded admin user and waits for the dashboard. */
export async function loginToAdmin(page: Page, shop: Shop): Promise<void> {
  await page.goto(`${shop.adminUrl}/login`)
  await page.locator('input[name="email"]').fill(shop.admin.email)
  await page.locator('input[name="password"]').fill(shop.admin.password)
  await page.locator('button[type="submit"]').click()
  await page.waitForURL((url) => !url.pathname.endsWith("/login"), { timeout: 60_000 })
}

/** Bearer token for the admin API (for set-up and assertions that are not the point of a test). */
export async function adminApiToken(shop: Shop): Promise<string> {
  const response = await fetch(`${shop.backendUrl}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(shop.admin),
  })
  if (!response.ok) throw new Error(`admin login failed: HTTP ${response.status}`)
  return ((await response.json()) as { token: string }).token
}

/** Fails the test with the page's console errors attached, which otherwise vanish. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = []
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text())
  })
  page.on("pageerror", (error) => errors.push(error.message))
  return errors
}
