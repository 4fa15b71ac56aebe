// The packaging check: install the packed plugin into a throwaway Medusa app the way a store
// would (`plugins` + payment-module `providers` pointing at the package's export paths), migrate
// it, boot it, and prove the payment providers registered and the admin extension is bundled.
// "Provider not registered" is the most common complaint about Medusa payment plugins.
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { Client } from "pg"
import { adminToken, medusaBin, repoRoot, runCommand, startMedusa, type RunningServer } from "../utils/medusa-process"
import { ensureFreshBuild, installTarball, packPlugin } from "../utils/pack"

jest.setTimeout(15 * 60_000)

const ADMIN = { email: "packaging@financing.test", password: "packaging-check" }
const dbName = `financing_packaging_${process.pid}`

function providerSlugs(): string[] {
  const dir = path.join(repoRoot, "src", "providers")
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir).filter((name) => fs.existsSync(path.join(dir, name, "index.ts")))
}

function serverClient(database = "postgres") {
  return new Client({
    host: process.env.DB_HOST,
    port: Number(process.env.DB_PORT || 5432),
    user: process.env.DB_USERNAME || "postgres",
    password: process.env.DB_PASSWORD || "",
    database,
  })
}

describe("the packed plugin installed into a throwaway Medusa app", () => {
  let workDir: string
  let appDir: string
  let tarball: { file: string; files: string[] }
  let env: NodeJS.ProcessEnv
  let server: RunningServer | undefined

  beforeAll(async () => {
    await ensureFreshBuild()
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "financing-packaging-"))
    tarball = await packPlugin(workDir)
    appDir = path.join(workDir, "store")
    await installTarball(tarball.file, appDir)

    const admin = serverClient()
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}"`)
    await admin.query(`CREATE DATABASE "${dbName}"`)
    await admin.end()

    const auth = process.env.DB_PASSWORD ? `${process.env.DB_USERNAME}:${process.env.DB_PASSWORD}` : process.env.DB_USERNAME
    env = {
      ...process.env,
      NODE_ENV: "development",
      DATABASE_URL: `postgres://${auth}@${process.env.DB_HOST}:${process.env.DB_PORT}/${dbName}`,
      FINANCING_SANDBOX_URL: "http://127.0.0.1:9",
      MEDUSA_DISABLE_TELEMETRY: "true",
      JEST_WORKER_ID: "",
      TEST_TYPE: "",
    }
  })

  afterAll(async () => {
    await server?.stop()
    const admin = serverClient()
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)
    await admin.end()
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true })
  })

  it("packs the built server code, the admin bundle and the README — and no sources or tests", () => {
    expect(tarball.files).toEqual(expect.arrayContaining([
      "package.json",
      "README.md",
      ".medusa/server/src/admin/index.mjs",
      ".medusa/server/src/admin/index.js",
      ".medusa/server/src/modules/financing/index.js",
      ".medusa/server/src/config.js",
      ".medusa/server/src/sandbox/cli.js",
      ...providerSlugs().map((slug) => `.medusa/server/src/providers/${slug}/index.js`),
    ]))
    expect(tarball.files.filter((f) => f.startsWith("src/") || f.includes("__tests__") || f.startsWith("integration-tests/"))).toEqual([])
    const migrations = tarball.files.filter((f) => f.startsWith(".medusa/server/src/modules/financing/migrations/"))
    expect(migrations.length).toBeGreaterThan(0)
  })

  it("resolves every path in the package exports map", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(appDir, "node_modules/medusa-plugin-financing/package.json"), "utf8"))
    const requireFromApp = (id: string) => require.resolve(id, { paths: [appDir] })
    expect(requireFromApp("medusa-plugin-financing/modules/financing")).toMatch(/modules\/financing\/index\.js$/)
    expect(requireFromApp("medusa-plugin-financing/workflows")).toMatch(/workflows\/index\.js$/)
    expect(requireFromApp("medusa-plugin-financing/admin")).toMatch(/admin\/index\.js$/)
    expect(requireFromApp("medusa-plugin-financing/config")).toMatch(/src\/config\.js$/)
    for (const slug of providerSlugs()) {
      expect(requireFromApp(`medusa-plugin-financing/providers/${slug}`)).toMatch(new RegExp(`providers/${slug}/index\\.js$`))
    }
    expect(pkg.bin["medusa-financing-sandbox"]).toBe("./.medusa/server/src/sandbox/cli.js")
  })

  it("migrates the store with the plugin's module migrations", async () => {
    const result = await runCommand(medusaBin, ["db:migrate"], { cwd: appDir, env })
    expect({ code: result.code, tail: result.output.slice(-3000) }).toEqual({ code: 0, tail: expect.any(String) })

    const db = serverClient(dbName)
    await db.connect()
    const { rows } = await db.query(
      "SELECT table_name FROM information_schema.tables WHERE table_name IN ('financing_operation', 'financing_session_secret') ORDER BY table_name"
    )
    await db.end()
    expect(rows.map((r) => r.table_name)).toEqual(["financing_operation", "financing_session_secret"])
  })

  it("bundles the plugin's admin extensions into the store's admin build", async () => {
    const result = await runCommand(medusaBin, ["build", "--admin-only"], { cwd: appDir, env })
    expect({ code: result.code, tail: result.output.slice(-3000) }).toEqual({ code: 0, tail: expect.any(String) })
    const assets = path.join(appDir, ".medusa", "admin")
    const bundle = listFiles(assets)
      .filter((file) => file.endsWith(".js"))
      .map((file) => fs.readFileSync(file, "utf8"))
      .join("\n")
    // Markers that only exist in this plugin's admin code.
    expect(bundle).toContain("medusa-plugin-financing:settings")
  })

  it("boots with the plugin: its payment providers register and its admin routes answer", async () => {
    const user = await runCommand(medusaBin, ["user", "-e", ADMIN.email, "-p", ADMIN.password], { cwd: appDir, env })
    expect(user.code).toBe(0)

    server = await startMedusa({ cwd: appDir, env: { ...env, MEDUSA_ADMIN_DISABLED: "true" } })
    const token = await adminToken(server.url, ADMIN.email, ADMIN.password)
    const headers = { authorization: `Bearer ${token}` }

    const providers = await (await fetch(`${server.url}/admin/payments/payment-providers?limit=100`, { headers })).json()
    const ids = providers.payment_providers.map((p: { id: string }) => p.id)
    for (const slug of providerSlugs()) {
      expect(ids).toContain(`pp_${slug}_${slug}`)
    }

    const lenders = await fetch(`${server.url}/admin/financing/lenders`, { headers })
    expect(lenders.status).toBe(200)
    const body = await lenders.json()
    expect(body.lenders.map((l: { slug: string }) => l.slug)).toEqual(["payment-assist", "flexshopper", "newday", "vault"])
    for (const slug of providerSlugs()) {
      expect(body.lenders.find((l: { slug: string }) => l.slug === slug)).toMatchObject({ registered: true })
    }
    expect(server.output()).not.toMatch(/Unable to (find|resolve) (module|plugin)/i)
  })
})

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? listFiles(full) : [full]
  })
}
