// Medusa's official starter (medusajs/dtc-starter at 9233262): from the ../shared/starters snapshot
// when it is there, otherwise cloned from GitHub at that commit, once per process. Without either the
// test that needs it fails, naming both (it never skips).
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { repoRoot, runCommand } from "./medusa-process"

export const STARTER_REPO = "https://github.com/medusajs/dtc-starter"
export const STARTER_COMMIT = "9233262"
export const STARTER_SNAPSHOT = path.resolve(repoRoot, "..", "shared", "starters", "dtc-starter")

let root: Promise<string> | undefined

async function starterRoot(): Promise<string> {
  if (fs.existsSync(path.join(STARTER_SNAPSHOT, "apps", "backend", "package.json"))) return STARTER_SNAPSHOT
  const clone = fs.mkdtempSync(path.join(os.tmpdir(), "financing-dtc-starter-"))
  for (const args of [
    ["clone", "--quiet", STARTER_REPO, clone],
    ["-C", clone, "checkout", "--quiet", STARTER_COMMIT],
  ]) {
    const result = await runCommand("git", args, { cwd: os.tmpdir(), env: process.env, timeoutMs: 5 * 60_000 })
    if (result.code !== 0)
      throw new Error(`no starter snapshot at ${STARTER_SNAPSHOT}, and git ${args.join(" ")} failed:\n${result.output}`)
  }
  return clone
}

/** apps/backend or apps/storefront of the official starter. */
export async function officialStarterApp(app: "backend" | "storefront"): Promise<string> {
  root ??= starterRoot()
  const dir = path.join(await root, "apps", app)
  if (!fs.existsSync(path.join(dir, "package.json")))
    throw new Error(`the official starter at ${await root} has no apps/${app}`)
  return dir
}
