// The version matrix, oldest end: the packed plugin installed into a fresh Medusa 2.17.2 app (the
// lowest version the whole matrix passes on; the official starter, on 2.18.0, has its own spec). See installed-store-suite.ts for what is checked.
import fs from "node:fs"
import path from "node:path"
import { repoRoot } from "../utils/medusa-process"
import { describeInstalledStore } from "./installed-store-suite"
import { newMedusaAppDir } from "./store-app"

jest.setTimeout(15 * 60_000)

const OLDEST_SUPPORTED = "2.17.2"

it("is the lower bound of the plugin's Medusa peer ranges (what the matrix proves is what npm is told)", () => {
  const { peerDependencies } = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"))
  expect(peerDependencies["@medusajs/framework"]).toBe(`^${OLDEST_SUPPORTED}`)
  expect(peerDependencies["@medusajs/medusa"]).toBe(`^${OLDEST_SUPPORTED}`)
})

describeInstalledStore({
  label: `medusa-${OLDEST_SUPPORTED}`,
  createAppDir: () => newMedusaAppDir(OLDEST_SUPPORTED),
  adminBuild: true,
  expectedMedusaVersion: OLDEST_SUPPORTED,
})
