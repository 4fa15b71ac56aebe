// The shop the load section (bench/lib/load.ts) drives: Redis, a fresh database with the demo
// seed, the lender sandbox with no added latency, and Medusa as two `medusa start` processes on
// the BUILT plugin — MEDUSA_WORKER_MODE=server (HTTP) and =worker (subscribers, jobs, async
// workflow steps) — sharing Redis for the event bus, workflow engine and locking.
// It follows integration-tests/distributed/cluster.ts and reuses its Redis and database helpers;
// startDistributedShop itself is not called because its app directory loads this repository's
// src/ (TypeScript, through the repo's medusa-config.ts) and runs NODE_ENV=test, whereas the bench
// measures the published build in production mode, like the rest of `npm run bench`.
import { spawn } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import axios, { type AxiosInstance } from "axios"
import type { SeededStore } from "../../demo/seed-store"
import { startSandbox, type SandboxHandle } from "../../packages/sandbox/src"
import { databaseUrl, dropDatabase, freshDatabase, query } from "../../integration-tests/utils/database"
import { freePort, repoRoot } from "../../integration-tests/utils/medusa-process"
import {
  DEFAULT_REDIS_URL,
  flushRedisDb,
  redisCommands,
  redisUrlWithDb,
  requireRedis,
} from "../../integration-tests/distributed/redis"
import { makeAppDir, medusaCommand, startMedusa, type MedusaServer } from "./app"

export interface LoadCluster {
  server: MedusaServer
  /** The current worker process (restartWorker replaces it). */
  worker: MedusaServer
  sandbox: SandboxHandle
  store: SeededStore
  api: AxiosInstance
  backendUrl: string
  /** How Redis was found, for the report. */
  redis: string
  databaseUrl: string
  /**
   * Stops the worker and starts it again with `eventBusConcurrency` events processed at a time
   * (Medusa's Redis event bus runs one at a time unless `workerOptions.concurrency` says otherwise).
   */
  restartWorker: (eventBusConcurrency: number) => Promise<MedusaServer>
  sql: <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>
  stop: () => Promise<void>
}

async function redisAnswers(url: string): Promise<boolean> {
  return requireRedis(url).then(
    () => true,
    () => false,
  )
}

/** The Redis at REDIS_URL (default 127.0.0.1:6379), or a private redis-server when none answers. */
async function ensureRedis(): Promise<{ url: string; how: string; stop: () => Promise<void> }> {
  const url = process.env.REDIS_URL || DEFAULT_REDIS_URL
  if (await redisAnswers(url)) return { url, how: `already running at ${url}`, stop: async () => undefined }
  // Nothing answered: start one the way .ci/run does (no persistence), on a free port, owned by
  // this process so it is stopped with the section.
  const port = await freePort()
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", os.tmpdir()],
    { stdio: "ignore" },
  )
  let failed: Error | undefined
  child.on("error", (error) => (failed = error))
  const own = `redis://127.0.0.1:${port}`
  const deadline = Date.now() + 10_000
  while (!(await redisAnswers(own))) {
    if (failed || child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL")
      throw new Error(
        `no Redis answered at ${url} and redis-server could not be started (${failed?.message ?? `exit ${child.exitCode}`}); ` +
          "install redis-server or point REDIS_URL at one",
      )
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once("exit", () => resolve())
      child.kill("SIGTERM")
    })
  return { url: own, how: `none at ${url}: the bench started redis-server on port ${port}`, stop }
}

/**
 * An empty logical database: a shared Redis may be serving the distributed tests (which pick
 * 1 + pid % 15 and flush theirs), so this run takes one with no keys rather than flushing one by number.
 */
async function emptyRedisDb(url: string): Promise<number> {
  for (let db = 15; db >= 1; db--) {
    const reply = await redisCommands(redisUrlWithDb(url, db), [["DBSIZE"]])
    // Replies: +OK to the SELECT redisCommands sends first, then :<keys>.
    if (reply.trim().split("\r\n").pop() === ":0") return db
  }
  throw new Error(`every logical database 1–15 of the Redis at ${url} holds keys; free one for the load bench`)
}

