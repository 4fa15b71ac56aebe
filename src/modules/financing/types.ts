// The financing module's public shapes. Providers, workflows and routes depend on these (and on
// the FinancingLog interface), never on the service class.
import type { BigNumberInput, BigNumberValue } from "@medusajs/framework/types"
import type { FinancingOperationName, FinancingOperationOutcome } from "./constants"

export interface FinancingModuleOptions {
  /**
   * Secret (at least 32 characters) from which the key that encrypts session secrets is
   * derived. Falls back to the FINANCING_ENCRYPTION_KEY environment variable.
   */
  encryptionKey?: string
  /** Earlier values of `encryptionKey`, still accepted for decryption after a rotation. */
  previousEncryptionKeys?: string[]
  /**
   * Days the financing log keeps finished rows (succeeded, or failed with no retry left) before the
   * daily retention job deletes them; pending, action_required and to-be-retried rows are never
   * deleted. Default 730 (retention-options.ts says why), at least 30; 0 or null keeps every row.
   */
  operationRetentionDays?: number | null
}

export interface FinancingOperationDTO {
  id: string
  provider_id: string
  lender: string
  payment_session_id: string | null
  payment_id: string | null
  order_id: string | null
  fulfillment_id: string | null
  operation: FinancingOperationName
  outcome: FinancingOperationOutcome
  amount: BigNumberValue | null
  currency_code: string | null
  lender_reference: string | null
  references: Record<string, unknown> | null
  error_code: string | null
  error_message: string | null
  http_status: number | null
  attempts: number
  correlation_id: string | null
  idempotency_key: string | null
  detail: Record<string, unknown> | null
  next_attempt_at: Date | null
  completed_at: Date | null
  created_at: Date
  updated_at: Date
}

/** Fields a caller may set when recording or updating an operation. */
interface FinancingOperationFields {
  payment_session_id?: string | null
  payment_id?: string | null
  order_id?: string | null
  fulfillment_id?: string | null
  outcome?: FinancingOperationOutcome
  amount?: BigNumberInput | null
  currency_code?: string | null
  lender_reference?: string | null
  references?: Record<string, unknown> | null
  error_code?: string | null
  error_message?: string | null
  http_status?: number | null
  attempts?: number
  correlation_id?: string | null
  idempotency_key?: string | null
  /** Must already be redacted: no tokens, card or bank details, dates of birth. */
  detail?: Record<string, unknown> | null
  next_attempt_at?: Date | null
  /** Defaults to now when `outcome` is succeeded or failed. */
  completed_at?: Date | null
}

export interface RecordFinancingOperationInput extends FinancingOperationFields {
  provider_id: string
  lender: string
  operation: FinancingOperationName
}

export interface UpdateFinancingOperationInput extends FinancingOperationFields {
  /** Adds one to `attempts` (ignored when `attempts` is given). */
  increment_attempts?: boolean
}

/** What ties operations to an order: the order itself and, optionally, its payments and sessions. */
export interface OrderHistoryRefs {
  order_id: string
  payment_ids?: string[]
  payment_session_ids?: string[]
}

export interface Pagination {
  /** Default 50, at most 500. */
  limit?: number
  offset?: number
}

export interface OrderHistoryPage {
  operations: FinancingOperationDTO[]
  count: number
  limit: number
  offset: number
}

export type FinancingSecretValue = Record<string, unknown> | string

/**
 * Which secret: by payment session, or — before a session exists — by cart. Give at least one
 * id. A lookup with both tries the session's secret first, then the cart's.
 */
export interface FinancingSecretScope {
  lender: string
  purpose: string
  payment_session_id?: string | null
  cart_id?: string | null
}

export interface PutFinancingSecretInput extends FinancingSecretScope {
  value: FinancingSecretValue
  expires_at?: Date | null
}

/**
 * Selects every secret tied to the session and/or the cart — for a cart, both its cart-scoped
 * secrets and session secrets stored with that cart_id — optionally narrowed to a lender/purpose.
 */
export interface DeleteFinancingSecretsFilter {
  payment_session_id?: string | null
  cart_id?: string | null
  lender?: string
  purpose?: string
}

