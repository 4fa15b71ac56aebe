import { ContainerRegistrationKeys, ModulesSdkUtils, isSharedConnectionSymbol } from "@medusajs/framework/utils"
import { TestDatabaseUtils, initModules, moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import { FINANCING_MODULE } from "../constants"
import { SecretCipher, deriveEncryptionKey } from "../crypto"
import { FinancingOperation } from "../models/financing-operation"
import { FinancingSessionSecret } from "../models/financing-session-secret"
import { getFinancingLog } from "../registry"
import { secretAssociatedData } from "../secret-scope"
import type FinancingModuleService from "../service"
import { retryFlexShopperOperations } from "../../../workflows/flexshopper/retry"

jest.setTimeout(60_000)

const MODULE_PATH = path.resolve(__dirname, "..")
const CURRENT_KEY = "current-financing-key-0123456789-abcdefghij"
const PREVIOUS_KEY = "previous-financing-key-0123456789-abcdefghij"
const PROVIDER_ID = "pp_payment-assist_payment-assist"
const TOKEN = "cust-tok-4f1d2c9e-PLAINTEXT-MARKER"

// Every log line the module writes during the suite; no secret value may appear in one.
const logLines: string[] = []
const recordingLogger = new Proxy(
  {},
  {
    get:
      () =>
      (...args: unknown[]) =>
        void logLines.push(args.map((a) => (a instanceof Error ? a.message : JSON.stringify(a))).join(" ")),
  },
)

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

moduleIntegrationTestRunner<FinancingModuleService>({
  moduleName: FINANCING_MODULE,
  resolve: MODULE_PATH,
  moduleModels: [FinancingOperation, FinancingSessionSecret],
  pathToMigrations: path.join(MODULE_PATH, "migrations"),
  moduleOptions: { encryptionKey: CURRENT_KEY, previousEncryptionKeys: [PREVIOUS_KEY] },
  injectedDependencies: { logger: recordingLogger },
  testSuite: ({ service, MikroOrmWrapper, medusaApp }) => {
    const sql = async <T = Record<string, any>>(query: string, params: unknown[] = []): Promise<T[]> =>
      (await MikroOrmWrapper.forkManager().execute(query, params)) as T[]

    const record = (overrides: Record<string, unknown> = {}) =>
      service.recordOperation({
        provider_id: PROVIDER_ID,
        lender: "payment-assist",
        operation: "initiate",
        ...overrides,
      })

    afterAll(() => {
      expect(logLines.filter((line) => line.includes(TOKEN) || line.includes("sca-secret"))).toEqual([])
    })

    describe("registry", () => {
      it("publishes the booted service as the process-wide financing log", () => {
        const booted = medusaApp.modules[FINANCING_MODULE]
        expect(booted).toBeDefined()
        expect(getFinancingLog()).toBe(booted)
      })

      it("lets provider-style code write through the FinancingLog interface", async () => {
        const op = await getFinancingLog()!.recordOperation({
          provider_id: PROVIDER_ID,
          lender: "payment-assist",
          operation: "authorize",
        })
        expect((await service.retrieveFinancingOperation(op.id)).operation).toBe("authorize")
      })
    })

    describe("operations", () => {
      it("records with defaults: pending, one attempt, not completed, finop_ id", async () => {
        const op = await record({ payment_session_id: "payses_1", amount: 123.45, currency_code: "gbp" })
        expect(op).toEqual(
          expect.objectContaining({
            id: expect.stringMatching(/^finop_/),
            outcome: "pending",
            attempts: 1,
            completed_at: null,
            payment_session_id: "payses_1",
            currency_code: "gbp",
          }),
        )
        const [row] = await sql(`select amount, raw_amount from financing_operation where id = ?`, [op.id])
        expect(Number(row.amount)).toBe(123.45)
        expect(row.raw_amount).toEqual(expect.objectContaining({ value: "123.45" }))
      })

      it("writes in one statement rows the ORM reads back field for field (amount, raw_amount, JSON, dates)", async () => {
        const op = await record({
          amount: "1999.99",
          references: { application_id: "APP-1", nested: { n: 1 } },
          detail: { step: "before" },
          idempotency_key: "key-orm-1",
        })
        const updated = await service.updateOperation(op.id, {
          outcome: "failed",
          amount: "2000.01",
          detail: { step: "after" },
          next_attempt_at: new Date("2030-01-02T03:04:05.000Z"),
          http_status: 503,
        })
        expect(updated).toEqual(expect.objectContaining({ amount: "2000.01", attempts: 1, http_status: 503 }))
        const viaOrm = await service.retrieveFinancingOperation(op.id)
        expect(viaOrm).toEqual(
          expect.objectContaining({
            outcome: "failed",
            references: { application_id: "APP-1", nested: { n: 1 } },
            detail: { step: "after" },
            idempotency_key: "key-orm-1",
            http_status: 503,
          }),
        )
        expect(Number(viaOrm.amount)).toBe(2000.01)
        expect((viaOrm as any).raw_amount).toEqual({ value: "2000.01", precision: 20 })
        expect(new Date(viaOrm.next_attempt_at!).toISOString()).toBe("2030-01-02T03:04:05.000Z")
        expect(viaOrm.completed_at).toBeInstanceOf(Date)
        expect(new Date(viaOrm.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(viaOrm.created_at).getTime())
      })

      it("stores lender-specific operations and references, and stamps completed_at on final outcomes", async () => {
        const op = await record({
          operation: "kba-submit",
          outcome: "succeeded",
          lender_reference: "PA-TOKEN-1",
          references: { application_id: "APP-9" },
          detail: { step: 2 },
        })
        expect(op.operation).toBe("kba-submit")
        expect(op.references).toEqual({ application_id: "APP-9" })
        expect(op.completed_at).toBeInstanceOf(Date)
        const pending = await record({ outcome: "action_required" })
        expect(pending.completed_at).toBeNull()
      })

      it("rejects an outcome outside the enum and a record without lender/operation", async () => {
        await expect(record({ outcome: "approved" })).rejects.toThrow()
        await expect(service.recordOperation({ provider_id: PROVIDER_ID } as any)).rejects.toThrow(
          /lender and operation/,
        )
      })

      it("updates an operation to succeeded or failed", async () => {
        const op = await record({ operation: "capture" })
        const ok = await service.updateOperation(op.id, {
          outcome: "succeeded",
          lender_reference: "TX-1",
          http_status: 200,
        })
        expect(ok).toEqual(
          expect.objectContaining({ outcome: "succeeded", lender_reference: "TX-1", http_status: 200, attempts: 1 }),
        )
        expect(ok.completed_at).toBeInstanceOf(Date)

        const other = await record({ operation: "refund" })
        const failed = await service.updateOperation(other.id, {
          outcome: "failed",
          error_code: "E42",
          error_message: "Refund window closed",
          http_status: 422,
        })
        expect(failed).toEqual(expect.objectContaining({ outcome: "failed", error_code: "E42", http_status: 422 }))
      })

      it("increments attempts atomically, even for concurrent retries", async () => {
        const op = await record({ operation: "settle" })
        const next = new Date(Date.now() + 60_000)
        await Promise.all([
          service.updateOperation(op.id, { increment_attempts: true, next_attempt_at: next }),
          service.updateOperation(op.id, { increment_attempts: true }),
        ])
        const after = await service.retrieveFinancingOperation(op.id)
        expect(after.attempts).toBe(3)
        expect(after.next_attempt_at).toEqual(next)
        expect((await service.updateOperation(op.id, { attempts: 7, increment_attempts: true })).attempts).toBe(7)
      })

      it("fails to update an unknown operation", async () => {
        await expect(service.updateOperation("finop_missing", { outcome: "failed" })).rejects.toThrow(/finop_missing/)
      })

      it("finds the newest operation for an idempotency key", async () => {
        await record({ idempotency_key: "capture:pay_1", outcome: "failed" })
        await sleep(5)
        const retry = await record({ idempotency_key: "capture:pay_1", attempts: 2 })
        await record({ idempotency_key: "capture:pay_2" })
        expect((await service.findOperationByIdempotencyKey("capture:pay_1"))?.id).toBe(retry.id)
        expect(await service.findOperationByIdempotencyKey("capture:pay_unknown")).toBeNull()
        expect(await service.findOperationByIdempotencyKey("")).toBeNull()
      })

      it("says which of many idempotency keys the log holds, in batches, ignoring deleted rows", async () => {
        await record({ idempotency_key: "ship:ful_1" })
        await record({ idempotency_key: "ship:ful_1", attempts: 2 })
        const gone = await record({ idempotency_key: "ship:ful_gone" })
        await service.softDeleteFinancingOperations([gone.id])
        // More keys than one statement takes (500), with the logged one last.
        const keys = [...Array.from({ length: 600 }, (_, i) => `ship:ful_x${i}`), "ship:ful_gone", "ship:ful_1"]
        expect([...(await service.loggedIdempotencyKeys(keys))]).toEqual(["ship:ful_1"])
        expect((await service.loggedIdempotencyKeys([])).size).toBe(0)
      })
    })

    describe("listOrderHistory", () => {
      // Oldest to newest: session-era initiate, payment-era authorize, then order-era events.
      async function seedHistory() {
        const ids: string[] = []
        for (const fields of [
          { payment_session_id: "payses_A", operation: "initiate" },
          { payment_id: "pay_A", operation: "authorize" },
          { order_id: "order_A", payment_id: "pay_A", operation: "capture" },
          { order_id: "order_A", operation: "ship-confirm" },
          { order_id: "order_B", operation: "capture" },
          { payment_session_id: "payses_B", operation: "initiate" },
        ]) {
          ids.push((await record(fields)).id)
          await sleep(3)
        }
        return ids
      }

      it("lists the order's own operations newest first", async () => {
        const ids = await seedHistory()
        const page = await service.listOrderHistory("order_A")
        expect(page.operations.map((o) => o.id)).toEqual([ids[3], ids[2]])
        expect(page).toEqual(expect.objectContaining({ count: 2, limit: 50, offset: 0 }))
      })

      it("includes operations logged against the order's payments and sessions", async () => {
        const ids = await seedHistory()
        const page = await service.listOrderHistory({
          order_id: "order_A",
          payment_ids: ["pay_A"],
          payment_session_ids: ["payses_A"],
        })
        expect(page.operations.map((o) => o.id)).toEqual([ids[3], ids[2], ids[1], ids[0]])
        expect(page.count).toBe(4)
      })

      it("paginates with limit and offset, counting the whole history", async () => {
        const ids = await seedHistory()
        const refs = { order_id: "order_A", payment_ids: ["pay_A"], payment_session_ids: ["payses_A"] }
        const page = await service.listOrderHistory(refs, { limit: 2, offset: 1 })
        expect(page.operations.map((o) => o.id)).toEqual([ids[2], ids[1]])
        expect(page).toEqual(expect.objectContaining({ count: 4, limit: 2, offset: 1 }))
        expect((await service.listOrderHistory(refs, { limit: 2, offset: 4 })).operations).toEqual([])
        expect((await service.listOrderHistory(refs, { limit: 100_000 })).limit).toBe(500)
      })

      it("requires an order id", async () => {
        await expect(service.listOrderHistory({ order_id: "" })).rejects.toThrow(/order_id/)
      })
    })

    describe("session secrets", () => {
      const sessionScope = {
        lender: "newday",
        purpose: "customer-token",
        payment_session_id: "payses_1",
        cart_id: "cart_1",
      }

      it("round-trips objects and strings", async () => {
        await service.putSecret({ ...sessionScope, value: { token: TOKEN, nested: { n: 1 } } })
        await service.putSecret({
          lender: "newday",
          purpose: "sca-token",
          payment_session_id: "payses_1",
          value: "sca-secret",
        })
        expect(await service.getSecret(sessionScope)).toEqual({ token: TOKEN, nested: { n: 1 } })
        expect(
          await service.getSecret({ lender: "newday", purpose: "sca-token", payment_session_id: "payses_1" }),
        ).toBe("sca-secret")
        expect(await service.getSecret({ ...sessionScope, lender: "vault" })).toBeNull()
      })

      it("stores only ciphertext, tagged with the current key id", async () => {
        const stored = await service.putSecret({ ...sessionScope, value: { token: TOKEN } })
        expect(stored).not.toHaveProperty("ciphertext")
        const rows = await sql(`select * from financing_session_secret`)
        expect(rows).toHaveLength(1)
        expect(rows[0].id).toMatch(/^finsec_/)
        expect(rows[0].key_id).toBe(deriveEncryptionKey(CURRENT_KEY).id)
        expect(JSON.stringify(rows)).not.toContain(TOKEN)
        expect(JSON.stringify(rows)).not.toContain(Buffer.from(TOKEN).toString("base64").slice(0, 12))
      })

      it("replaces the value for the same scope instead of adding a row", async () => {
        const first = await service.putSecret({ ...sessionScope, value: "one" })
        const second = await service.putSecret({ ...sessionScope, value: "two" })
        expect(second.id).toBe(first.id)
        expect(await service.getSecret(sessionScope)).toBe("two")
        expect(await sql(`select id from financing_session_secret`)).toHaveLength(1)
      })

      it("keeps one row when two first writes for a scope race", async () => {
        await Promise.all([
          service.putSecret({ ...sessionScope, value: "a" }),
          service.putSecret({ ...sessionScope, value: "b" }),
        ])
        expect(await sql(`select id from financing_session_secret`)).toHaveLength(1)
        expect(["a", "b"]).toContain(await service.getSecret(sessionScope))
      })

      it("keeps a cart-scoped secret apart and falls back to it when the session has none", async () => {
        const cartScope = { lender: "flexshopper", purpose: "customer-token", cart_id: "cart_9" }
        await service.putSecret({ ...cartScope, value: "from-preapproval" })
        const withSession = { ...cartScope, payment_session_id: "payses_9" }
        expect(await service.getSecret(withSession)).toBe("from-preapproval")
        await service.putSecret({ ...withSession, value: "session-own" })
        expect(await service.getSecret(withSession)).toBe("session-own")
        expect(await service.getSecret(cartScope)).toBe("from-preapproval")
        expect(await sql(`select id from financing_session_secret`)).toHaveLength(2)
      })

      it("treats an expired secret as absent", async () => {
        await service.putSecret({ ...sessionScope, value: "stale", expires_at: new Date(Date.now() - 1000) })
        expect(await service.getSecret(sessionScope)).toBeNull()
        await service.putSecret({ ...sessionScope, value: "fresh", expires_at: new Date(Date.now() + 60_000) })
        expect(await service.getSecret(sessionScope)).toBe("fresh")
        expect(await service.purgeExpiredSecrets(new Date(Date.now() + 120_000))).toBe(1)
        expect(await service.getSecret(sessionScope)).toBeNull()
      })

      it("requires a session or cart, at the service and in the database", async () => {
        await expect(service.putSecret({ lender: "newday", purpose: "x", value: "v" })).rejects.toThrow(
          /payment_session_id or a cart_id/,
        )
        await expect(service.getSecret({ lender: "newday", purpose: "x" })).rejects.toThrow(
          /payment_session_id or a cart_id/,
        )
        await expect(
          sql(
            `insert into financing_session_secret (id, lender, purpose, ciphertext, key_id) values ('finsec_x', 'a', 'b', 'c', 'd')`,
          ),
        ).rejects.toThrow(/financing_session_secret_scope_check/)
      })

      it("fails to decrypt a row whose ciphertext was modified", async () => {
        await service.putSecret({ ...sessionScope, value: { token: TOKEN } })
        const [row] = await sql(`select ciphertext from financing_session_secret`)
        const parts = row.ciphertext.split(".")
        const body = Buffer.from(parts[3], "base64url")
        body[0] ^= 0xff
        parts[3] = body.toString("base64url")
        await sql(`update financing_session_secret set ciphertext = ?`, [parts.join(".")])
        await expect(service.getSecret(sessionScope)).rejects.toThrow(/cannot be decrypted.*failed authentication/)
      })

      it("fails to decrypt a ciphertext copied onto another session's row, or a row moved to another session", async () => {
        await service.putSecret({ ...sessionScope, value: { token: TOKEN } })
        const victim = { ...sessionScope, payment_session_id: "payses_2", cart_id: "cart_2" }
        await service.putSecret({ ...victim, value: "victim" })
        await sql(
          `update financing_session_secret set ciphertext = src.ciphertext
             from financing_session_secret src
            where src.payment_session_id = 'payses_1' and financing_session_secret.payment_session_id = 'payses_2'`,
        )
        await expect(service.getSecret(victim)).rejects.toThrow(/cannot be decrypted/)

        await sql(
          `update financing_session_secret set payment_session_id = 'payses_3' where payment_session_id = 'payses_1'`,
        )
        await expect(service.getSecret({ ...sessionScope, payment_session_id: "payses_3" })).rejects.toThrow(
          /cannot be decrypted/,
        )
      })

      it("reads values sealed with a previous key and re-encrypts them with the current key", async () => {
        const stored = await service.putSecret({ ...sessionScope, value: "placeholder" })
        // What the deployment before the rotation wrote for this row.
        const legacy = SecretCipher.fromKeys(PREVIOUS_KEY).seal(
          JSON.stringify({ token: TOKEN }),
          secretAssociatedData(stored),
        )
        await sql(`update financing_session_secret set ciphertext = ?, key_id = ?`, [legacy.ciphertext, legacy.key_id])

        expect(await service.getSecret(sessionScope)).toEqual({ token: TOKEN })
        const [row] = await sql(`select ciphertext, key_id from financing_session_secret`)
        expect(row.key_id).toBe(deriveEncryptionKey(CURRENT_KEY).id)
        expect(row.ciphertext).not.toBe(legacy.ciphertext)
        expect(await service.getSecret(sessionScope)).toEqual({ token: TOKEN })
      })

      it("reports a value sealed with a key that is no longer configured", async () => {
        await service.putSecret({ ...sessionScope, value: "x" })
        const foreign = SecretCipher.fromKeys("some-other-deployment-key-0123456789abcdef")
        await sql(`update financing_session_secret set key_id = ?`, [foreign.currentKeyId])
        await expect(service.getSecret(sessionScope)).rejects.toThrow(
          /encrypted with key [0-9a-f]{16}, which is neither/,
        )
      })

      it("deletes a session's secrets for good, leaving other sessions and carts alone", async () => {
        await service.putSecret({ ...sessionScope, value: "1" })
        await service.putSecret({ ...sessionScope, purpose: "sca-token", value: "2" })
        await service.putSecret({
          ...sessionScope,
          payment_session_id: "payses_other",
          cart_id: "cart_other",
          value: "3",
        })
        await service.putSecret({ lender: "newday", purpose: "customer-token", cart_id: "cart_1", value: "4" })

        expect(await service.deleteSecrets({ payment_session_id: "payses_1" })).toBe(2)
        expect(await service.getSecret({ ...sessionScope, cart_id: null })).toBeNull()
        expect(await service.getSecret({ ...sessionScope, payment_session_id: "payses_other" })).toBe("3")
        expect(await service.getSecret({ lender: "newday", purpose: "customer-token", cart_id: "cart_1" })).toBe("4")
        // Hard delete: no soft-deleted token left behind.
        expect(await sql(`select payment_session_id, cart_id from financing_session_secret order by cart_id`)).toEqual([
          { payment_session_id: null, cart_id: "cart_1" },
          { payment_session_id: "payses_other", cart_id: "cart_other" },
        ])
        await expect(service.deleteSecrets({})).rejects.toThrow(/payment_session_id or a cart_id/)
      })

      it("deletes by cart both the cart's own secrets and session secrets stored with that cart", async () => {
        await service.putSecret({
          lender: "newday",
          purpose: "customer-token",
          cart_id: "cart_1",
          value: "pre-session",
        })
        await service.putSecret({ ...sessionScope, value: "session" })
        await service.putSecret({ ...sessionScope, lender: "vault", value: "other lender" })
        await service.putSecret({
          ...sessionScope,
          payment_session_id: "payses_2",
          cart_id: "cart_2",
          value: "other cart",
        })

        expect(await service.deleteSecrets({ cart_id: "cart_1", lender: "newday" })).toBe(2)
        expect(await service.deleteSecrets({ cart_id: "cart_1" })).toBe(1)
        expect(await sql(`select cart_id from financing_session_secret`)).toEqual([{ cart_id: "cart_2" }])
      })
    })

    describe("retries", () => {
      it("FlexShopper's retry reaches a due failure behind more than a page of exhausted ones", async () => {
        const failed = (fulfillment: string, next: Date | null) =>
          record({
            lender: "flexshopper",
            provider_id: "pp_flexshopper_flexshopper",
            operation: "ship-confirm",
            outcome: "failed",
            fulfillment_id: fulfillment,
            next_attempt_at: next,
            attempts: 1,
          })
        // Exhausted failures stay `failed` with no next attempt, and are older than the due one.
        await sql(
          `insert into financing_operation (id, provider_id, lender, operation, outcome, fulfillment_id, attempts, created_at)
           select 'finop_old_' || n, 'pp_flexshopper_flexshopper', 'flexshopper', 'ship-confirm', 'failed', 'ful_old_' || n, 10,
                  now() - interval '1 day' + n * interval '1 second'
           from generate_series(1, 120) n`,
        )
        const due = await failed("ful_due", new Date(Date.now() - 1000))
        const container = {
          resolve: (key: string) => {
            if (key === FINANCING_MODULE) return service
            throw new Error(`${key} is not registered in this test`)
          },
        } as never
        const outcomes = await retryFlexShopperOperations(container)
        // Re-run (it fails here: this test has no fulfillment module), and only the due one.
        expect(outcomes.map((o) => o.operation_id)).toEqual([due.id])
      })
    })

    describe("settings snapshot", () => {
      const enabledOf = async () =>
        (await service.listLenderSettings()).find((row) => row.lender === "newday")?.enabled ?? null

      it("applies a save in this process at once, and another process's write within the snapshot time", async () => {
        await service.saveLenderSettings("newday", { enabled: true })
        expect(await enabledOf()).toBe(true)
        await service.saveLenderSettings("newday", { enabled: false })
        expect(await enabledOf()).toBe(false) // same process: no stale read
        // Another process writes the row: this one shares its last read for at most 200 ms.
        await sql(`update financing_lender_setting set enabled = true where lender = 'newday'`)
        await new Promise((resolve) => setTimeout(resolve, 250))
        expect(await enabledOf()).toBe(true)
      })

      it("does not keep a read that was under way when a save committed", async () => {
        await service.saveLenderSettings("newday", { enabled: true })
        const during = service.listLenderSettings()
        await service.saveLenderSettings("newday", { enabled: false })
        await during
        expect(await enabledOf()).toBe(false)
      })
    })

    describe("lender credentials", () => {
      it("seals the owner's sets as one ciphertext, lists names only, and logs which option changed, never a value", async () => {
        const first = await service.saveLenderCredentials("payment-assist", "live", { apiKey: TOKEN }, "user_1")
        expect(first.settings.credential_names).toEqual({ live: ["apiKey"] })
        expect(first.change?.changes).toEqual({ "credentials.live.apiKey": { from: null, to: "replaced" } })
        await service.saveLenderCredentials("payment-assist", "sandbox", {
          apiKey: "sandbox-key",
          baseUrl: "https://s.test",
        })
        expect(await service.readLenderCredentials("payment-assist")).toEqual({
          live: { apiKey: TOKEN },
          sandbox: { apiKey: "sandbox-key", baseUrl: "https://s.test" },
        })
        const [row] = await sql(`select * from financing_lender_setting where lender = 'payment-assist'`)
        expect(JSON.stringify(row)).not.toContain(TOKEN)
        expect(row.credentials_key_id).toBe(deriveEncryptionKey(CURRENT_KEY).id)
        const changes = await service.listLenderSettingChanges("payment-assist")
        expect(JSON.stringify(changes)).not.toContain(TOKEN)
        // The same value again changes nothing and records nothing.
        expect((await service.saveLenderCredentials("payment-assist", "live", { apiKey: TOKEN })).change).toBeNull()
        // Removing the last option of a set drops the set.
        await service.saveLenderCredentials("payment-assist", "live", { apiKey: null })
        expect((await service.listLenderSettings())[0].credential_names).toEqual({
          sandbox: ["apiKey", "baseUrl"],
        })
      })

      it("replaces a JSON setting whole: a limit the owner removed does not survive a merge", async () => {
        await service.saveLenderSettings("vault", { limits: { gbp: { min: 1, max: 2 }, eur: { min: 3, max: 4 } } })
        await service.saveLenderSettings("vault", { limits: { gbp: { min: 1, max: null } } })
        expect((await service.listLenderSettings())[0].limits).toEqual({ gbp: { min: 1, max: null } })
      })

      it("refuses credentials copied onto another lender's row", async () => {
        await service.saveLenderCredentials("payment-assist", "live", { apiKey: TOKEN })
        await service.saveLenderSettings("newday", { enabled: true })
        await sql(
          `update financing_lender_setting set credentials = p.credentials, credentials_key_id = p.credentials_key_id
             from (select credentials, credentials_key_id from financing_lender_setting where lender = 'payment-assist') p
            where lender = 'newday'`,
        )
        await expect(service.readLenderCredentials("newday")).rejects.toThrow(
          /The newday credentials saved in Settings → Financing cannot be decrypted/,
        )
      })
    })
  },
})

describe("financing module boot", () => {
  // The database the runner above created; booting only needs to connect, not to query.
  const dbName = `medusa-${FINANCING_MODULE}-integration-${process.env.JEST_WORKER_ID || 1}`
  const dbConfig = { clientUrl: TestDatabaseUtils.getDatabaseURL(dbName), schema: "public" }
  const saved = { NODE_ENV: process.env.NODE_ENV, FINANCING_ENCRYPTION_KEY: process.env.FINANCING_ENCRYPTION_KEY }
  // Shared and destroyed here, so a boot that fails half-way leaves no open pool behind.
  const connection = ModulesSdkUtils.createPgConnection(dbConfig)

  afterAll(async () => {
    await connection.destroy()
  })

  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  })

  async function boot(options: Record<string, unknown>, logger: unknown = recordingLogger) {
    const { medusaApp, shutdown } = await initModules({
      modulesConfig: {
        [FINANCING_MODULE]: {
          resolve: MODULE_PATH,
          options: { database: dbConfig, [isSharedConnectionSymbol]: true, ...options },
        },
      },
      databaseConfig: dbConfig,
      injectedDependencies: { logger, [ContainerRegistrationKeys.PG_CONNECTION]: connection },
      preventConnectionDestroyWarning: true,
    })
    return { service: medusaApp.modules[FINANCING_MODULE], shutdown }
  }

  it("fails in production without a key, naming the option and the env var", async () => {
    process.env.NODE_ENV = "production"
    delete process.env.FINANCING_ENCRYPTION_KEY
    await expect(boot({ probe: "production-no-key" })).rejects.toThrow(/"encryptionKey".*FINANCING_ENCRYPTION_KEY/)
  })

  it("fails on a too-short key without echoing it", async () => {
    const attempt = boot({ encryptionKey: "tiny-key-value" })
    await expect(attempt).rejects.toThrow(/option "encryptionKey" must be a string of at least 32 characters/)
    await attempt.catch((e) => expect(e.message).not.toContain("tiny-key-value"))
  })

  it("boots outside production without a key, warning once about the development key", async () => {
    process.env.NODE_ENV = "test"
    delete process.env.FINANCING_ENCRYPTION_KEY
    const warn = jest.fn()
    const logger = { warn, info: jest.fn(), error: jest.fn(), debug: jest.fn(), log: jest.fn() }
    const first = await boot({ probe: "dev-1" }, logger)
    expect(first.service).toBeDefined()
    await first.shutdown()
    const second = await boot({ probe: "dev-2" }, logger)
    await second.shutdown()
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0][0]).toMatch(/INSECURE DEVELOPMENT key/)
  })
})
