// The contract between the sandbox framework and the lender simulators plugged into it.
// Each lender's simulator lives in packages/sandbox/src/<slug>/ and only sees what SimulatorContext gives it,
// so simulators stay independent of each other and of how the server is wired.
import type { RequestHandler, Response, Router } from "express"
import type { Clock } from "./clock"
import type { Ledger } from "./ledger"
import type { LenderStore } from "./state"
import type { SafeHtml } from "./html"
import type { ButtonOptions, FieldSpec, PageOptions, PostFormOptions, QueryParams } from "./pages"
import type { WebhookAttempt, WebhookOutcome, WebhookRequest } from "./webhooks"
import type { BodyParserOptions, MultipartOptions } from "./body-parsers"

/**
 * Same list and order as src/lenders/slugs.ts; kept here so the sandbox compiles on its own.
 * (The sandbox is a stand-in for the lenders' servers, not a client of the plugin's code.)
 */
export const SANDBOX_LENDER_SLUGS = ["payment-assist", "flexshopper", "newday", "vault"] as const
export type LenderSlug = (typeof SANDBOX_LENDER_SLUGS)[number]

/** Environment variables as the plugin reads them; simulators take merchant credentials from the same names. */
export type SandboxEnv = Readonly<Record<string, string | undefined>>

export interface LenderSimulator {
  readonly slug: LenderSlug
  /** Display name, shown on hosted pages and the status page. */
  readonly name: string
  /**
   * Called once per sandbox start, after the server listens (so ctx.baseUrl is final).
   * Routes are relative to the lender prefix: `router.post("/begin", …)` serves `/<slug>/begin`.
   * Seed fixtures (test identities, accounts) here and again in reset().
   */
  register(router: Router, ctx: SimulatorContext): void
  /** Called on sandbox reset AFTER the store, ledger, webhook log and clock were cleared: drop private state, re-seed fixtures. */
  reset?(): void
  /** Shown on GET /__sandbox, e.g. test identities and magic values. */
  describe?(): Record<string, unknown>
  /**
   * The lender's own error envelope, used for injected status faults (without an explicit body),
   * unknown paths and body-parse errors, so client error parsing is exercised realistically.
   */
  formatError?(status: number, message: string): unknown
}

export interface SimulatorContext {
  readonly slug: LenderSlug
  readonly name: string
  /** Public base URL of this lender, e.g. http://127.0.0.1:9100/payment-assist (no trailing slash). */
  readonly baseUrl: string
  readonly env: SandboxEnv
  /** State namespaced to this lender; cleared on reset. */
  readonly store: LenderStore
  /** Append-only log of money/state effects (captures, refunds, …) for assertions and reports. */
  readonly ledger: Ledger
  /** Sandbox time: use clock.now() (never Date.now()) for expiries so tests can advance time. */
  readonly clock: Clock
  readonly webhooks: LenderWebhooks
  readonly pages: LenderPages
  /** Body parsers that keep the raw bytes in req.rawBody; pick the ones the lender accepts. */
  readonly body: LenderBodyParsers
  readonly log: SandboxLogger
}

export interface LenderWebhooks {
  /** Never rejects; the outcome says whether a receiver accepted it. Safe to fire and forget. */
  deliver(request: Omit<WebhookRequest, "lender">): Promise<WebhookOutcome>
  /** Every attempt made for this lender, oldest first. */
  log(): WebhookAttempt[]
}

export interface LenderPages {
  html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml
  raw(markup: string): SafeHtml
  escape(text: unknown): string
  /** A full HTML document with the SANDBOX banner naming this lender (opts.lender defaults to the simulator name). */
  renderPage(opts: LenderPageOptions): string
  sendPage(res: Response, opts: LenderPageOptions): void
  /** A submit button; give each one a stable testId for browser tests. */
  button(opts: ButtonOptions): SafeHtml
  formFields(fields: FieldSpec[]): SafeHtml
  hiddenFields(values: QueryParams): SafeHtml
  /** A form that POSTs hidden fields to another site (a browser form-POST callback), auto-submitting if asked. */
  postFormPage(res: Response, opts: PostFormOptions & Omit<LenderPageOptions, "body">): void
  redirectWithParams(url: string, params: QueryParams): string
}

export type LenderPageOptions = Omit<PageOptions, "lender"> & { lender?: string }

export interface LenderBodyParsers {
  json(opts?: BodyParserOptions): RequestHandler
  urlencoded(opts?: BodyParserOptions & { extended?: boolean }): RequestHandler
  multipart(opts?: MultipartOptions): RequestHandler
  /** JSON, urlencoded or multipart, chosen by Content-Type (for lenders that accept all three). */
  any(opts?: MultipartOptions): RequestHandler
}

export interface SandboxLogger {
  debug(message: string, data?: Record<string, unknown>): void
  info(message: string, data?: Record<string, unknown>): void
  warn(message: string, data?: Record<string, unknown>): void
  error(message: string, data?: Record<string, unknown>): void
}
