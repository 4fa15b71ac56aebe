// How payment providers reach the financing log.
//
// Each Medusa module gets its own isolated awilix container: a provider is constructed inside
// the PAYMENT module's container, which only holds what the payment module declared (logger,
// manager, …). It cannot resolve this plugin's module, and Medusa offers no supported way to
// inject a sibling module into a provider.
//
// So the financing service publishes itself here when it is constructed. Medusa constructs
// every module service eagerly at boot: MedusaModule.bootstrap_ → resolveLoadedModule calls
// container.resolve(<module key>) for each loaded module (modules-sdk medusa-module.js). A
// module loader would not do: loaders run before the service is registered and only see the
// module's local container. Only migration/schema-only runs skip construction, and those run no
// providers. Providers call getFinancingLog() per request, so the order in which the payment and
// financing modules boot does not matter.
//
// The slot is a process-global keyed by Symbol.for, not a module-level variable, because the
// plugin can be loaded twice in one process (from src/ and from .medusa/server, or two copies
// in node_modules) and each copy would otherwise get its own empty variable.
import type { FinancingLog, LenderSettingsStore } from "./types"

export type { FinancingLog } from "./types"

const FINANCING_LOG_SLOT = Symbol.for("medusa-plugin-financing.financing-log")

type GlobalWithFinancingLog = typeof globalThis & { [FINANCING_LOG_SLOT]?: FinancingLog }

/** The financing log of the running app, or undefined when the module is not loaded (e.g. unit tests). */
export function getFinancingLog(): FinancingLog | undefined {
  return (globalThis as GlobalWithFinancingLog)[FINANCING_LOG_SLOT]
}

/** Publishes (or, with undefined, withdraws) the log. The service does this itself; tests may inject a fake. */
export function setFinancingLog(log: FinancingLog | undefined): void {
  const slot = globalThis as GlobalWithFinancingLog
  if (log) {
    slot[FINANCING_LOG_SLOT] = log
  } else {
    delete slot[FINANCING_LOG_SLOT]
  }
}

/**
 * Withdraws `log` only if it is still the published one: on a dev-server reload the new service
 * may be constructed before the old one shuts down, and must not be unpublished by it.
 */
export function withdrawFinancingLog(log: FinancingLog): void {
  if (getFinancingLog() === log) {
    setFinancingLog(undefined)
  }
}

/** The lender settings of the running app (the same service publishes both), or undefined without the module. */
export function getLenderSettingsStore(): LenderSettingsStore | undefined {
  const log = getFinancingLog() as (FinancingLog & Partial<LenderSettingsStore>) | undefined
  return log && typeof log.listLenderSettings === "function" ? (log as unknown as LenderSettingsStore) : undefined
}
