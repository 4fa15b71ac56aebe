// The version matrix, newest end: the packed plugin installed into a fresh Medusa 2.21.2 app (the
// version this repository develops on). See installed-store-suite.ts for what is checked.
import { describeInstalledStore } from "./installed-store-suite"
import { newMedusaAppDir } from "./store-app"

jest.setTimeout(15 * 60_000)

describeInstalledStore({
  label: "medusa-2.21.2",
  createAppDir: () => newMedusaAppDir("2.21.2"),
  adminBuild: true,
  expectedMedusaVersion: "2.21.2",
})
