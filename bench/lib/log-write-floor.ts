// What one financing-log write costs at the least on this machine: the same INSERT and UPDATE the
// financing module sends (src/modules/financing/operation-sql.ts), from a plain `pg` client in the
// bench process to the bench's database — no Medusa, no ORM, no pool. Section 1 sets it beside the
// module's own per-method times, so the "financing module" column can be read against PostgreSQL's
// floor: what is the round trip and commit, and what is the path to it.
import { Client } from "pg"
import { insertOperationStatement, updateOperationStatement } from "../../src/modules/financing/operation-sql"
import { median } from "./stats"

export interface LogWriteFloor {
  samples: number
  insertUs: number
  updateUs: number
  /** The INSERT with synchronous_commit off (no wait for the WAL flush), for comparison only. */
  insertNoFlushUs: number
}

const SAMPLES = 300

/** `?` placeholders (knex style, as the module sends them) to pg's `$n`. */
const numbered = (sql: string) => {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

export async function measureLogWriteFloor(databaseUrl: string): Promise<LogWriteFloor> {
  const client = new Client({ connectionString: databaseUrl })
  await client.connect()
  const row = {
    provider_id: "pp_bench_floor",
    lender: "bench-floor",
    operation: "capture",
    outcome: "pending",
    attempts: 1,
    amount: "123.45",
    currency_code: "gbp",
    references: { bench: true },
  } as const
  const timed = async (run: () => Promise<unknown>) => {
    const started = process.hrtime.bigint()
    await run()
    return Number(process.hrtime.bigint() - started) / 1000
  }
  const insert = async () => {
    const statement = insertOperationStatement({ ...row })
    const { rows } = await client.query(numbered(statement.sql), statement.params)
    return rows[0].id as string
  }
  try {
    for (let i = 0; i < 30; i++) await insert() // warm-up: connection, plan cache
    const inserts: number[] = []
    const updates: number[] = []
    for (let i = 0; i < SAMPLES; i++) {
      let id = ""
      inserts.push(await timed(async () => (id = await insert())))
      const statement = updateOperationStatement(id, { outcome: "succeeded", completed_at: new Date() })
      updates.push(await timed(() => client.query(numbered(statement.sql), statement.params)))
    }
    await client.query("SET synchronous_commit = off")
    const noFlush: number[] = []
    for (let i = 0; i < SAMPLES; i++) noFlush.push(await timed(insert))
    return { samples: SAMPLES, insertUs: median(inserts), updateUs: median(updates), insertNoFlushUs: median(noFlush) }
  } finally {
    await client.query(`DELETE FROM financing_operation WHERE lender = 'bench-floor'`).catch(() => undefined)
    await client.end()
  }
}
