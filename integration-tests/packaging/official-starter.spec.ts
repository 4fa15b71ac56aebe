// Medusa's official starter (medusajs/dtc-starter, apps/backend) with the packed plugin installed
// as README's install section says, then sold through once per lender. The starter comes from
// ../shared/starters/dtc-starter when that snapshot exists, otherwise from GitHub at the same
// commit; without either this test fails (it never skips).
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { repoRoot, runCommand } from "../utils/medusa-process"
import { describeInstalledStore } from "./installed-store-suite"
import { copyAppDir } from "./store-app"

jest.setTimeout(15 * 60_000)

const STARTER_REPO = "https://github.com/medusajs/dtc-starter"
const STARTER_COMMIT = "9233262"
const SNAPSHOT = path.resolve(repoRoot, "..", "shared", "starters", "dtc-starter")

async function starterBackend(): Promise<string> {
  if (fs.existsSync(path.join(SNAPSHOT, "apps", "backend", "package.json"))) return path.join(SNAPSHOT, "apps", "backend")
  const clone = fs.mkdtempSync(path.join(os.tmpdir(), "financing-dtc-starter-"))
  for (const args of [["clone", "--quiet", STARTER_REPO, clone], ["-C", clone, "checkout", "--quiet", STARTER_COMMIT]]) {
    const result = await runCommand("git", args, { cwd: os.tmpdir(), env: process.env, timeoutMs: 5 * 60_000 })
    if (result.code !== 0) throw new Error(`no starter snapshot at ${SNAPSHOT}, and git ${args.join(" ")} failed:\n${result.output}`)
  }
  return path.join(clone, "apps", "backend")
}

const starterMedusaVersion = () => {
  const backend = path.join(SNAPSHOT, "apps", "backend", "package.json")
  // The snapshot's pinned version; the clone is of the same commit, which pins 2.18.0.
  return fs.existsSync(backend) ? JSON.parse(fs.readFileSync(backend, "utf8")).dependencies["@medusajs/medusa"] : "2.18.0"
}

describeInstalledStore({
  label: "official-starter",
  createAppDir: async () => copyAppDir(await starterBackend(), "official-starter"),
  adminBuild: false,
  expectedMedusaVersion: starterMedusaVersion(),
})
