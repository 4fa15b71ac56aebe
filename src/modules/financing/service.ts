import type { Context, DAL, Logger } from "@medusajs/framework/types"
import { MedusaError, MedusaService } from "@medusajs/framework/utils"
import { FINAL_OPERATION_OUTCOMES } from "./constants"
import { SecretCipher, SecretDecryptionError } from "./crypto"
import { resolveEncryption } from "./encryption-options"
import { FinancingLenderSetting } from "./models/financing-lender-setting"
import { FinancingOperation } from "./models/financing-operation"
import { FinancingSettingChange } from "./models/financing-setting-change"
import { FinancingSessionSecret } from "./models/financing-session-secret"
import { setFinancingLog, withdrawFinancingLog } from "./registry"
import {
  NormalizedSecretScope,
  deserializeSecretValue,
  normalizeSecretScope,
  secretAssociatedData,
  secretDeleteFilter,
  secretLookupFilters,
  secretRowFilter,
  serializeSecretValue,
} from "./secret-scope"
import type {
  CredentialSet,
  DeleteFinancingSecretsFilter,
  LenderCredentials,
  FinancingLog,
  FinancingModuleOptions,
  FinancingOperationDTO,
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

const DEFAULT_PAGE_SIZE = 50
const MAX_PAGE_SIZE = 500
const NEWEST_FIRST = { created_at: "DESC", id: "DESC" } as const

// One warning per process, however many times the module is instantiated (tests, reloads).
let warnedAboutDevelopmentKey = false

export default class FinancingModuleService
  extends MedusaService({ FinancingOperation, FinancingSessionSecret, FinancingLenderSetting, FinancingSettingChange })
  implements FinancingLog, LenderSettingsStore
{
  protected readonly cipher_: SecretCipher
  protected readonly repository_: DAL.RepositoryService
  protected readonly logger_?: Logger
  protected readonly openedCredentials_ = new Map<string, LenderCredentials>()
  // Medusa calls these on shutdown (modules-sdk MedusaModule.onApplicationShutdown).
  readonly __hooks: { onApplicationShutdown: () => Promise<void> }

  constructor(container: InjectedDependencies, options: FinancingModuleOptions = {}, moduleDeclaration?: unknown) {
    super(container, options, moduleDeclaration)
    this.repository_ = container.baseRepository
    this.logger_ = optionalLogger(container)

    // Validating here fails boot: Medusa constructs the service while loading modules.
    const { cipher, source } = resolveEncryption(options ?? {})
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

  async listLenderSettings(sharedContext: Context = {}): Promise<LenderSettingsRecord[]> {
    const rows = await this.listFinancingLenderSettings({}, {}, sharedContext)
    return rows.map(toSettingsRecord)
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
    return await this.inTransaction_(sharedContext, async (context) => {
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
    return await this.inTransaction_(sharedContext, async (context) => {
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
    const [row] = (await this.listFinancingLenderSettings(
      { lender },
      { select: ["id", "lender", "credentials", "credentials_key_id"] },
      sharedContext,
    )) as Array<Record<string, any>>
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
    return (await this.createFinancingOperations(data as any, sharedContext)) as unknown as FinancingOperationDTO
  }

  async updateOperation(
    id: string,
    patch: UpdateFinancingOperationInput,
    sharedContext: Context = {},
  ): Promise<FinancingOperationDTO> {
    const { increment_attempts, ...fields } = patch ?? {}
    return await this.inTransaction_(sharedContext, async (context) => {
      if (increment_attempts && fields.attempts === undefined) {
        // In SQL, so two concurrent retries both count.
        await (context.transactionManager as { execute: (sql: string, params: unknown[]) => Promise<unknown> }).execute(
          "update financing_operation set attempts = attempts + 1 where id = ? and deleted_at is null",
          [id],
        )
      }
      const updated = await this.updateFinancingOperations({ id, ...stampCompletion(fields) } as any, context)
      return updated as unknown as FinancingOperationDTO
    })
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
    const [operation] = await this.listFinancingOperations(
      { idempotency_key: key },
      { order: NEWEST_FIRST as any, take: 1 },
      sharedContext,
    )
    return (operation as unknown as FinancingOperationDTO) ?? null
  }

  // ── session secrets ──────────────────────────────────────────────────────────────────────────

  /** Stores (or replaces) the secret for the scope, encrypted. The value is never logged. */
  async putSecret(input: PutFinancingSecretInput, sharedContext: Context = {}): Promise<FinancingSecretRecord> {
    const scope = normalizeSecretScope(input)
    const sealed = this.cipher_.seal(serializeSecretValue(input.value), secretAssociatedData(scope))
    const data = { ...scope, ...sealed, expires_at: input.expires_at ?? null }

    const upsert = () =>
      this.inTransaction_(sharedContext, async (context) => {
        const [existing] = await this.listFinancingSessionSecrets(
          secretRowFilter(scope),
          { select: ["id"], take: 1 },
          context,
        )
        const row = existing
          ? await this.updateFinancingSessionSecrets({ id: existing.id, ...data } as any, context)
          : await this.createFinancingSessionSecrets(data as any, context)
        return toSecretRecord(row as unknown as SecretRow)
      })

    try {
      return await upsert()
    } catch (error) {
      // Two concurrent first writes for one scope: the loser hits the unique index. Its
      // transaction is gone, so retry once; the row now exists and is updated instead.
      if (sharedContext.transactionManager || !isUniqueViolation(error)) throw error
      return await upsert()
    }
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
    for (const filter of secretLookupFilters(normalizeSecretScope(scope))) {
      const [row] = (await this.listFinancingSessionSecrets(
        filter,
        { take: 1 },
        sharedContext,
      )) as unknown as SecretRow[]
      if (!row || (row.expires_at && new Date(row.expires_at).getTime() <= now)) continue

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
    const where = secretDeleteFilter(filter)
    return await this.inTransaction_(sharedContext, async (context) => {
      const rows = await this.listFinancingSessionSecrets(where, { select: ["id"] }, context)
      if (rows.length) {
        await this.deleteFinancingSessionSecrets(
          rows.map((r) => r.id),
          context,
        )
      }
      return rows.length
    })
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

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string }
  // Medusa's dbErrorMapper turns 23505 into "<Table> with <keys>, already exists."
  return e?.code === "23505" || /already exists/i.test(e?.message ?? "")
}