export async function startLoadCluster(log: (line: string) => void): Promise<LoadCluster> {
  const stops: Array<() => Promise<unknown> | unknown> = []
  const stop = async () => {
    for (const step of stops.reverse())
      await Promise.resolve()
        .then(step)
        .catch(() => undefined)
  }
  try {
    const redis = await ensureRedis()
    stops.push(redis.stop)
    const redisDb = await emptyRedisDb(redis.url)
    stops.push(() => flushRedisDb(redis.url, redisDb))

    const dbName = `financing_bench_load_${process.pid}`
    await freshDatabase(dbName)
    stops.push(() => dropDatabase(dbName))

    // Added latency zero: no standing latency and no queued faults on any lender.
    const sandbox = await startSandbox({ port: 0, quiet: true, env: { ...process.env } })
    sandbox.faults.clear()
    stops.push(() => sandbox.close())

    // The bench's with-plugin app directory (node_modules/medusa-plugin-financing → the build),
    // with the Redis variant of its config.
    const appDir = makeAppDir("with-plugin")
    stops.push(() => fs.rmSync(appDir, { recursive: true, force: true }))
    fs.copyFileSync(
      path.join(repoRoot, "bench", "configs", "with-plugin-redis.ts"),
      path.join(appDir, "medusa-config.ts"),
    )

    const [serverPort, workerPort] = [await freePort(), await freePort()]
    const backendUrl = `http://localhost:${serverPort}`
    const seedOut = path.join(appDir, "store.json")
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      NODE_OPTIONS: "",
      DATABASE_URL: databaseUrl(dbName),
      MEDUSA_REDIS_URL: redisUrlWithDb(redis.url, redisDb),
      MEDUSA_REDIS_PREFIX: `financing-bench-load-${process.pid}`,
      MEDUSA_DISABLE_TELEMETRY: "true",
      MEDUSA_BACKEND_URL: backendUrl,
      STORE_CORS: backendUrl,
      FINANCING_SANDBOX_URL: sandbox.url,
      FINANCING_STOREFRONT_URL: "http://storefront.bench",
      FINANCING_ENCRYPTION_KEY: process.env.FINANCING_ENCRYPTION_KEY || "YmVuY2gtb25seS1rZXktMzItYnl0ZXMtbG9uZy0hISE=",
      DEMO_STORE_OUTPUT: seedOut,
      DEMO_ADMIN_EMAIL: "admin@financing.bench",
      DEMO_ADMIN_PASSWORD: "financing-bench",
      // The one-off commands run in neither role, like a deployment's release step.
      MEDUSA_WORKER_MODE: "shared",
      JEST_WORKER_ID: "",
      TEST_TYPE: "",
    }
    log(`load: Redis ${redis.how} (db ${redisDb}); migrating and seeding ${dbName}`)
    await medusaCommand(appDir, ["db:migrate"], env)
    await medusaCommand(appDir, ["exec", "./demo/seed.ts"], env)
    const store = JSON.parse(fs.readFileSync(seedOut, "utf8")) as SeededStore
    // The demo seed stocks each variant for a demo, not for thousands of checkouts: a long run
    // would otherwise end in "Some variant does not have the required inventory" — the bench
    // running dry, not the store failing.
    // Medusa keeps each quantity twice (numeric, and raw_* jsonb it reads back and writes from):
    // both are raised, or the next reservation writes the old stock back.
    await query(
      dbName,
      `UPDATE inventory_level SET stocked_quantity = stocked_quantity + 1000000,
         raw_stocked_quantity = jsonb_build_object('value', (stocked_quantity + 1000000)::text, 'precision', 20)`,
    )

    const startWorker = (eventBusConcurrency: number) =>
      startMedusa(
        appDir,
        { ...env, MEDUSA_WORKER_MODE: "worker", MEDUSA_EVENT_BUS_CONCURRENCY: String(eventBusConcurrency) },
        workerPort,
      )
    const [server, firstWorker] = await Promise.all([
      startMedusa(appDir, { ...env, MEDUSA_WORKER_MODE: "server" }, serverPort),
      startWorker(1),
    ])
    let worker = firstWorker
    stops.push(
      () => server.stop(),
      () => worker.stop(),
    )
    log(`load: server pid ${server.pid} and worker pid ${worker.pid} healthy`)
    const cluster: LoadCluster = {
      server,
      worker,
      restartWorker: async (eventBusConcurrency) => {
        await worker.stop()
        worker = await startWorker(eventBusConcurrency)
        cluster.worker = worker
        log(`load: worker restarted (pid ${worker.pid}), ${eventBusConcurrency} events at a time`)
        return worker
      },
      databaseUrl: databaseUrl(dbName),
      sandbox,
      store,
      backendUrl,
      api: axios.create({ baseURL: backendUrl, proxy: false, timeout: 60_000 }),
      redis: redis.how,
      sql: (text, params) => query(dbName, text, params),
      stop,
    }
    return cluster
  } catch (error) {
    await stop()
    throw error
  }
}
