import type { FinancingLog } from "../types"
import { getFinancingLog, setFinancingLog, withdrawFinancingLog } from "../registry"

const fakeLog = (): FinancingLog => ({}) as FinancingLog

describe("financing log registry", () => {
  afterEach(() => setFinancingLog(undefined))

  it("is empty until a log is published", () => {
    expect(getFinancingLog()).toBeUndefined()
  })

  it("lives on globalThis under Symbol.for, so a second copy of the plugin sees the same log", () => {
    const log = fakeLog()
    setFinancingLog(log)
    expect((globalThis as any)[Symbol.for("medusa-plugin-financing.financing-log")]).toBe(log)
    jest.isolateModules(() => {
      // A fresh module instance, as when the plugin is loaded from src/ and from .medusa/server.
      const otherCopy = require("../registry") as typeof import("../registry")
      expect(otherCopy.getFinancingLog()).toBe(log)
    })
  })

  it("withdraws a log only while it is still the published one", () => {
    const old = fakeLog()
    const replacement = fakeLog()
    setFinancingLog(old)
    setFinancingLog(replacement) // a reloaded service constructed before the old one shut down
    withdrawFinancingLog(old)
    expect(getFinancingLog()).toBe(replacement)
    withdrawFinancingLog(replacement)
    expect(getFinancingLog()).toBeUndefined()
  })
})
