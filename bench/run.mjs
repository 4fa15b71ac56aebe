#!/usr/bin/env node
// `npm run bench`: finds PostgreSQL (DATABASE_URL / DB_*, else an embedded one in .pgdata/bench),
// then runs bench/main.ts under ts-node (SWC, as configured in tsconfig.json), which measures
// everything, writes BENCHMARKS.md and prints its tables. Extra knobs (env): BENCH_CHECKOUT_ROUNDS,
// BENCH_BOOT_ROUNDS, BENCH_ADMIN_OPS, BENCH_WEBHOOKS_SEQUENTIAL / _CONCURRENT / _IN_FLIGHT / _GENERIC,
// BENCH_RAW_OUT (a file for the raw JSON results), BENCH_PROFILE_ROUNDS (10: checkout rounds under the
// CPU profiler for section 1's "where that time goes"), BENCH_CPU_PROFILE (a file to keep that profile,
// with the calls it covers; its `profile` field opens in Chrome DevTools as a .cpuprofile); checkout under load: BENCH_LOAD_SHOPPERS (50),
// BENCH_LOAD_CHECKOUTS (200; 2000 for the memory check), BENCH_LOAD=0 to skip it, BENCH_ONLY=load to
// run only it (printed, BENCHMARKS.md left alone); it uses Redis at REDIS_URL or starts redis-server.
// The benchmarked Medusa loads the BUILT plugin (.medusa/server, as a store installs it from npm),
// so the build is made first when it is missing or older than any file under src/.
import fs from "node:fs"
import path from "node:path"
import { projectRoot, startDatabase } from "../scripts/lib/database.mjs"
import { run } from "../scripts/lib/run.mjs"

function newestMtime(dir) {
  let newest = { mtimeMs: 0, file: "" }
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    const candidate = entry.isDirectory() ? newestMtime(full) : { mtimeMs: fs.statSync(full).mtimeMs, file: full }
    if (candidate.mtimeMs > newest.mtimeMs) newest = candidate
  }
  return newest
}

/** Why the build must be (re)made, or null when .medusa/server is complete and newer than src/. */
function staleBuildReason() {
  const server = path.join(projectRoot, ".medusa", "server")
  if (!fs.existsSync(path.join(server, "src"))) return ".medusa/server/src is missing"
  const providers = fs
    .readdirSync(path.join(projectRoot, "src", "providers"), { withFileTypes: true })
    .filter((e) => e.isDirectory())
  // What the bench's host app loads through package.json "exports".
  const outputs = [
    "package.json",
    "src/config.js",
    "src/modules/financing/index.js",
    "src/modules/financing/service.js",
    ...providers.flatMap((p) => [`src/providers/${p.name}/index.js`, `src/providers/${p.name}/service.js`]),
  ]
  // `medusa plugin:build` (as opposed to `medusa build`) writes no package.json; use it when present.
  const existing = outputs.filter((file) => fs.existsSync(path.join(server, file)))
  const missing = outputs.filter((file) => file !== "package.json" && !existing.includes(file))
  if (missing.length > 0) return `.medusa/server/${missing[0]} is missing`
  // The oldest output file: the build started no later than that.
  const builtMs = Math.min(...existing.map((file) => fs.statSync(path.join(server, file)).mtimeMs))
  const newest = newestMtime(path.join(projectRoot, "src"))
  if (newest.mtimeMs > builtMs)
    return `${path.relative(projectRoot, newest.file)} is newer than the build in .medusa/server`
  return null
}

const stale = staleBuildReason()
if (stale) {
  console.log(`[bench] ${stale}: running npx medusa plugin:build`)
  const built = await run("npx", ["medusa", "plugin:build"], { cwd: projectRoot, env: process.env })
  if (built !== 0) {
    console.error(`[bench] npx medusa plugin:build failed (exit code ${built}); the bench needs the built plugin`)
    process.exit(built)
  }
  // A source edited while the build ran is only worth a warning; a missing output is fatal.
  const still = staleBuildReason()
  if (still?.endsWith("is missing")) {
    console.error(`[bench] after npx medusa plugin:build: ${still}`)
    process.exit(1)
  }
  if (still) console.warn(`[bench] warning, after npx medusa plugin:build: ${still}`)
} else {
  console.log("[bench] the plugin build in .medusa/server is up to date with src/")
}

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
