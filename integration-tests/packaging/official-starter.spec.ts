// Medusa's official starter (medusajs/dtc-starter, apps/backend) with the packed plugin installed
// as README's install section says, then sold through once per lender. The starter comes from
// ../shared/starters/dtc-starter when that snapshot exists, otherwise from GitHub at the same
// commit; without either this test fails (it never skips).
import fs from "node:fs"
import path from "node:path"
import { officialStarterApp, STARTER_SNAPSHOT } from "../utils/official-starter"
import { describeInstalledStore } from "./installed-store-suite"
import { copyAppDir } from "./store-app"

jest.setTimeout(15 * 60_000)

const SNAPSHOT = STARTER_SNAPSHOT

const starterMedusaVersion = () => {
  const backend = path.join(SNAPSHOT, "apps", "backend", "package.json")
  // The snapshot's pinned version; the clone is of the same commit, which pins 2.18.0.
  return fs.existsSync(backend)
    ? JSON.parse(fs.readFileSync(backend, "utf8")).dependencies["@medusajs/medusa"]
    : "2.18.0"
}

describeInstalledStore({
  label: "official-starter",
  createAppDir: async () => copyAppDir(await officialStarterApp("backend"), "official-starter"),
  adminBuild: false,
  expectedMedusaVersion: starterMedusaVersion(),
})
