// Packs the built plugin and installs the tarball into a throwaway app directory. The app reuses
// this repository's installed dependencies (one symlink per package) instead of downloading them
// again, and gets the plugin exactly as npm lays out a tarball install: extracted into
// node_modules/medusa-plugin-financing, nothing else of the repository visible.
import fs from "node:fs"
import path from "node:path"
import { medusaBin, repoRoot, runCommand } from "./medusa-process"

const PACKAGE_NAME = "medusa-plugin-financing"

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs)
  }
  return newest
}

/** Builds the plugin unless `.medusa/server` is newer than every source file (CI builds first). */
export async function ensureFreshBuild(): Promise<void> {
  const marker = path.join(repoRoot, ".medusa", "server", "src", "config.js")
  const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0
  if (built > newestMtime(path.join(repoRoot, "src"))) return
  const result = await runCommand(medusaBin, ["plugin:build"], { cwd: repoRoot, env: process.env })
  if (result.code !== 0) throw new Error(`medusa plugin:build failed:\n${result.output.slice(-4000)}`)
}

export async function packPlugin(destination: string): Promise<{ file: string; files: string[] }> {
  const result = await runCommand("npm", ["pack", "--json", "--pack-destination", destination], {
    cwd: repoRoot,
    env: { ...process.env, npm_config_loglevel: "error" },
  })
  if (result.code !== 0) throw new Error(`npm pack failed:\n${result.output}`)
  const json = result.output.slice(result.output.indexOf("["))
  const [info] = JSON.parse(json) as Array<{ filename: string; files: Array<{ path: string }> }>
  return { file: path.join(destination, info.filename), files: info.files.map((f) => f.path) }
}

export async function installTarball(tarball: string, appDir: string): Promise<void> {
  const modules = path.join(appDir, "node_modules")
  fs.mkdirSync(modules, { recursive: true })
  for (const entry of fs.readdirSync(path.join(repoRoot, "node_modules"))) {
    if (entry === PACKAGE_NAME || entry === ".package-lock.json") continue
    fs.symlinkSync(path.join(repoRoot, "node_modules", entry), path.join(modules, entry))
  }
  const target = path.join(modules, PACKAGE_NAME)
  fs.mkdirSync(target)
  const untar = await runCommand("tar", ["-xzf", tarball, "-C", target, "--strip-components=1"], {
    cwd: appDir,
    env: process.env,
  })
  if (untar.code !== 0) throw new Error(`could not extract ${tarball}: ${untar.output}`)

  const version = (name: string) =>
    JSON.parse(fs.readFileSync(path.join(repoRoot, "node_modules", name, "package.json"), "utf8")).version
  fs.writeFileSync(
    path.join(appDir, "package.json"),
    JSON.stringify(
      {
        name: "throwaway-store",
        private: true,
        dependencies: {
          "@medusajs/medusa": version("@medusajs/medusa"),
          "@medusajs/framework": version("@medusajs/framework"),
          "@medusajs/draft-order": version("@medusajs/draft-order"),
          [PACKAGE_NAME]: `file:${tarball}`,
        },
      },
      null,
      2
    )
  )
  fs.writeFileSync(path.join(appDir, "medusa-config.js"), STORE_CONFIG)
  fs.writeFileSync(path.join(appDir, "tsconfig.json"), JSON.stringify(STORE_TSCONFIG, null, 2))
}

// The compiler settings of Medusa's app starter; `medusa build` needs a tsconfig even for --admin-only.
const STORE_TSCONFIG = {
  compilerOptions: {
    target: "ES2021",
    esModuleInterop: true,
    module: "Node16",
    moduleResolution: "Node16",
    emitDecoratorMetadata: true,
    experimentalDecorators: true,
    skipLibCheck: true,
    declaration: false,
    sourceMap: false,
    inlineSourceMap: true,
    outDir: "./.medusa/server",
    rootDir: "./",
    jsx: "react-jsx",
    resolveJsonModule: true,
    checkJs: false,
    allowJs: true,
  },
  include: ["**/*"],
  exclude: ["node_modules", ".medusa/server", ".medusa/admin", ".cache"],
}

// What README.md tells a store to write, in plain JavaScript.
const STORE_CONFIG = `const { defineConfig, loadEnv } = require("@medusajs/framework/utils")
const { financingPaymentProviders } = require("medusa-plugin-financing/config")

loadEnv(process.env.NODE_ENV || "development", process.cwd())

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: "http://localhost:8000",
      adminCors: "http://localhost:9000",
      authCors: "http://localhost:9000",
      jwtSecret: "packaging-check",
      cookieSecret: "packaging-check",
    },
  },
  admin: { disable: process.env.MEDUSA_ADMIN_DISABLED === "true" },
  plugins: [
    {
      resolve: "medusa-plugin-financing",
      options: { encryptionKey: "packaging-check-encryption-key-0123456789" },
    },
  ],
  modules: [
    {
      resolve: "@medusajs/medusa/payment",
      options: {
        providers: financingPaymentProviders({ env: process.env, backendUrl: "http://localhost:9000" }),
      },
    },
  ],
})
`
