import type { Context, DAL, Logger } from "@medusajs/framework/types"
import { MedusaError, MedusaService } from "@medusajs/framework/utils"
import { FINAL_OPERATION_OUTCOMES } from "./constants"
import { SecretCipher, SecretDecryptionError } from "./crypto"
import { resolveEncryption } from "./encryption-options"
import { FinancingLenderSetting } from "./models/financing-lender-setting"
import { FinancingOperation } from "./models/financing-operation"
import { FinancingSettingChange } from "./models/financing-setting-change"
import { FinancingSessionSecret } from "./models/financing-session-secret"
import {
  findOperationStatement,
  insertOperationStatement,
  loggedKeysStatement,
  operationFromRow,
  updateOperationStatement,
  type SqlStatement,
} from "./operation-sql"
import { setFinancingLog, withdrawFinancingLog } from "./registry"
import {
  MIN_OPERATION_RETENTION_DAYS,
  OPERATION_PURGE_BATCH,
  PURGE_OPERATIONS_SQL,
  resolveOperationRetentionDays,
} from "./retention-options"
import { deleteSecretsStatement, selectSecretStatement, upsertSecretStatement } from "./secret-sql"
import {
  NormalizedSecretScope,
  deserializeSecretValue,
  normalizeSecretScope,
  secretAssociatedData,
  secretDeleteFilter,
  serializeSecretValue,
} from "./secret-scope"
import type {
  CredentialSet,
  DeleteFinancingSecretsFilter,
  LenderCredentials,
  FinancingLog,
  FinancingModuleOptions,
  FinancingOperationDTO,
  FindOperationFilter,
  FinancingSecretRecord,
  FinancingSecretScope,
  FinancingSecretValue,
  LenderSettingChangeDTO,
  LenderSettingsPatch,
  LenderSettingsRecord,
  LenderSettingsStore,
  OrderHistoryPage,
  OrderHistoryRefs,
  Pagination,
  PutFinancingSecretInput,
  RecordFinancingOperationInput,
  UpdateFinancingOperationInput,
} from "./types"

type SqlManager = { execute(sql: string, params: unknown[]): Promise<Record<string, unknown>[]> }

type InjectedDependencies = {
  logger?: Logger
  baseRepository: DAL.RepositoryService
}

interface SecretRow extends NormalizedSecretScope {
  id: string
  ciphertext: string
  key_id: string
  expires_at: Date | string | null
}

/** How long lender calls share one read of the settings (listLenderSettings). */
const SETTINGS_SNAPSHOT_MS = 200
const DEFAULT_PAGE_SIZE = 50
const MAX_PAGE_SIZE = 500
const NEWEST_FIRST = { created_at: "DESC", id: "DESC" } as const

// One warning per process, however many times the module is instantiated (tests, reloads).
let warnedAboutDevelopmentKey = false

/** Keys per statement in loggedIdempotencyKeys (well under PostgreSQL's parameter limit). */
const LOGGED_KEYS_BATCH = 500

