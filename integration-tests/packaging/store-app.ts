// A Medusa store in a temporary directory with the packed plugin installed the way README says,
// for the packaging checks: either a fresh app on a given Medusa version (the version matrix) or
// a copy of Medusa's official starter backend. Each gets its own database and runs its OWN medusa
// CLI (node_modules/.bin/medusa of the store, not this repository's).
import { spawn } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { databaseUrl, dropDatabase, freshDatabase, query } from "../utils/database"
import { adminToken, runCommand, startMedusa, type CliResult, type RunningServer } from "../utils/medusa-process"
import { addFinancingToMedusaConfig, npmInstall, type NpmInstall } from "../utils/pack"

export interface StoreApp {
  dir: string
  databaseName: string
  env: NodeJS.ProcessEnv
  /** `npx medusa <args>` in the store, with its duration. */
  medusa: (args: string[]) => Promise<CliResult & { ms: number }>
  sql: <T = Record<string, unknown>>(text: string) => Promise<T[]>
  start: (port: number) => Promise<RunningServer>
  remove: () => Promise<void>
}

// The project files `npx create-medusa-app` / the official starter give a Medusa app.
const STARTER_CONFIG = `import { loadEnv, defineConfig } from '@medusajs/framework/utils'

loadEnv(process.env.NODE_ENV || 'development', process.cwd())

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS!,
      adminCors: process.env.ADMIN_CORS!,
      authCors: process.env.AUTH_CORS!,
      jwtSecret: process.env.JWT_SECRET,
      cookieSecret: process.env.COOKIE_SECRET,
    }
  }
})
`
const STARTER_TSCONFIG = {
  compilerOptions: {
    target: "ES2021",
    esModuleInterop: true,
    module: "Node16",
    moduleResolution: "Node16",
    emitDecoratorMetadata: true,
    experimentalDecorators: true,
    skipLibCheck: true,
    skipDefaultLibCheck: true,
    declaration: false,
    sourceMap: false,
    inlineSourceMap: true,
    outDir: "./.medusa/server",
    rootDir: "./",
    jsx: "react-jsx",
    forceConsistentCasingInFileNames: true,
    resolveJsonModule: true,
    checkJs: false,
    strictNullChecks: true,
  },
  "ts-node": { swc: true },
  include: ["**/*", ".medusa/types/*"],
  exclude: ["node_modules", ".medusa/server", ".medusa/admin", ".cache"],
}

/** A Medusa app's package.json on one Medusa version (the starter's dependency set, without its test tooling). */
function appPackageJson(version: string) {
  return {
    name: `financing-store-medusa-${version}`,
    private: true,
    scripts: { build: "medusa build", start: "medusa start", dev: "medusa develop" },
    dependencies: Object.fromEntries(
      ["admin-sdk", "cli", "draft-order", "framework", "medusa"].map((name) => [`@medusajs/${name}`, version]),
    ),
    devDependencies: {
      "@swc/core": "^1.7.28",
      "@types/node": "^20.12.11",
      react: "^18.3.1",
      "react-dom": "^18.3.1",
      "ts-node": "^10.9.2",
      typescript: "^5.6.2",
    },
  }
}

export function newMedusaAppDir(version: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `financing-medusa-${version}-`))
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(appPackageJson(version), null, 2))
  fs.writeFileSync(path.join(dir, "medusa-config.ts"), STARTER_CONFIG)
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(STARTER_TSCONFIG, null, 2))
  return dir
}

/** Copies a read-only app (the official starter's backend) without its installed modules or build output. */
export function copyAppDir(source: string, label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `financing-${label}-`))
  fs.cpSync(source, dir, {
    recursive: true,
    filter: (from) => !/(^|\/)(node_modules|\.medusa|\.cache)(\/|$)/.test(path.relative(source, from)),
  })
  // The copy keeps the source's read-only modes; the store owner's checkout is writable.
  const makeWritable = (p: string) => {
    fs.chmodSync(p, fs.statSync(p).isDirectory() ? 0o755 : 0o644)
    if (fs.statSync(p).isDirectory()) for (const entry of fs.readdirSync(p)) makeWritable(path.join(p, entry))
  }
  makeWritable(dir)
  return dir
}

export interface Installation {
  dependencies: NpmInstall
  plugin: NpmInstall
}

/** README's install steps: `npm install`, `npm install <tarball>`, then the medusa-config edit. */
export async function installPlugin(dir: string, tarball: string): Promise<Installation> {
  const dependencies = await npmInstall(dir)
  const plugin =
    dependencies.code === 0
      ? await npmInstall(dir, [tarball])
      : { code: -1, output: "not run: npm install failed", ms: 0 }
  const configFile = path.join(dir, "medusa-config.ts")
  fs.writeFileSync(configFile, addFinancingToMedusaConfig(fs.readFileSync(configFile, "utf8")))
  return { dependencies, plugin }
}

/** The store's database (fresh) and the environment its medusa commands run with. */
export async function openStoreApp(dir: string, label: string, extraEnv: Record<string, string>): Promise<StoreApp> {
  const databaseName = `financing_${label.replace(/[^a-z0-9]+/gi, "_")}_${process.pid}`
  await freshDatabase(databaseName)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "development",
    DATABASE_URL: databaseUrl(databaseName),
    STORE_CORS: "http://localhost:8000",
    ADMIN_CORS: "http://localhost:9000",
    AUTH_CORS: "http://localhost:9000",
    JWT_SECRET: "packaging-check",
    COOKIE_SECRET: "packaging-check",
    FINANCING_ENCRYPTION_KEY: "packaging-check-encryption-key-0123456789",
    MEDUSA_DISABLE_TELEMETRY: "true",
    // The jest process's own markers would make Medusa think it runs inside its test runner.
    JEST_WORKER_ID: "",
    TEST_TYPE: "",
    NODE_OPTIONS: "",
    ...extraEnv,
  }
  const bin = path.join(dir, "node_modules", ".bin", "medusa")
  return {
    dir,
    databaseName,
    env,
    medusa: async (args) => {
      const started = Date.now()
      const result = await runCommand(bin, args, { cwd: dir, env })
      return { ...result, ms: Date.now() - started }
    },
    sql: (text) => query(databaseName, text),
    start: (port) => startMedusa({ cwd: dir, env, port, bin }),
    remove: async () => {
      await dropDatabase(databaseName).catch(() => undefined)
      removeInBackground(dir)
    },
  }
}

/** Deleting a store's ~1,000 installed packages takes minutes on a busy disk; nothing waits for it. */
export function removeInBackground(dir: string) {
  spawn("rm", ["-rf", dir], { detached: true, stdio: "ignore" }).unref()
}

/** An admin user created with the store's CLI, logged in over HTTP. */
export async function adminHeadersFor(app: StoreApp, url: string) {
  const admin = { email: "owner@financing.store", password: "packaging-check" }
  const created = await app.medusa(["user", "-e", admin.email, "-p", admin.password])
  if (created.code !== 0) throw new Error(`medusa user failed:\n${created.output.slice(-3000)}`)
  return { headers: { authorization: `Bearer ${await adminToken(url, admin.email, admin.password)}` } }
}

export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? listFiles(full) : [full]
  })
}
