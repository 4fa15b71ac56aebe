// Builds the SimulatorContext each simulator receives: shared services, bound to one lender.
import type { Clock } from "./clock"
import { anyBody, jsonBody, multipartBody, urlencodedBody } from "./body-parsers"
import { escapeHtml, html, raw } from "./html"
import type { Ledger } from "./ledger"
import { button, formFields, hiddenFields, postFormBody, redirectWithParams, renderPage, sendPage } from "./pages"
import type { LenderStore } from "./state"
import type { LenderSimulator, SandboxEnv, SandboxLogger, SimulatorContext } from "./types"
import type { WebhookDispatcher } from "./webhooks"

export interface ContextDeps {
  simulator: LenderSimulator
  baseUrl: string
  env: SandboxEnv
  store: LenderStore
  ledger: Ledger
  clock: Clock
  webhooks: WebhookDispatcher
  log: SandboxLogger
}

export function createSimulatorContext(deps: ContextDeps): SimulatorContext {
  const { simulator, webhooks } = deps
  const lender = simulator.name
  return Object.freeze({
    slug: simulator.slug,
    name: simulator.name,
    baseUrl: deps.baseUrl,
    env: Object.freeze({ ...deps.env }),
    store: deps.store,
    ledger: deps.ledger,
    clock: deps.clock,
    log: deps.log,
    webhooks: {
      deliver: (request) => webhooks.deliver({ ...request, lender: simulator.slug }),
      log: () => webhooks.log(simulator.slug),
    },
    pages: {
      html,
      raw,
      escape: escapeHtml,
      button,
      formFields,
      hiddenFields,
      redirectWithParams,
      renderPage: (opts) => renderPage({ lender, ...opts }),
      sendPage: (res, opts) => sendPage(res, { lender, ...opts }),
      postFormPage: (res, { action, fields, message, submitLabel, autoSubmit, ...page }) =>
        sendPage(res, { lender, ...page, body: postFormBody({ action, fields, message, submitLabel, autoSubmit }) }),
    },
    body: { json: jsonBody, urlencoded: urlencodedBody, multipart: multipartBody, any: anyBody },
  } satisfies SimulatorContext)
}
