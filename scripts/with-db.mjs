#!/usr/bin/env node
// Runs a command with a PostgreSQL available: `node scripts/with-db.mjs <command> [args…]`.
// Uses DATABASE_URL / DB_* when set, otherwise an embedded PostgreSQL it starts and stops.
import { startDatabase } from "./lib/database.mjs"
import { run } from "./lib/run.mjs"

const [command, ...args] = process.argv.slice(2)
if (!command) {
  console.error("usage: node scripts/with-db.mjs <command> [args…]")
  process.exit(2)
}
const db = await startDatabase({ instance: process.env.EMBEDDED_PG_INSTANCE || "test", log: console.log })
const code = await run(command, args, { env: { ...process.env, ...db.env } })
await db.stop()
process.exit(code)
