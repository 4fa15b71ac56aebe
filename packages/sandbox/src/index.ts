// Public surface of the lender sandbox (package medusa-financing-sandbox).
export { startSandbox, type SandboxHandle, type SandboxOptions } from "./server"
export { createBuiltInSimulators, BUILT_IN_SIMULATORS } from "./simulators"
export type {
  LenderBodyParsers,
  LenderPageOptions,
  LenderPages,
  LenderSimulator,
  LenderSlug,
  LenderWebhooks,
  SandboxEnv,
  SandboxLogger,
  SimulatorContext,
} from "./types"
export { SANDBOX_LENDER_SLUGS } from "./types"
export { type Clock, createClock } from "./clock"
export { type Ledger, type LedgerEntry, type LedgerInput, LenderLedger } from "./ledger"
export { Collection, IdGenerator, LenderStore, StateStore } from "./state"
export * from "./faults"
export { WebhookDispatcher, type WebhookAttempt, type WebhookOutcome, type WebhookRequest } from "./webhooks"
export * from "./pages"
export { anyBody, getRawBody, jsonBody, multipartBody, urlencodedBody, type RawBodyRequest } from "./body-parsers"
export { listRoutes, serveLenderIndex, type RouteInfo } from "./lender-index"
export { sandboxErrorBody } from "./errors"
