// The financing log's retention: purgeOperations deletes finished rows past the retention period,
// in batches, and keeps what reconciliation and retries still need whatever its age; the module
// option operationRetentionDays sets the period, turns it off, or fails boot when it makes no sense.
import { ContainerRegistrationKeys, ModulesSdkUtils, isSharedConnectionSymbol } from "@medusajs/framework/utils"
import { TestDatabaseUtils, initModules, moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import financingLogRetention from "../../../jobs/financing-log-retention"
import { FINANCING_MODULE } from "../constants"
import { FinancingOperation } from "../models/financing-operation"
import { OPERATION_PURGE_BATCH } from "../retention-options"
import type FinancingModuleService from "../service"

jest.setTimeout(120_000)

const MODULE_PATH = path.resolve(__dirname, "..")
// Its own database, so this suite can run beside financing-module.spec.ts.
const DB_NAME = `medusa-financing-retention-${process.env.JEST_WORKER_ID || 1}`
const dbConfig = { clientUrl: TestDatabaseUtils.getDatabaseURL(DB_NAME), schema: "public" }
const KEY = "retention-financing-key-0123456789-abcdefghij"
// The clock, as the job reads it: rows are dated relative to it.
const NOW = new Date()
const DAY = 24 * 60 * 60 * 1000
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY)

// Old enough for the default period (730 days) except where the name says "recent".
const ROWS: Array<{ id: string; outcome: string; next_attempt_at?: Date; created_at: Date }> = [
  { id: "finop_old_succeeded", outcome: "succeeded", created_at: daysAgo(800) },
  { id: "finop_old_failed_final", outcome: "failed", created_at: daysAgo(800) },
  { id: "finop_old_failed_retry", outcome: "failed", next_attempt_at: daysAgo(790), created_at: daysAgo(800) },
  { id: "finop_old_pending", outcome: "pending", created_at: daysAgo(800) },
  { id: "finop_old_action_required", outcome: "action_required", created_at: daysAgo(800) },
  { id: "finop_recent_succeeded", outcome: "succeeded", created_at: daysAgo(100) },
  { id: "finop_recent_failed_final", outcome: "failed", created_at: daysAgo(100) },
  { id: "finop_fresh_succeeded", outcome: "succeeded", created_at: daysAgo(1) },
]
const KEPT_ALWAYS = ["finop_old_action_required", "finop_old_failed_retry", "finop_old_pending"]

