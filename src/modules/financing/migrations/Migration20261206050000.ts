import { Migration } from "@medusajs/framework/mikro-orm/migrations"

// Indexes for the log's readers that had none (checked with EXPLAIN in
// __tests__/operation-log-plans.spec.ts): calls left pending (each reconcile run), a lender's failed
// rows (FlexShopper's retry) and the oldest rows (the retention job, purgeOperations).
// CREATE INDEX blocks writes to the table while it builds; a store with a large log can build them
// first with CREATE INDEX CONCURRENTLY under the same names, and this migration then skips them.
const INDEXES: Array<[name: string, columns: string, where: string]> = [
  ["IDX_financing_operation_pending_created_at", `"created_at"`, `outcome = 'pending' AND deleted_at IS NULL`],
  [
    "IDX_financing_operation_failed_lender_created_at",
    `"lender", "created_at"`,
    `outcome = 'failed' AND deleted_at IS NULL`,
  ],
  ["IDX_financing_operation_created_at", `"created_at"`, `deleted_at IS NULL`],
]

export class Migration20261206050000 extends Migration {
  override async up(): Promise<void> {
    for (const [name, columns, where] of INDEXES)
      this.addSql(`CREATE INDEX IF NOT EXISTS "${name}" ON "financing_operation" (${columns}) WHERE ${where};`)
  }

  override async down(): Promise<void> {
    for (const [name] of INDEXES) this.addSql(`DROP INDEX IF EXISTS "${name}";`)
  }
}
