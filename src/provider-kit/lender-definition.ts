// What the plugin knows about one lender, in one shape: its slug and name, the ids Medusa gives
// its provider, the options it takes (and the environment variable behind each), how they are
// checked at boot and read from the environment, its client, the admin's connection test and the
// operations the admin may re-run. Each lender writes one (src/providers/<slug>/lender.ts);
// src/providers/lenders.ts lists them, and every per-lender table reads that list.
import type { LenderLogger } from "../lenders/http-types"
import type { LenderSlug } from "../lenders/slugs"
import { providerIdFor } from "../lenders/slugs"
import type { RepresentativeFigures } from "./promotion"

export type LenderEnv = Record<string, string | undefined>

/** The URLs an operator pastes into the lender's dashboard (the admin settings page shows them). */
export interface LenderUrls {
  /** Where the lender posts its notifications; null for lenders that send none. */
  webhook: string | null
  /** Where the lender sends the shopper back; null for lenders without a redirect. */
  return: string | null
  /** Further callback URLs some lenders need (e.g. NewDay's SCA widget return). */
  other: Array<{ label: string; url: string }>
}

export interface LenderDefinition<Options extends object = Record<string, unknown>, Client = unknown> {
  slug: LenderSlug
  /** The lender's name as shoppers, operators and messages read it. */
  name: string
  /** The provider's `static identifier`; Medusa registers it as `pp_<identifier>_<id>`. */
  identifier: string
  /** `pp_<identifier>_<id>`, with the config entry's `id` (src/config.ts uses the slug for both). */
  providerId: string
  /** ISO currency codes the lender lends in, lower-case; "any" when it takes what the cart uses. */
  currencies: readonly string[] | "any"
  /** Where the lender lends (ISO country codes); "any" for lenders without a market of their own. */
  markets: readonly string[] | "any"
  /** Option → the environment variable (or text naming the variables) an operator sets for it. */
  optionEnv: Readonly<Record<string, string>>
  /** Options the provider refuses to boot without (also what the admin lists as missing). */
  requiredOptions: readonly string[]
  /** Options whose values are credentials: kept out of every admin answer, scrubbed from messages. */
  secretOptions: readonly string[]
  /**
   * Options an owner may enter in Settings → Financing as a sandbox or live set (encrypted at rest,
   * laid over the configuration while that set is chosen): the credentials and the API host.
   */
  adminCredentials: readonly string[]
  /** Every problem with the options, each naming the option and its env var. Empty when fine. */
  optionProblems(options: Record<string, unknown> | undefined): string[]
  /** Throws every problem at once (and so stops Medusa's boot); the provider's `validateOptions`. */
  validateOptions(options: Record<string, unknown> | undefined): asserts options is Record<string, unknown> & Options
  /** Provider options from the environment, or undefined when the lender is neither configured nor sandboxed. */
  readOptionsFromEnv(env: LenderEnv, backendUrl: string): Record<string, unknown> | undefined
  /** One client per options object (cached: clients hold keep-alive agents and tokens). */
  clientFor(options: Options, logger?: LenderLogger): Client
  /** One harmless authenticated call; resolves to a sentence for the admin, rejects with the lender's error. */
  testConnection(options: Options, logger?: LenderLogger): Promise<string>
  /** Log operations the admin may re-run (src/workflows/lenders.ts has a handler for each). */
  retryableOperations: readonly string[]
  /** The lender's API base URL these options talk to (the admin shows its host and whether it is a sandbox). */
  baseUrlOf(options: Record<string, unknown>): string | undefined
  /** The URLs to paste into the lender's dashboard, from the options or the backend's own URL. */
  callbackUrls(options: Record<string, unknown> | undefined, backendUrl: string): LenderUrls
  /** The lender's references in payment data, for the admin's order widget (none of them is a secret). */
  adminReferences(data: Record<string, unknown> | null | undefined): Record<string, unknown>
  /** The lender's own status word as last seen in payment data, or null. */
  statusWordOf(data: Record<string, unknown> | null | undefined): string | null
  /**
   * Log operations whose success with an amount is the lender's confirmation that money was taken
   * (`captured`) or given back (`refunded`): what the admin's reconciliation sets against Medusa's
   * captures and refunds (src/workflows/admin/reconciliation.ts).
   */
  confirmedBy: LenderConfirmations
  /** When the lender's money is taken, where the lender lets the store choose (Settings → Financing). */
  captureChoices?: CaptureChoices
  /** Finance promotions with a representative example, for lenders that quote repayments (provider-kit/promotion.ts). */
  promotion?: LenderPromotion<Options>
}

