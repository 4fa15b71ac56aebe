// Medusa's official starter storefront (dtc-starter apps/storefront) in a temporary directory:
// copied from the snapshot, installed with plain `npm install` plus the packed storefront kit,
// edited by docs/storefront/official-starter.md (apply-edits.ts), type-checked, `next build`, and
// started with `next start`.
import { spawn } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { repoRoot, runCommand } from "../utils/medusa-process"
import { npmInstall } from "../utils/pack"
import { copyAppDir, removeInBackground } from "../packaging/store-app"
import { applyStarterEdits } from "./apply-edits"
import { officialStarterApp } from "../utils/official-starter"

export const KIT_DIR = path.join(repoRoot, "packages", "storefront-kit")

/** `npm pack` of the storefront kit (its prepack builds dist/). */
export async function packKit(destination: string): Promise<string> {
  const result = await runCommand("npm", ["pack", "--json", "--pack-destination", destination], {
    cwd: KIT_DIR,
    env: { ...process.env, npm_config_loglevel: "error" },
  })
  if (result.code !== 0) throw new Error(`npm pack (storefront kit) failed:\n${result.output}`)
  const [info] = JSON.parse(result.output.slice(result.output.indexOf("["))) as Array<{ filename: string }>
  return path.join(destination, info.filename)
}

export interface StorefrontApp {
  dir: string
  url: string
  build: (env: Record<string, string>) => Promise<{ ms: number }>
  start: () => Promise<void>
  output: () => string
  stop: () => Promise<void>
  /** Deletes the copy (its node_modules is ~0.5 GB) without waiting for the disk. */
  remove: () => void
}

/** Copies and installs the storefront with the kit, then applies the guide's edits. */
export async function prepareStorefront(kitTarball: string, port: number): Promise<StorefrontApp> {
  const dir = copyAppDir(await officialStarterApp("storefront"), "starter-storefront")
  const deps = await npmInstall(dir)
  if (deps.code !== 0) throw new Error(`npm install (starter storefront) failed:\n${deps.output.slice(-3000)}`)
  const kit = await npmInstall(dir, [kitTarball])
  if (kit.code !== 0 || /ERESOLVE/.test(kit.output))
    throw new Error(`npm install <kit> failed:\n${kit.output.slice(-3000)}`)
  applyStarterEdits(dir)

  const url = `http://localhost:${port}`
  let output = ""
  let child: ReturnType<typeof spawn> | undefined
  let env: NodeJS.ProcessEnv = {}

  return {
    dir,
    url,
    output: () => output,
    async build(extra) {
      fs.writeFileSync(
        path.join(dir, ".env.local"),
        Object.entries(extra)
          .map(([k, v]) => `${k}=${v}`)
          .join("\n") + "\n",
      )
      env = { ...cleanEnv(), ...extra, NEXT_TELEMETRY_DISABLED: "1" }
      const started = Date.now()
      // next.config.js ignores type errors at build: the edits are type-checked against the starter first.
      const tsc = await runCommand(path.join(dir, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", "."], {
        cwd: dir,
        env,
      })
      if (tsc.code !== 0) throw new Error(`the edited starter does not type-check:\n${tsc.output.slice(-4000)}`)
      const built = await runCommand(path.join(dir, "node_modules", ".bin", "next"), ["build"], {
        cwd: dir,
        env: { ...env, NODE_ENV: "production" },
        timeoutMs: 15 * 60_000,
      })
      if (built.code !== 0) throw new Error(`next build failed:\n${built.output.slice(-6000)}`)
      return { ms: Date.now() - started }
    },
    async start() {
      child = spawn(path.join(dir, "node_modules", ".bin", "next"), ["start", "-p", String(port)], {
        cwd: dir,
        env: { ...env, NODE_ENV: "production" },
        stdio: ["ignore", "pipe", "pipe"],
      })
      const collect = (chunk: Buffer) => (output += chunk)
      child.stdout!.on("data", collect)
      child.stderr!.on("data", collect)
      const deadline = Date.now() + 60_000
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`next start exited:\n${output.slice(-3000)}`)
        const ok = await fetch(`${url}/api/financing/not-a-lender`).then(
          (r) => r.status === 404,
          () => false,
        )
        if (ok) return
        await new Promise((r) => setTimeout(r, 500))
      }
      throw new Error(`next start did not answer within 60 s:\n${output.slice(-3000)}`)
    },
    remove: () => removeInBackground(dir),
    async stop() {
      if (!child || child.exitCode !== null) return
      await new Promise<void>((resolve) => {
        child!.once("exit", () => resolve())
        child!.kill("SIGTERM")
      })
    },
  }
}

/** This process's environment without jest's and npm's markers (they would change Next's behaviour). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env))
    if (!/^(npm_|JEST_|TEST_TYPE$|NODE_OPTIONS$|NODE_ENV$)/i.test(key)) env[key] = value
  return { ...env, HOME: process.env.HOME ?? os.homedir() }
}
