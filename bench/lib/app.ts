// Host app directories for the two medusa-config variants and `medusa start` processes with their
// boot time (spawn → first healthy /health) and resident memory (VmRSS from /proc).
import { spawn, type ChildProcess } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { freePort, repoRoot, runCommand } from "../../integration-tests/utils/medusa-process"

export type Variant = "with-plugin" | "without-plugin"

/** A temporary app dir: the variant config as medusa-config.ts, symlinks to what it needs. */
export function makeAppDir(variant: Variant): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `financing-bench-${variant}-`))
  const links = variant === "with-plugin" ? ["node_modules", "src", "demo", "tsconfig.json"] : ["node_modules", "tsconfig.json"]
  for (const name of links) fs.symlinkSync(path.join(repoRoot, name), path.join(dir, name))
  // The Medusa CLI only runs in a directory whose package.json depends on @medusajs/medusa.
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: `financing-bench-${variant}`, private: true, dependencies: { "@medusajs/medusa": "2.21.2", "@medusajs/framework": "2.21.2" } })
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

export interface MedusaServer {
  url: string
  port: number
  pid: number
  bootMs: number
  output: () => string
  stop: () => Promise<void>
}

export async function startMedusa(appDir: string, env: NodeJS.ProcessEnv, port?: number): Promise<MedusaServer> {
  const chosen = port ?? (await freePort())
  const started = process.hrtime.bigint()
  const child: ChildProcess = spawn(medusaBin(appDir), ["start", "--port", String(chosen)], {
    cwd: appDir,
    env: { ...env, PORT: String(chosen) },
    stdio: ["ignore", "pipe", "pipe"],
  })
  let output = ""
  child.stdout?.on("data", (chunk) => (output = (output + chunk).slice(-20_000)))
  child.stderr?.on("data", (chunk) => (output = (output + chunk).slice(-20_000)))
  let exited = false
  child.on("exit", () => (exited = true))
  const stop = () =>
    new Promise<void>((resolve) => {
      if (exited) return resolve()
      child.once("exit", () => resolve())
      child.kill("SIGTERM")
      setTimeout(() => child.kill("SIGKILL"), 10_000).unref()
    })
  const url = `http://localhost:${chosen}`
  const deadline = Date.now() + 180_000
  while (Date.now() < deadline) {
    if (exited) throw new Error(`medusa start exited before it was healthy:\n${output.slice(-3000)}`)
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false)
    if (ok) {
      const bootMs = Number(process.hrtime.bigint() - started) / 1e6
      return { url, port: chosen, pid: child.pid!, bootMs, output: () => output, stop }
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  await stop()
  throw new Error(`medusa start was not healthy within 180 s:\n${output.slice(-3000)}`)
}