export default class FinancingModuleService
  extends MedusaService({ FinancingOperation, FinancingSessionSecret, FinancingLenderSetting, FinancingSettingChange })
  implements FinancingLog, LenderSettingsStore
{
  protected readonly cipher_: SecretCipher
  protected readonly repository_: DAL.RepositoryService
  protected readonly logger_?: Logger
  protected readonly openedCredentials_ = new Map<string, LenderCredentials>()
  protected settingsSnapshot_?: { at: number; rows: Promise<LenderSettingsRecord[]> }
  // Days the log keeps finished rows, or null to keep them all (option operationRetentionDays).
  protected readonly operationRetentionDays_: number | null
  // Medusa calls these on shutdown (modules-sdk MedusaModule.onApplicationShutdown).
  readonly __hooks: { onApplicationShutdown: () => Promise<void> }

  constructor(container: InjectedDependencies, options: FinancingModuleOptions = {}, moduleDeclaration?: unknown) {
    super(container, options, moduleDeclaration)
    this.repository_ = container.baseRepository
    this.logger_ = optionalLogger(container)

    // Validating here fails boot: Medusa constructs the service while loading modules.
    const { cipher, source } = resolveEncryption(options ?? {})
    this.operationRetentionDays_ = resolveOperationRetentionDays(options ?? {})
    this.cipher_ = cipher
    if (source === "development-default" && !warnedAboutDevelopmentKey) {
      warnedAboutDevelopmentKey = true
      this.logger_?.warn(
        `Financing module: no encryption key configured (option "encryptionKey" or env FINANCING_ENCRYPTION_KEY). ` +
          `Session secrets are encrypted with the built-in INSECURE DEVELOPMENT key; set a real key before production.`,
      )
    }

    // See registry.ts: providers in the payment module's container find the log through this.
    setFinancingLog(this)
    this.__hooks = { onApplicationShutdown: async () => withdrawFinancingLog(this) }
  }

  // ── lender settings (Settings → Financing) ────────────────────────────────────────────────────

  /**
   * Every lender's saved settings. Every lender call reads them (a save must apply in every
   * server and worker process without a restart), so this is one plain SELECT of a table of a few
   * rows, shared by the calls of the next SETTINGS_SNAPSHOT_MS: a checkout's calls cost one read,
   * not one each. A save clears it in this process at once; other processes see it within that time.
   */
  async listLenderSettings(sharedContext: Context = {}): Promise<LenderSettingsRecord[]> {
    const read = async () => {
      const rows = await this.execute_(sharedContext, {
        sql: `select * from "financing_lender_setting" where "deleted_at" is null`,
        params: [],
      })
      return rows.map(toSettingsRecord)
    }
    // Inside a transaction (a save reading what it is about to change) the snapshot does not apply.
    if (sharedContext.transactionManager) return await read()
    const now = Date.now()
    const snapshot = this.settingsSnapshot_
    if (snapshot && now - snapshot.at < SETTINGS_SNAPSHOT_MS) return await snapshot.rows
    const rows = read()
    const taken = { at: now, rows }
    this.settingsSnapshot_ = taken
    rows.catch(() => {
      if (this.settingsSnapshot_ === taken) this.settingsSnapshot_ = undefined
    })
    return await rows
  }

  /**
   * Saves the fields in `patch` for one lender and records what changed (who, each field's old
   * and new value). Fields left out keep their value; a save that changes nothing records nothing.
   */
  async saveLenderSettings(
    lender: string,
    patch: LenderSettingsPatch,
    actorId: string | null = null,
    sharedContext: Context = {},
  ): Promise<{ settings: LenderSettingsRecord; change: LenderSettingChangeDTO | null }> {
    if (!lender) throw new MedusaError(MedusaError.Types.INVALID_DATA, "saveLenderSettings needs a lender.")
    return await this.savingSettings_(sharedContext, async (context) => {
      const [current] = await this.listFinancingLenderSettings({ lender }, {}, context)
      const before = current ? toSettingsRecord(current) : undefined
      const changes: Record<string, { from: unknown; to: unknown }> = {}
      for (const [field, value] of Object.entries(patch)) {
        if (value === undefined) continue
        const old = before ? ((before as unknown as Record<string, unknown>)[field] ?? null) : null
        if (JSON.stringify(old) !== JSON.stringify(value)) changes[field] = { from: old, to: value }
      }
      if (!Object.keys(changes).length && current) return { settings: before!, change: null }
      const fields = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined))
      const saved = current
        ? await this.replaceSettingFields_(current.id, fields, context)
        : await this.createFinancingLenderSettings({ lender, ...fields } as any, context)
      const change = Object.keys(changes).length
        ? await this.createFinancingSettingChanges({ lender, actor_id: actorId, changes } as any, context)
        : null
      return { settings: toSettingsRecord(saved), change: change as unknown as LenderSettingChangeDTO | null }
    })
  }

  async listLenderSettingChanges(
    lender: string,
    limit = 20,
    sharedContext: Context = {},
  ): Promise<LenderSettingChangeDTO[]> {
    const rows = await this.listFinancingSettingChanges(
      { lender },
      { order: { created_at: "DESC", id: "DESC" }, take: Math.min(Math.max(Math.trunc(limit), 1), 200) },
      sharedContext,
    )
    return rows as unknown as LenderSettingChangeDTO[]
  }

  async saveLenderCredentials(
    lender: string,
    set: CredentialSet,
    values: Record<string, string | null>,
    actorId: string | null = null,
    sharedContext: Context = {},
  ): Promise<{ settings: LenderSettingsRecord; change: LenderSettingChangeDTO | null }> {
    if (!lender || (set !== "sandbox" && set !== "live")) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "saveLenderCredentials needs a lender and a set.")
    }
    return await this.savingSettings_(sharedContext, async (context) => {
      const [current] = (await this.listFinancingLenderSettings({ lender }, {}, context)) as Array<Record<string, any>>
      const all: LenderCredentials = current?.credentials ? this.openCredentials_(lender, current) : {}
      const before = { ...(all[set] ?? {}) }
      const after = { ...before }
      const changes: Record<string, { from: unknown; to: unknown }> = {}
      for (const [option, value] of Object.entries(values)) {
        const had = option in before
        if (value === null) delete after[option]
        else after[option] = value
        // Which option changed and how, never its value.
        if (value === null && had) changes[`credentials.${set}.${option}`] = { from: "set", to: null }
        else if (value !== null && before[option] !== value)
          changes[`credentials.${set}.${option}`] = { from: had ? "set" : null, to: "replaced" }
      }
      if (!Object.keys(changes).length && current) return { settings: toSettingsRecord(current), change: null }
      const next: LenderCredentials = { ...all, [set]: after }
      if (!Object.keys(after).length) delete next[set]
      const names = Object.fromEntries(
        Object.entries(next).map(([name, options]) => [name, Object.keys(options!).sort()]),
      )
      const sealed = Object.keys(next).length
        ? this.cipher_.seal(JSON.stringify(next), credentialsAssociatedData(lender))
        : { ciphertext: null, key_id: null }
      const fields = {
        credentials: sealed.ciphertext,
        credentials_key_id: sealed.key_id,
        credential_names: Object.keys(names).length ? names : null,
      }
      const saved = current
        ? await this.replaceSettingFields_(current.id, fields, context)
        : await this.createFinancingLenderSettings({ lender, ...fields } as any, context)
      const change = await this.createFinancingSettingChanges({ lender, actor_id: actorId, changes } as any, context)
      return { settings: toSettingsRecord(saved), change: change as unknown as LenderSettingChangeDTO }
    })
  }

  /** A settings save in a transaction; this process's snapshot is dropped once it is written. */
  protected async savingSettings_<T>(sharedContext: Context, work: (context: Context) => Promise<T>): Promise<T> {
    try {
      return await this.inTransaction_(sharedContext, work)
    } finally {
      this.settingsSnapshot_ = undefined
    }
  }

  /**
   * Updates a settings row so each JSON field holds exactly the new value: Medusa's update merges
   * a JSON object into the stored one, which would keep a limit or credential set the owner removed.
   */
  protected async replaceSettingFields_(id: string, fields: Record<string, unknown>, context: Context) {
    const json = Object.keys(fields).filter((field) => JSON_SETTING_FIELDS.includes(field))
    if (json.length) {
      await this.updateFinancingLenderSettings(
        { id, ...Object.fromEntries(json.map((field) => [field, null])) } as any,
        context,
      )
    }
    return await this.updateFinancingLenderSettings({ id, ...fields } as any, context)
  }

  async readLenderCredentials(lender: string, sharedContext: Context = {}): Promise<LenderCredentials | null> {
    const [row] = await this.execute_(sharedContext, {
      sql: `select "credentials", "credentials_key_id" from "financing_lender_setting" where "lender" = ? and "deleted_at" is null`,
      params: [lender],
    })
    return row?.credentials ? this.openCredentials_(lender, row) : null
  }

  /** Decrypted once per ciphertext per process: provider calls read credentials on every call. */
  protected openCredentials_(lender: string, row: Record<string, any>): LenderCredentials {
    const cached = this.openedCredentials_.get(row.credentials)
    if (cached) return cached
    let opened: LenderCredentials
    try {
      opened = JSON.parse(
        this.cipher_.open(
          { ciphertext: row.credentials, key_id: row.credentials_key_id },
          credentialsAssociatedData(lender),
        ),
      ) as LenderCredentials
    } catch (error) {
      const reason = error instanceof SecretDecryptionError ? error.message : "the stored value is not readable"
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `The ${lender} credentials saved in Settings → Financing cannot be decrypted: ${reason}`,
      )
    }
    if (this.openedCredentials_.size > 50) this.openedCredentials_.clear()
    this.openedCredentials_.set(row.credentials, opened)
    return opened
  }

  // ── operation log ────────────────────────────────────────────────────────────────────────────

  async recordOperation(
    input: RecordFinancingOperationInput,
    sharedContext: Context = {},
  ): Promise<FinancingOperationDTO> {
    if (!input?.provider_id || !input?.lender || !input?.operation) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "recordOperation needs provider_id, lender and operation.")
    }
    const data = stampCompletion({ outcome: "pending", attempts: 1, ...input })
    const [row] = await this.execute_(sharedContext, insertOperationStatement(data as any))
    return operationFromRow(row)
  }

  async updateOperation(
    id: string,
    patch: UpdateFinancingOperationInput,
    sharedContext: Context = {},
  ): Promise<FinancingOperationDTO> {
    const [row] = await this.execute_(sharedContext, updateOperationStatement(id, stampCompletion(patch ?? {})))
    if (!row) throw new MedusaError(MedusaError.Types.NOT_FOUND, `FinancingOperation with id: ${id} was not found`)
    return operationFromRow(row)
  }

  /**
   * The order's lender history, newest first. Operations logged before the order existed (on
   * its payment sessions, or on payments before `order_id` was known) are included when their
   * ids are passed.
   */
  async listOrderHistory(
    refs: string | OrderHistoryRefs,
    page: Pagination = {},
    sharedContext: Context = {},
  ): Promise<OrderHistoryPage> {
    const {
      order_id,
      payment_ids = [],
      payment_session_ids = [],
    } = typeof refs === "string" ? { order_id: refs } : (refs ?? {})
    if (!order_id) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "listOrderHistory needs an order_id.")
    }
    const limit = Math.min(Math.max(Math.trunc(page.limit ?? DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE)
    const offset = Math.max(Math.trunc(page.offset ?? 0), 0)
    const anyOf: Record<string, unknown>[] = [{ order_id }]
    if (payment_ids.length) anyOf.push({ payment_id: payment_ids })
    if (payment_session_ids.length) anyOf.push({ payment_session_id: payment_session_ids })

    const [operations, count] = await this.listAndCountFinancingOperations(
      { $or: anyOf },
      { order: NEWEST_FIRST as any, skip: offset, take: limit },
      sharedContext,
    )
    return { operations: operations as unknown as FinancingOperationDTO[], count, limit, offset }
  }

  /** The newest operation logged under `key` (retries of one intent share a key), or null. */
  async findOperationByIdempotencyKey(key: string, sharedContext: Context = {}): Promise<FinancingOperationDTO | null> {
    if (!key) return null
    // On the capture path (the guard against capturing twice), so one plain statement.
    const [row] = await this.execute_(sharedContext, {
      sql:
        `select * from "financing_operation" where "idempotency_key" = ? and "deleted_at" is null ` +
        `order by "created_at" desc, "id" desc limit 1`,
      params: [key],
    })
    return row ? operationFromRow(row) : null
  }

  /**
   * Which of `keys` the log holds a row for, in one statement per 500 keys: the reconcile job asks
   * this of every recent fulfillment and return to find the events a subscriber never saw.
   */
  async loggedIdempotencyKeys(keys: readonly string[], sharedContext: Context = {}): Promise<Set<string>> {
    const found = new Set<string>()
    for (let i = 0; i < keys.length; i += LOGGED_KEYS_BATCH) {
      const rows = await this.execute_(sharedContext, loggedKeysStatement(keys.slice(i, i + LOGGED_KEYS_BATCH)))
      for (const row of rows) found.add(String(row.idempotency_key))
    }
    return found
  }

  /**
   * For the daily retention job: hard-deletes finished log rows older than `olderThanDays` (default:
   * the module option), in batches of one DELETE each, and returns how many went. Pending,
   * action_required and failed-with-a-next-attempt rows stay whatever their age (retention-options.ts).
   * Returns 0 without a query when retention is off.
   */
  async purgeOperations(
    {
      now = new Date(),
      olderThanDays = this.operationRetentionDays_,
    }: { now?: Date; olderThanDays?: number | null } = {},
    sharedContext: Context = {},
  ): Promise<number> {
    if (olderThanDays === null || olderThanDays === 0) return 0
    if (!Number.isInteger(olderThanDays) || olderThanDays < MIN_OPERATION_RETENTION_DAYS) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `purgeOperations: olderThanDays must be a whole number of at least ${MIN_OPERATION_RETENTION_DAYS}.`,
      )
    }
    const cutoff = new Date(now.getTime() - olderThanDays * 24 * 60 * 60 * 1000)
    let total = 0
    for (;;) {
      // Each batch commits on its own (unless the caller passed a transaction), so a large first
      // purge neither holds locks nor grows one transaction for its whole length.
      const [row] = await this.inTransaction_(sharedContext, async (context) => {
        const manager = context.transactionManager as { execute(sql: string, params: unknown[]): Promise<any[]> }
        return await manager.execute(PURGE_OPERATIONS_SQL, [cutoff, OPERATION_PURGE_BATCH])
      })
      const deleted = Number(row?.deleted ?? 0)
      total += deleted
      if (deleted < OPERATION_PURGE_BATCH) return total
    }
  }

  /**
   * The newest operation of a lender matching every given field (`lender_reference` may list
   * several values). One plain statement: providers ask it on the checkout's path.
   */
  async findOperation(where: FindOperationFilter, sharedContext: Context = {}): Promise<FinancingOperationDTO | null> {
    const [row] = await this.execute_(sharedContext, findOperationStatement(where))
    return row ? operationFromRow(row) : null
  }

  // ── session secrets ──────────────────────────────────────────────────────────────────────────

  /** Stores (or replaces) the secret for the scope, encrypted. The value is never logged. */
  async putSecret(input: PutFinancingSecretInput, sharedContext: Context = {}): Promise<FinancingSecretRecord> {
    const scope = normalizeSecretScope(input)
    const sealed = this.cipher_.seal(serializeSecretValue(input.value), secretAssociatedData(scope))
    const [row] = await this.execute_(sharedContext, upsertSecretStatement(scope, sealed, input.expires_at ?? null))
    return toSecretRecord(row as unknown as SecretRow)
  }

  /**
   * The decrypted secret, or null when there is none or it has expired. Throws when the stored
   * value cannot be authenticated (tampered, moved to another row, unknown key).
   */
  async getSecret<T extends FinancingSecretValue = FinancingSecretValue>(
    scope: FinancingSecretScope,
    sharedContext: Context = {},
  ): Promise<T | null> {
    const now = Date.now()
    const rows = (await this.execute_(
      sharedContext,
      selectSecretStatement(normalizeSecretScope(scope)),
    )) as unknown as SecretRow[]
    // The session's own row first; an expired one gives way to the cart's.
    for (const row of rows) {
      if (row.expires_at && new Date(row.expires_at).getTime() <= now) continue
      const plaintext = this.openRow_(row)
      if (row.key_id !== this.cipher_.currentKeyId) {
        await this.resealRow_(row, plaintext, sharedContext)
      }
      return deserializeSecretValue<T>(plaintext)
    }
    return null
  }

  /** Deletes (for good, not soft) the session's and/or cart's secrets; returns how many. */
  async deleteSecrets(filter: DeleteFinancingSecretsFilter, sharedContext: Context = {}): Promise<number> {
    secretDeleteFilter(filter) // refuses an unbounded delete
    const rows = await this.execute_(
      sharedContext,
      deleteSecretsStatement({
        payment_session_id: filter.payment_session_id || null,
        cart_id: filter.cart_id || null,
        lender: filter.lender,
        purpose: filter.purpose,
      }),
    )
    return rows.length
  }

  /** For a scheduled job: removes secrets whose `expires_at` has passed. */
  async purgeExpiredSecrets(now: Date = new Date(), sharedContext: Context = {}): Promise<number> {
    return await this.inTransaction_(sharedContext, async (context) => {
      const rows = await this.listFinancingSessionSecrets({ expires_at: { $lte: now } }, { select: ["id"] }, context)
      if (rows.length) {
        await this.deleteFinancingSessionSecrets(
          rows.map((r) => r.id),
          context,
        )
      }
      return rows.length
    })
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────────

  protected openRow_(row: SecretRow): string {
    try {
      return this.cipher_.open(row, secretAssociatedData(row))
    } catch (error) {
      if (error instanceof SecretDecryptionError) {
        throw new MedusaError(
          MedusaError.Types.UNEXPECTED_STATE,
          `Financing secret ${row.id} (${row.lender} ${row.purpose}) cannot be decrypted: ${error.message}`,
        )
      }
      throw error
    }
  }

  /** Lazy key rotation: a value read with a previous key is re-encrypted with the current one. */
  protected async resealRow_(row: SecretRow, plaintext: string, sharedContext: Context): Promise<void> {
    try {
      const sealed = this.cipher_.seal(plaintext, secretAssociatedData(row))
      await this.updateFinancingSessionSecrets({ id: row.id, ...sealed } as any, sharedContext)
    } catch (error) {
      // The value was read fine; failing to rewrite it only postpones the rotation.
      this.logger_?.warn(
        `Financing module: could not re-encrypt secret ${row.id} with the current key: ${(error as Error).message}`,
      )
    }
  }

  /** One statement on the module's connection (the caller's transaction when there is one). */
  protected async execute_(sharedContext: Context, statement: SqlStatement): Promise<Record<string, unknown>[]> {
    const repository = this.repository_ as unknown as { getActiveManager(context: Context): SqlManager }
    const manager = repository.getActiveManager(sharedContext)
    return await manager.execute(statement.sql, statement.params)
  }

  protected async inTransaction_<T>(sharedContext: Context, work: (context: Context) => Promise<T>): Promise<T> {
    if (sharedContext.transactionManager) {
      return await work(sharedContext)
    }
    return await this.repository_.transaction((transactionManager) => work({ ...sharedContext, transactionManager }))
  }
}