/** How a lender's repayment quote becomes a representative example (UK credit lenders). */
export interface LenderPromotion<Options extends object = Record<string, unknown>> {
  /** Who provides the credit, as the broker disclosure names it. */
  creditor: string
  /** True when the lender's quotes carry no APR: the owner enters the representative APR in Settings. */
  aprFromSettings: boolean
  /** True when the owner may choose which of the lender's plans the store offers (Payment Assist). */
  choosesPlans: boolean
  /** The plans the owner may choose from (the lender's account), for lenders that choose plans. */
  planChoices?(options: Options): Promise<Array<{ id: number; name: string; apr: string }>>
  /** The options with the owner's plans applied (one plan offered: the application starts on it). */
  applyPlans?<O extends object>(options: O, plans: readonly number[]): O
  /** The representative example for this amount, or null when the lender quotes none (or not soundly). */
  figures(options: Options, request: QuoteRequest): Promise<RepresentativeFigures | null>
}

export interface QuoteRequest {
  /** Integer minor units of `currency`. */
  amount: number
  currency: string
  /** The plan ids the owner offers; null for all. */
  plans: readonly number[] | null
  /** The owner's representative APR (decimal text), for lenders whose quotes carry none. */
  representativeApr: string | null
  logger?: LenderLogger
}

/**
 * A choice of capture behaviour an owner may make in the admin instead of the provider option
 * behind it. The saved choice is applied to the options where they are read, per call, so it
 * holds in every process at once (provider-kit/owner-options.ts).
 */
export interface CaptureChoices {
  /** The provider option the choice stands for. */
  option: string
  choices: ReadonlyArray<{ value: string; label: string }>
  /** The choice the options make: what applies while the owner has saved none. */
  fromOptions(options: Record<string, unknown> | undefined): string
  /** The options with a choice applied (one of `choices`). */
  applyTo<O extends object>(options: O, value: string): O
}

export interface LenderConfirmations {
  captured: readonly string[]
  refunded: readonly string[]
}

/** A non-empty text field of payment data, or null: what the admin shows of the lender's references. */
export function dataText(data: Record<string, unknown> | null | undefined, key: string): string | null {
  const value = data?.[key]
  return typeof value === "string" && value ? value : null
}

/** The options' `baseUrl` when it is text: every lender but Payment Assist (whose secret may name its host). */
export function optionBaseUrl(options: Record<string, unknown>): string | undefined {
  return typeof options.baseUrl === "string" ? options.baseUrl : undefined
}

/** A lender of any options type, as the registry holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyLenderDefinition = LenderDefinition<any, any>

/** The fields every lender shares by convention: the slug is the provider identifier and the config id. */
export function lenderIds(slug: LenderSlug): Pick<LenderDefinition, "slug" | "identifier" | "providerId"> {
  return { slug, identifier: slug, providerId: providerIdFor(slug) }
}

/** `validateOptions` from `optionProblems`: every problem in one error, joined as the lender always joined them. */
export function throwOptionProblems(problems: string[], separator = "\n"): void {
  if (problems.length) throw new Error(problems.join(separator))
}

/** The backend URL the options name (`backendUrl`), else the one the admin request reached. */
export function backendUrlOf(options: Record<string, unknown> | undefined, fallback: string): string {
  return typeof options?.backendUrl === "string" && options.backendUrl ? options.backendUrl : fallback
}
