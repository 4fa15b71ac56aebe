// Packs the built plugin, and installs the tarball into a store the way a store does: plain
// `npm install` (npm's cache is fine; no flags that relax peer resolution, no files borrowed from
// this repository's node_modules), then the medusa-config edit README's install section asks for.
import fs from "node:fs"
import path from "node:path"
import { medusaBin, repoRoot, runCommand, type CliResult } from "./medusa-process"

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

/**
 * The environment a store owner's shell gives npm: this process's, without the npm_config_*
 * settings `npm test` exports from this repository (they must not shape the store's install).
 */
function storeNpmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key)) env[key] = value
  }
  // prefer-offline: packages already in npm's cache are taken from it without asking the registry
  // again; resolution (peer dependencies included) is the same as a plain install's.
  return {
    ...env,
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    npm_config_prefer_offline: "true",
  }
}

export interface NpmInstall extends CliResult {
  ms: number
}

/** `npm install [packages]` in the store, exactly so: no --legacy-peer-deps, no --force. */
export async function npmInstall(appDir: string, packages: string[] = []): Promise<NpmInstall> {
  const started = Date.now()
  const result = await runCommand("npm", ["install", ...packages], {
    cwd: appDir,
    env: storeNpmEnv(),
    timeoutMs: 15 * 60_000,
  })
  return { ...result, ms: Date.now() - started }
}

/** The ```ts block of README's install section: what a developer pastes into medusa-config.ts. */
export function readmeConfigSnippet(): string {
  const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8")
  const section = readme.slice(readme.indexOf("## Install into an existing store"))
  const match = /```ts\n([\s\S]*?)```/.exec(section)
  if (!match) throw new Error("README.md's install section has no ```ts medusa-config block")
  return match[1]
}

/** The `  key: [ … ],` entry of a config written at two-space indentation. */
function topLevelEntry(snippet: string, key: string): string {
  const start = snippet.indexOf(`\n  ${key}: [`)
  const end = snippet.indexOf("\n  ],", start)
  if (start < 0 || end < 0) throw new Error(`README's medusa-config snippet has no top-level "${key}" entry`)
  return snippet.slice(start + 1, end + "\n  ],".length)
}

/**
 * Edits a store's medusa-config.ts the way a developer following README does: README's import of
 * the plugin's config helper goes below the existing imports, and README's `plugins` and `modules`
 * entries go into the store's defineConfig({ … }) next to its own projectConfig.
 */
export function addFinancingToMedusaConfig(source: string, snippet = readmeConfigSnippet()): string {
  const imports = snippet
    .split("\n")
    .filter((line) => line.startsWith("import ") && line.includes("medusa-plugin-financing"))
  if (!imports.length) throw new Error("README's medusa-config snippet imports nothing from medusa-plugin-financing")
  const entries = `${topLevelEntry(snippet, "plugins")}\n${topLevelEntry(snippet, "modules")}\n`

  const lines = source.split("\n")
  const lastImport = lines.reduce((last, line, i) => (line.startsWith("import ") ? i : last), -1)
  lines.splice(lastImport + 1, 0, ...imports)
  const edited = lines.join("\n")
  const opening = /defineConfig\(\{\n/.exec(edited)
  if (!opening) throw new Error("the store's medusa-config.ts has no defineConfig({ … }) to add the plugin to")
  const at = opening.index + opening[0].length
  return `${edited.slice(0, at)}${entries}${edited.slice(at)}`
}
