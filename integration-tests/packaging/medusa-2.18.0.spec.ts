// The version matrix: the packed plugin installed into a fresh Medusa 2.18.0 app. See
// installed-store-suite.ts for what is checked.
import { describeInstalledStore } from "./installed-store-suite"
import { newMedusaAppDir } from "./store-app"

jest.setTimeout(15 * 60_000)

describeInstalledStore({
  label: "medusa-2.18.0",
  createAppDir: () => newMedusaAppDir("2.18.0"),
  adminBuild: true,
  expectedMedusaVersion: "2.18.0",
})
