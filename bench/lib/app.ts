// Host app directories for the two medusa-config variants and `medusa start` processes with their
// boot time (spawn → first healthy /health) and resident memory (VmRSS from /proc).
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import {
  repoRoot,
  runCommand,
  startMedusa as startMedusaProcess,
  type RunningServer,
} from "../../integration-tests/utils/medusa-process"

export type Variant = "with-plugin" | "without-plugin"

export const PACKAGE_NAME = "medusa-plugin-financing"

/**
 * A temporary app dir laid out like a store's: the variant config as medusa-config.ts, a real
 * node_modules directory holding one symlink per entry of this repository's node_modules (scope
 * directories such as @medusajs linked as a whole) and, for with-plugin, node_modules/
 * medusa-plugin-financing → this repository, so Medusa loads the BUILT plugin (.medusa/server,
 * through package.json "exports") exactly as after `npm install medusa-plugin-financing`. The app
 * has no src/ of its own; demo/ and tsconfig.json are linked only for `medusa exec ./demo/seed.ts`.
 */
export function makeAppDir(variant: Variant): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `financing-bench-${variant}-`))
  const modules = path.join(dir, "node_modules")
  fs.mkdirSync(modules)
  for (const entry of fs.readdirSync(path.join(repoRoot, "node_modules"))) {
    if (entry === PACKAGE_NAME || entry === ".package-lock.json") continue
    fs.symlinkSync(path.join(repoRoot, "node_modules", entry), path.join(modules, entry))
  }
  if (variant === "with-plugin") fs.symlinkSync(repoRoot, path.join(modules, PACKAGE_NAME))
  const links = variant === "with-plugin" ? ["demo", "tsconfig.json"] : ["tsconfig.json"]
  for (const name of links) fs.symlinkSync(path.join(repoRoot, name), path.join(dir, name))
  // The Medusa CLI only runs in a directory whose package.json depends on @medusajs/medusa.
  const pluginVersion = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")).version as string
  const dependencies: Record<string, string> = { "@medusajs/medusa": "2.21.2", "@medusajs/framework": "2.21.2" }
  if (variant === "with-plugin") dependencies[PACKAGE_NAME] = pluginVersion
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: `financing-bench-${variant}`, private: true, dependencies }),
  )
  fs.copyFileSync(path.join(repoRoot, "bench", "configs", `${variant}.ts`), path.join(dir, "medusa-config.ts"))
  return dir
}

export const medusaBin = (appDir: string) => path.join(appDir, "node_modules", ".bin", "medusa")

export async function medusaCommand(appDir: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const result = await runCommand(medusaBin(appDir), args, { cwd: appDir, env })
  if (result.code !== 0) throw new Error(`medusa ${args.join(" ")} failed:\n${result.output.slice(-3000)}`)
}

export function rssKb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8")
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN)
  } catch {
    return NaN
  }
}

export type MedusaServer = RunningServer

/** `medusa start` in an app directory with that app's own CLI, timed from spawn to healthy. */
export function startMedusa(appDir: string, env: NodeJS.ProcessEnv, port?: number): Promise<MedusaServer> {
  return startMedusaProcess({ cwd: appDir, env, port, bin: medusaBin(appDir), pollMs: 50, maxOutputChars: 20_000 })
}
