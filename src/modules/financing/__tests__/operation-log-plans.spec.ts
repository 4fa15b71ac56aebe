// Every reader of the financing log, run against a log of production-like volume (22,000 rows,
// 2,000 orders, ANALYZEd): each statement it sends is captured from the module's own connection and
// EXPLAINed, and must reach financing_operation through an index — a Seq Scan here grows with the log.
import { ContainerRegistrationKeys, ModulesSdkUtils } from "@medusajs/framework/utils"
import { TestDatabaseUtils, moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import { retryDueOperations } from "../../../provider-kit/durable-operation"
import { retryFlexShopperOperations } from "../../../workflows/flexshopper/retry"
import { reconcileInterruptedOperations } from "../../../workflows/reconcile/orders"
import { stalePendingFilter } from "../../../workflows/reconcile/webhooks"
import { FILL_OPERATION_LOG_SQL, VOLUME_ROWS } from "../__fixtures__/operation-log-volume"
import { FINANCING_MODULE } from "../constants"
import { FinancingOperation } from "../models/financing-operation"
import type FinancingModuleService from "../service"

jest.setTimeout(120_000)

const MODULE_PATH = path.resolve(__dirname, "..")
// Its own database, so this suite can run beside financing-module.spec.ts.
const DB_NAME = `medusa-financing-log-plans-${process.env.JEST_WORKER_ID || 1}`
const DB_URL = TestDatabaseUtils.getDatabaseURL(DB_NAME)

// The module's connection, with every statement it sends recorded.
const connection = ModulesSdkUtils.createPgConnection({ clientUrl: DB_URL, schema: "public" })
let sent: Array<{ sql: string; bindings: unknown[] }> = []
connection.on("query", (q: { sql: string; bindings?: unknown[] }) =>
  sent.push({ sql: q.sql, bindings: q.bindings ?? [] }),
)

interface Plan {
  statement: string
  scans: string[]
}

interface PlanNode {
  "Node Type": string
  "Relation Name"?: string
  "Index Name"?: string
  Plans?: PlanNode[]
}

/**
 * How a plan reads financing_operation: "Seq Scan" for a full read, else "<scan> <index>" for each
 * index it uses (a Bitmap Heap Scan or a DELETE's ModifyTable only follow such an index scan).
 */
function scansOf(node: PlanNode, out: string[] = []): string[] {
  if (node["Node Type"] === "Seq Scan" && node["Relation Name"] === "financing_operation") out.push("Seq Scan")
  const index = node["Index Name"]
  if (index?.startsWith("IDX_financing_operation") || index === "financing_operation_pkey") {
    out.push(`${node["Node Type"]} ${index}`)
  }
  for (const child of node.Plans ?? []) scansOf(child, out)
  return out
}

afterAll(async () => {
  await connection.destroy()
})

moduleIntegrationTestRunner<FinancingModuleService>({
  moduleName: FINANCING_MODULE,
  resolve: MODULE_PATH,
  dbName: DB_NAME,
  moduleModels: [FinancingOperation],
  pathToMigrations: path.join(MODULE_PATH, "migrations"),
  moduleOptions: { encryptionKey: "log-plans-financing-key-0123456789-abcdefghij" },
  injectedDependencies: { [ContainerRegistrationKeys.PG_CONNECTION]: connection },
  testSuite: ({ service, MikroOrmWrapper }) => {
    const sql = async (query: string, params: unknown[] = []) =>
      (await MikroOrmWrapper.forkManager().execute(query, params)) as Array<Record<string, any>>

    // Jobs resolve the financing module and, for anything else (Medusa's query), get an error they handle.
    const container = {
      resolve: (key: string) => {
        if (key === FINANCING_MODULE) return service
        throw new Error(`${key} is not registered in this test`)
      },
    } as never

    beforeEach(async () => {
      await sql(FILL_OPERATION_LOG_SQL)
      await sql("analyze financing_operation")
      sent = []
    })

    /** Runs `reader`, then EXPLAINs each statement it sent to financing_operation (inserts scan nothing). */
    async function plansOf(reader: () => Promise<unknown>): Promise<Plan[]> {
      sent = []
      await reader()
      const statements = sent.filter((q) => /financing_operation/.test(q.sql) && !/^\s*insert/i.test(q.sql))
      expect(statements.length).toBeGreaterThan(0)
      const plans: Plan[] = []
      for (const { sql: statement, bindings } of statements) {
        const [row] = await sql(`explain (format json) ${statement}`, bindings)
        plans.push({ statement, scans: scansOf(row["QUERY PLAN"][0].Plan) })
      }
      if (process.env.FINANCING_PLANS_LOG) console.log(JSON.stringify(plans.map((p) => p.scans)))
      return plans
    }

    /** No statement reads the table whole, and each uses an index (the statement is in the failure). */
    function expectIndexed(plans: Plan[]) {
      for (const { statement, scans } of plans) {
        expect({ statement, seqScan: scans.includes("Seq Scan"), indexed: scans.length > 0 }).toEqual({
          statement,
          seqScan: false,
          indexed: true,
        })
      }
    }

    const used = (plans: Plan[]) => plans.flatMap((p) => p.scans).join(" ")

    it("fills the log at volume", async () => {
      const [{ count }] = await sql("select count(*)::int as count from financing_operation")
      expect(count).toBe(VOLUME_ROWS)
    })

    it("the admin order widget: the order's rows, its payments' and sessions', newest first, and their count", async () => {
      const plans = await plansOf(async () => {
        const page = await service.listOrderHistory(
          { order_id: "order_vol_1001", payment_ids: ["pay_vol_1001"], payment_session_ids: ["payses_vol_1001"] },
          { limit: 5, offset: 5 },
        )
        expect(page.count).toBe(10)
        expect(page.operations).toHaveLength(5)
      })
      expectIndexed(plans)
      const indexes = used(plans)
      for (const index of ["order_id", "payment_id", "payment_session_id"]) {
        expect(indexes).toContain(`IDX_financing_operation_${index}`)
      }
    })

    it("an idempotency key's newest row", async () => {
      const plans = await plansOf(async () => {
        expect((await service.findOperationByIdempotencyKey("newday:capture:1002"))?.id).toBe("finop_vol_1002_6")
      })
      expectIndexed(plans)
      expect(used(plans)).toContain("IDX_financing_operation_idempotency_key")
    })

    it("the reconcile job's check of many keys for missed events", async () => {
      const keys = Array.from({ length: 200 }, (_, i) => `newday:capture:${1000 + i}`)
      const plans = await plansOf(async () => {
        expect((await service.loggedIdempotencyKeys(keys)).has("newday:capture:1002")).toBe(true)
      })
      expectIndexed(plans)
      expect(used(plans)).toContain("IDX_financing_operation_idempotency_key")
    })

    it("the retry of due failed operations (NewDay settlements, Payment Assist invoices)", async () => {
      const plans = await plansOf(async () => {
        const retried = await retryDueOperations(
          service as never,
          { lender: "newday", operation: ["settle-shipment", "reverse-on-cancel"], now: new Date() },
          (op) => op.order_id,
          async (op) => op.id,
        )
        expect(retried.length).toBeGreaterThan(0)
      })
      expectIndexed(plans)
    })

    it("FlexShopper's retry, which reads the lender's due failed rows oldest first", async () => {
      const plans = await plansOf(() => retryFlexShopperOperations(container, { now: new Date(0) }))
      expectIndexed(plans)
      // Due rows: the next-attempt index (or the failed-rows one, as the planner sees fit).
      expect(used(plans.slice(0, 1))).toMatch(
        /IDX_financing_operation_next_attempt_at|IDX_financing_operation_failed_lender_created_at/,
      )
    })

    it("FlexShopper's retry from the admin (forced), which reads every failed row of the order", async () => {
      const plans = await plansOf(() =>
        retryFlexShopperOperations(container, { now: new Date(0), force: true }).catch(() => []),
      )
      expectIndexed(plans)
    })

    it("the reconcile of calls left pending", async () => {
      const plans = await plansOf(async () => {
        const outcomes = await reconcileInterruptedOperations(container, {
          now: new Date(),
          // Reached only for calls tied to an order; this test's container has no Medusa query to find one.
          sync: async () => ({ lender: "newday", status: "unchanged", changed: false }),
        })
        expect(outcomes.length).toBeGreaterThan(0)
      })
      expectIndexed(plans)
      expect(used(plans.slice(0, 1))).toContain("IDX_financing_operation_pending_created_at")
    })

    // The other filters the plugin passes to listFinancingOperations, as each file writes them.
    it.each([
      [
        "reconciliation-load.ts by payment",
        { lender: "vault", operation: ["capture", "refund"], payment_id: ["pay_vol_3", "pay_vol_7"] },
        { take: null },
      ],
      [
        "reconciliation-load.ts by session",
        { lender: "vault", operation: ["capture"], payment_session_id: ["payses_vol_3"] },
        { take: null },
      ],
      [
        "reconciliation-load.ts by reference",
        { lender: "vault", operation: ["initiate"], lender_reference: ["tok_vol_3"] },
        { take: null },
      ],
      [
        "reconcile/webhooks.ts, webhook deliveries left pending",
        stalePendingFilter("newday", new Date()),
        { take: 50, order: { created_at: "ASC" } },
      ],
      [
        "resolve-session.ts",
        { lender: "payment-assist", operation: "initiate", outcome: "succeeded", lender_reference: "tok_vol_4" },
        { take: 1, order: { created_at: "DESC" } },
      ],
      [
        "reconcile/newday.ts",
        { lender: "newday", operation: "authorize", payment_session_id: "payses_vol_2" },
        { take: 1, order: { created_at: "DESC" } },
      ],
      [
        "confirm-fulfillment.ts",
        { payment_id: "pay_vol_5", operation: "ship-confirm", outcome: "succeeded" },
        { take: 1000 },
      ],
    ])("%s", async (_name, filter, config) => {
      expectIndexed(await plansOf(() => service.listFinancingOperations(filter as never, config as never)))
    })

    it("findOperation, a lender's operation by one of several references (decline-guard.ts)", async () => {
      const plans = await plansOf(async () => {
        const found = await service.findOperation({
          lender: "payment-assist",
          operation: "initiate",
          lender_reference: ["ref_unknown", "tok_vol_4"],
        })
        expect(found?.id).toBe("finop_vol_4_1")
      })
      expectIndexed(plans)
      expect(used(plans)).toContain("IDX_financing_operation_lender_reference")
    })

    it("the retention job's batched delete", async () => {
      const plans = await plansOf(async () => {
        expect(await service.purgeOperations({ now: new Date(), olderThanDays: 365 })).toBeGreaterThan(1000)
      })
      expectIndexed(plans)
      expect(used(plans.slice(0, 1))).toContain("IDX_financing_operation_created_at")
    })
  },
})
