#!/usr/bin/env node
// `npm run demo`: database (embedded unless configured) → migrations → seed (idempotent) →
// lender sandbox → demo storefront → Medusa with the admin at /app. Ctrl-C stops everything it started.
import fs from "node:fs"
import path from "node:path"
import { spawn } from "node:child_process"
import { ensureDatabaseExists, projectRoot, startDatabase } from "./lib/database.mjs"
import { run } from "./lib/run.mjs"

const DEMO_DB = process.env.DEMO_DB_NAME || "medusa_financing_demo"
const PORT = process.env.PORT || "9000"
const SANDBOX_PORT = process.env.SANDBOX_PORT || "9100"
const STOREFRONT_PORT = process.env.STOREFRONT_PORT || "8000"
const STOREFRONT_URL = `http://localhost:${STOREFRONT_PORT}`
const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL || "admin@financing.demo"
const ADMIN_PASSWORD = process.env.DEMO_ADMIN_PASSWORD || "financing-demo"

const medusa = path.join(projectRoot, "node_modules", ".bin", "medusa")
// --starter: Medusa's official starter storefront (dtc-starter) with the guide's edits, instead of
// the demo storefront (docs/storefront/official-starter.md).
const STARTER = process.argv.slice(2).includes("--starter")
const children = new Set()
let db
let stopping = false

async function shutdown(code) {
  if (stopping) return
  stopping = true
  console.log("\nStopping the demo…")
  for (const child of children) child.kill("SIGTERM")
  await Promise.all([...children].map((child) => new Promise((resolve) => child.once("exit", resolve))))
  await db?.stop()
  process.exit(code)
}
process.on("SIGINT", () => shutdown(0))
process.on("SIGTERM", () => shutdown(0))

function start(label, command, args, env) {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"], cwd: projectRoot })
  children.add(child)
  const prefix = `[${label}] `
  const forward = (stream, target) =>
    stream.on("data", (chunk) => {
      for (const line of chunk.toString().split("\n")) if (line.trim()) target.write(prefix + line + "\n")
    })
  forward(child.stdout, process.stdout)
  forward(child.stderr, process.stderr)
  child.on("exit", (code) => {
    children.delete(child)
    if (!stopping) {
      console.error(`${label} exited (code ${code}); stopping the demo.`)
      shutdown(code || 1)
    }
  })
  return child
}

function starterReturnUrls(base) {
  return {
    PAYMENT_ASSIST_STOREFRONT_SUCCESS_URL: `${base}/payment-assist/success`,
    PAYMENT_ASSIST_STOREFRONT_FAILURE_URL: `${base}/payment-assist/failure`,
    VAULT_STOREFRONT_SUCCESS_URL: `${base}/vault/success`,
    VAULT_STOREFRONT_FAILURE_URL: `${base}/vault/failure`,
    NEWDAY_SIGNED_IN_URL: `${base}/newday`,
    NEWDAY_SUCCESS_URL: `${base}/newday`,
    NEWDAY_FAILURE_URL: `${base}/newday`,
  }
}

async function waitFor(url, what, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url)
      if (response.status < 500) return
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000}s`)
}

async function main() {
  db = await startDatabase({ instance: "demo", log: console.log })
  await ensureDatabaseExists(db.server, DEMO_DB)
  const dbEnv = { ...db.env, DATABASE_URL: db.env.DATABASE_URL.replace(/\/[^/]*$/, `/${DEMO_DB}`) }
  const env = {
    ...process.env,
    ...dbEnv,
    PORT,
    SANDBOX_PORT,
    FINANCING_SANDBOX_URL: process.env.FINANCING_SANDBOX_URL || `http://127.0.0.1:${SANDBOX_PORT}`,
    MEDUSA_BACKEND_URL: process.env.MEDUSA_BACKEND_URL || `http://localhost:${PORT}`,
    FINANCING_STOREFRONT_URL: process.env.FINANCING_STOREFRONT_URL || STOREFRONT_URL,
    STORE_CORS: process.env.STORE_CORS || `${STOREFRONT_URL},http://localhost:${PORT}`,
    MEDUSA_DISABLE_TELEMETRY: "true",
    // The starter storefront's return route (step 0 of docs/storefront/official-starter.md).
    ...(STARTER ? starterReturnUrls(`${STOREFRONT_URL}/api/financing`) : {}),
  }

  start("sandbox", process.execPath, ["-r", "ts-node/register", "packages/sandbox/src/cli.ts"], env)
  await waitFor(`http://127.0.0.1:${SANDBOX_PORT}/__sandbox`, "The lender sandbox", 60_000)

  if ((await run(medusa, ["db:migrate"], { env, cwd: projectRoot, label: "Migrating the demo database" })) !== 0) {
    throw new Error("medusa db:migrate failed")
  }
  if (
    (await run(medusa, ["exec", "./demo/seed.ts"], { env, cwd: projectRoot, label: "Seeding the demo store" })) !== 0
  ) {
    throw new Error("Seeding the demo store failed")
  }

  const store = JSON.parse(fs.readFileSync(path.join(projectRoot, ".tmp", "demo-store.json"), "utf8"))
  if (STARTER) {
    // The starter's pages are built from the running backend (products, regions): Medusa first.
    start("medusa", medusa, ["develop"], env)
    await waitFor(`http://localhost:${PORT}/health`, "Medusa")
    const storefrontEnv = { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true" }
    start(
      "starter",
      process.execPath,
      [
        "-r",
        "ts-node/register",
        "integration-tests/starter-storefront/demo.ts",
        STOREFRONT_PORT,
        env.MEDUSA_BACKEND_URL,
        store.publishableKey,
      ],
      storefrontEnv,
    )
    await waitFor(`${STOREFRONT_URL}/api/financing/not-a-lender`, "The official starter storefront", 15 * 60_000)
  } else {
    start(
      "storefront",
      process.execPath,
      [
        "demo/storefront/server.mjs",
        "--port",
        STOREFRONT_PORT,
        "--backend",
        env.MEDUSA_BACKEND_URL,
        "--key",
        store.publishableKey,
      ],
      env,
    )
    await waitFor(STOREFRONT_URL, "The demo storefront", 60_000)

    start("medusa", medusa, ["develop"], env)
    await waitFor(`http://localhost:${PORT}/health`, "Medusa")
  }

  console.log(`
────────────────────────────────────────────────────────────────────
 medusa-plugin-financing demo is running

 Storefront   ${STOREFRONT_URL}  (${STARTER ? "Medusa's official starter storefront with docs/storefront/official-starter.md applied" : "the demo checkout: every lender's journey"})
 Admin        http://localhost:${PORT}/app
              log in as ${ADMIN_EMAIL} / ${ADMIN_PASSWORD}
              Settings → Financing shows each lender and the regions offering it.
 Store API    http://localhost:${PORT}/store  (publishable key ${store.publishableKey})
 Regions      United Kingdom (GBP): ${store.regions.uk.payment_providers.join(", ")}
              United States (USD):  ${store.regions.us.payment_providers.join(", ")}
 Sandbox      http://127.0.0.1:${SANDBOX_PORT}/__sandbox  (every lender, offline)

 Ctrl-C stops Medusa, the sandbox and the database.
────────────────────────────────────────────────────────────────────
`)
}

main().catch(async (error) => {
  console.error(error.message)
  await shutdown(1)
})
