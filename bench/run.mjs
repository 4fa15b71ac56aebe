#!/usr/bin/env node
// `npm run bench`: finds PostgreSQL (DATABASE_URL / DB_*, else an embedded one in .pgdata/bench),
// then runs bench/main.ts under ts-node (SWC, as configured in tsconfig.json), which measures
// everything, writes BENCHMARKS.md and prints its tables. Extra knobs (env): BENCH_CHECKOUT_ROUNDS,
// BENCH_BOOT_ROUNDS, BENCH_ADMIN_OPS, BENCH_WEBHOOKS_SEQUENTIAL / _CONCURRENT / _IN_FLIGHT / _GENERIC,
// BENCH_RAW_OUT (a file for the raw JSON results).
import path from "node:path"
import { projectRoot, startDatabase } from "../scripts/lib/database.mjs"
import { run } from "../scripts/lib/run.mjs"

const db = await startDatabase({ instance: "bench", log: (line) => console.log(`[bench] ${line}`) })
let code = 1
try {
  code = await run(process.execPath, ["-r", "ts-node/register", path.join("bench", "main.ts")], {
    cwd: projectRoot,
    env: { ...process.env, ...db.env, TS_NODE_TRANSPILE_ONLY: "true" },
  })
} finally {
  await db.stop()
}
process.exit(code)