moduleIntegrationTestRunner<FinancingModuleService>({
  moduleName: FINANCING_MODULE,
  resolve: MODULE_PATH,
  dbName: DB_NAME,
  moduleModels: [FinancingOperation],
  pathToMigrations: path.join(MODULE_PATH, "migrations"),
  moduleOptions: { encryptionKey: KEY },
  testSuite: ({ service, MikroOrmWrapper }) => {
    const sql = async (query: string, params: unknown[] = []) =>
      (await MikroOrmWrapper.forkManager().execute(query, params)) as Array<Record<string, any>>
    const remaining = async () =>
      (await sql(`select id from financing_operation where id not like 'finop_bulk_%' order by id`)).map((r) => r.id)
    const bulkLeft = async () =>
      (await sql(`select count(*)::int as n from financing_operation where id like 'finop_bulk_%'`))[0].n

    beforeEach(async () => {
      for (const row of ROWS) {
        await sql(
          `insert into financing_operation (id, provider_id, lender, operation, outcome, next_attempt_at, created_at, updated_at)
           values (?, 'pp_newday_newday', 'newday', 'capture', ?, ?, ?, ?)`,
          [row.id, row.outcome, row.next_attempt_at ?? null, row.created_at, row.created_at],
        )
      }
      // More old finished rows than one batch deletes, so the purge must loop.
      await sql(
        `insert into financing_operation (id, provider_id, lender, operation, outcome, created_at, updated_at)
         select 'finop_bulk_' || g, 'pp_vault_vault', 'vault', 'status', 'succeeded', ?::timestamptz - g * interval '1 minute', now()
         from generate_series(1, ?) g`,
        [daysAgo(900), OPERATION_PURGE_BATCH * 2 + 500],
      )
    })

    it("deletes only finished rows older than the default two years, in batches, and counts them", async () => {
      expect(await service.purgeOperations({ now: NOW })).toBe(OPERATION_PURGE_BATCH * 2 + 500 + 2)
      expect(await bulkLeft()).toBe(0)
      expect(await remaining()).toEqual(
        [...KEPT_ALWAYS, "finop_fresh_succeeded", "finop_recent_failed_final", "finop_recent_succeeded"].sort(),
      )
      // Nothing left to delete: a second run is a no-op.
      expect(await service.purgeOperations({ now: NOW })).toBe(0)
    })

    it("takes a shorter period per call, and still keeps pending, action_required and to-be-retried rows", async () => {
      expect(await service.purgeOperations({ now: NOW, olderThanDays: 90 })).toBe(OPERATION_PURGE_BATCH * 2 + 500 + 4)
      expect(await remaining()).toEqual([...KEPT_ALWAYS, "finop_fresh_succeeded"].sort())
    })

    it("deletes nothing when told 0 or null, and refuses a period inside the reconcile window", async () => {
      expect(await service.purgeOperations({ now: NOW, olderThanDays: 0 })).toBe(0)
      expect(await service.purgeOperations({ now: NOW, olderThanDays: null })).toBe(0)
      await expect(service.purgeOperations({ now: NOW, olderThanDays: 7 })).rejects.toThrow(/at least 30/)
      expect(await remaining()).toHaveLength(ROWS.length)
      expect(await bulkLeft()).toBe(OPERATION_PURGE_BATCH * 2 + 500)
    })

    it("the daily job purges with the module's period and says how many rows went", async () => {
      const info = jest.fn()
      const container = {
        resolve: (key: string) => (key === FINANCING_MODULE ? service : { info, warn: jest.fn(), error: jest.fn() }),
      }
      await financingLogRetention(container as never)
      expect(await remaining()).toEqual(
        [...KEPT_ALWAYS, "finop_fresh_succeeded", "finop_recent_failed_final", "finop_recent_succeeded"].sort(),
      )
      expect(await bulkLeft()).toBe(0)
      expect(info).toHaveBeenCalledWith(expect.stringMatching(/^Financing log retention: \d+ finished operations/))
    })
  },
})

describe("option operationRetentionDays", () => {
  // Shared and destroyed here, so a boot that fails half-way leaves no open pool behind.
  const connection = ModulesSdkUtils.createPgConnection(dbConfig)
  afterAll(async () => {
    await connection.destroy()
  })

  async function boot(options: Record<string, unknown>) {
    const { medusaApp, shutdown } = await initModules({
      modulesConfig: {
        [FINANCING_MODULE]: {
          resolve: MODULE_PATH,
          options: { database: dbConfig, [isSharedConnectionSymbol]: true, encryptionKey: KEY, ...options },
        },
      },
      databaseConfig: dbConfig,
      injectedDependencies: { [ContainerRegistrationKeys.PG_CONNECTION]: connection },
      preventConnectionDestroyWarning: true,
    })
    return { service: medusaApp.modules[FINANCING_MODULE] as FinancingModuleService, shutdown }
  }

  it.each([["90 days"], [7], [29], [-1], [365.5], [true]])("fails boot on %p, naming the option", async (value) => {
    await expect(boot({ operationRetentionDays: value })).rejects.toThrow(
      /option "operationRetentionDays" must be a whole number of days of at least 30, or 0 \(or null\)/,
    )
  })

  it.each([[0], [null]])("turns retention off with %p: the job deletes nothing", async (value) => {
    const { service, shutdown } = await boot({ operationRetentionDays: value })
    try {
      expect(await service.purgeOperations({ now: new Date("2100-01-01") })).toBe(0)
    } finally {
      await shutdown()
    }
  })
})