function optionalLogger(container: InjectedDependencies): Logger | undefined {
  try {
    return container.logger
  } catch {
    return undefined // not registered in this container
  }
}

/** A final outcome without an explicit completed_at gets "now". */
function stampCompletion<T extends { outcome?: string; completed_at?: Date | null }>(fields: T): T {
  if (fields.outcome && FINAL_OPERATION_OUTCOMES.includes(fields.outcome as any) && fields.completed_at === undefined) {
    return { ...fields, completed_at: new Date() }
  }
  return fields
}

/** The settings columns stored as JSON (models/financing-lender-setting.ts). */
const JSON_SETTING_FIELDS = ["limits", "countries", "currencies", "plans", "credential_names"]

/** Binds a lender's credentials ciphertext to that lender: copied onto another row it fails to open. */
function credentialsAssociatedData(lender: string): string {
  return `financing-lender-credentials|${lender}`
}

function toSettingsRecord(row: Record<string, any>): LenderSettingsRecord {
  return {
    lender: row.lender,
    enabled: row.enabled !== false,
    display_name: row.display_name ?? null,
    description: row.description ?? null,
    limits: row.limits ?? null,
    countries: row.countries ?? null,
    currencies: row.currencies ?? null,
    position: row.position ?? null,
    capture_on: row.capture_on ?? null,
    messaging: row.messaging ?? null,
    promotion_text: row.promotion_text ?? null,
    representative_apr: row.representative_apr ?? null,
    plans: row.plans ?? null,
    mode: row.mode === "sandbox" || row.mode === "live" ? row.mode : null,
    credential_names: row.credential_names ?? null,
    updated_at: row.updated_at ?? null,
  }
}

function toSecretRecord(row: SecretRow): FinancingSecretRecord {
  return {
    id: row.id,
    lender: row.lender,
    purpose: row.purpose,
    payment_session_id: row.payment_session_id,
    cart_id: row.cart_id,
    key_id: row.key_id,
    expires_at: row.expires_at ? new Date(row.expires_at) : null,
  }
}