/** A stored secret without its value: what putSecret returns. */
export interface FinancingSecretRecord {
  id: string
  lender: string
  purpose: string
  payment_session_id: string | null
  cart_id: string | null
  key_id: string
  expires_at: Date | null
}

/**
 * The narrow surface payment providers use. Providers live in the payment module's container
 * and reach this through registry.ts (getFinancingLog), not through dependency injection.
 */
/** What findOperation matches on: a lender's operation, optionally by name and reference(s). */
export interface FindOperationFilter {
  lender: string
  operation?: string
  lender_reference?: string | string[]
}

export interface FinancingLog {
  recordOperation(input: RecordFinancingOperationInput): Promise<FinancingOperationDTO>
  updateOperation(id: string, patch: UpdateFinancingOperationInput): Promise<FinancingOperationDTO>
  findOperationByIdempotencyKey(key: string): Promise<FinancingOperationDTO | null>
  findOperation(where: FindOperationFilter): Promise<FinancingOperationDTO | null>
  putSecret(input: PutFinancingSecretInput): Promise<FinancingSecretRecord>
  getSecret<T extends FinancingSecretValue = FinancingSecretValue>(scope: FinancingSecretScope): Promise<T | null>
  deleteSecrets(filter: DeleteFinancingSecretsFilter): Promise<number>
}

// ── lender settings (Settings → Financing) ──────────────────────────────────────────────────────

/** Order limits in one currency, integer minor units; null: no limit on that side. */
export interface LenderLimit {
  min: number | null
  max: number | null
}

/** What the owner saved for one lender; null fields keep the lender's defaults. */
export interface LenderSettingsRecord {
  lender: string
  enabled: boolean
  display_name: string | null
  description: string | null
  limits: Record<string, LenderLimit> | null
  countries: string[] | null
  currencies: string[] | null
  position: number | null
  /** The owner's capture choice (LenderDefinition.captureChoices), or null for the options' own. */
  capture_on: string | null
  /** Finance promotions shown (null: on). */
  messaging: boolean | null
  /** The owner's wording of the representative example (null: the lender's compliant default). */
  promotion_text: string | null
  /** Representative APR as decimal text ("29.9") for lenders whose quotes carry none. */
  representative_apr: string | null
  /** Payment Assist plan ids offered (null: every plan on the account). */
  plans: number[] | null
  /** Which credentials apply: null for the configuration's, else the owner's set of that name. */
  mode: CredentialSet | null
  /** The options each of the owner's credential sets holds (names only, never values). */
  credential_names: Partial<Record<CredentialSet, string[]>> | null
  updated_at: Date | string | null
}

export type CredentialSet = "sandbox" | "live"

/** The owner's credentials for one lender, decrypted: server-side only. */
export type LenderCredentials = Partial<Record<CredentialSet, Record<string, string>>>

export type LenderSettingsPatch = Partial<Omit<LenderSettingsRecord, "lender" | "updated_at" | "credential_names">>

export interface LenderSettingChangeDTO {
  id: string
  lender: string
  actor_id: string | null
  changes: Record<string, { from: unknown; to: unknown }>
  created_at: Date | string
}

/** The settings half of the financing module, as routes and providers use it. */
export interface LenderSettingsStore {
  listLenderSettings(): Promise<LenderSettingsRecord[]>
  saveLenderSettings(
    lender: string,
    patch: LenderSettingsPatch,
    actorId?: string | null,
  ): Promise<{ settings: LenderSettingsRecord; change: LenderSettingChangeDTO | null }>
  listLenderSettingChanges(lender: string, limit?: number): Promise<LenderSettingChangeDTO[]>
  /**
   * Replaces (a string) or removes (null) options in one of the owner's credential sets, sealed
   * again as one ciphertext; the change log records which options changed, never a value.
   */
  saveLenderCredentials(
    lender: string,
    set: CredentialSet,
    values: Record<string, string | null>,
    actorId?: string | null,
  ): Promise<{ settings: LenderSettingsRecord; change: LenderSettingChangeDTO | null }>
  /** The owner's credentials, decrypted, or null when none are saved. Never send them to a browser. */
  readLenderCredentials(lender: string): Promise<LenderCredentials | null>
}
