// This repository's host app run the way production runs Medusa: a fresh database, Redis for the
// event bus, workflow engine and locking, and two `medusa start` processes — one with
// workerMode "server" (HTTP only: store, admin, return routes, webhooks) and one "worker"
// (subscribers, scheduled jobs, async workflow steps) — plus the lender sandbox in the test
// process, whose callbacks (webhooks, returns) reach the server.
import fs from "node:fs"
import path from "node:path"
import axios, { type AxiosInstance } from "axios"
import type { SeededStore } from "../../demo/seed-store"
import { startSandbox, type SandboxHandle } from "../../packages/sandbox/src"
import { databaseUrl as databaseUrlOf, freshDatabase, query } from "../utils/database"
import { adminToken, freePort, medusaBin, runCommand, startMedusa, type RunningServer } from "../utils/medusa-process"
import { createAppDir, type AppDir } from "./app-dir"
import { startKillProxy, type KillProxy } from "./crash/kill-proxy"
import { DEFAULT_REDIS_URL, flushRedisDb, redisUrlWithDb, requireRedis } from "./redis"

export type Role = "server" | "worker"

export interface DistributedShop {
  /** The running processes; replaced by restart(). */
  server: RunningServer
  worker: RunningServer
  /** SIGKILLs a process (no shutdown hooks, no last writes) and waits until it is gone. */
  kill: (role: Role) => Promise<void>
  /** Starts the role again on the same port, with the same environment; resolves once healthy. */
  restart: (role: Role) => Promise<RunningServer>
  /** Present when asked for: what shoppers, the admin and webhooks go through to the server. */
  proxy?: KillProxy
  sandbox: SandboxHandle
  store: SeededStore
  /** Store/admin API of the server process (axios: throws on non-2xx, like the test runner's `api`). */
  api: AxiosInstance
  admin: { headers: Record<string, string> }
  app: AppDir
  redisUrl: string
  /** Runs SQL against the shop's database (read-backs the HTTP API does not offer). */
  sql: <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>
  stop: () => Promise<void>
}

export async function startDistributedShop({
  env: extraEnv = {},
  jobUnderTest,
  proxy: withProxy = false,
}: {
  env?: Record<string, string>
  /** The src/jobs file (without extension) the test runs on demand in the worker. */
  jobUnderTest: string
  /** Put a kill proxy (crash/kill-proxy.ts) in front of the server. */
  proxy?: boolean
}): Promise<DistributedShop> {
  const baseRedisUrl = process.env.REDIS_URL || DEFAULT_REDIS_URL
  await requireRedis(baseRedisUrl)
  // One Redis database per jest worker (it is flushed): workers of one run have distinct ids, and
  // the run's parent pid keeps two runs on one machine apart (jest --runInBand is worker 1 too).
  const redisDb = 1 + ((process.ppid + (Number(process.env.JEST_WORKER_ID) || 0)) % 15)
  await flushRedisDb(baseRedisUrl, redisDb)
  const redisUrl = redisUrlWithDb(baseRedisUrl, redisDb)

  const dbName = `financing_distributed_${process.pid}`
  await freshDatabase(dbName)
  const databaseUrl = databaseUrlOf(dbName)

  const app = createAppDir(jobUnderTest)
  const sandbox = await startSandbox({ port: 0, quiet: true, env: { ...process.env, ...extraEnv } })
  const [serverPort, workerPort] = [await freePort(), await freePort()]
  const proxy = withProxy ? await startKillProxy(serverPort) : undefined
  const backendUrl = proxy?.url ?? `http://localhost:${serverPort}`
  const seedOut = path.join(app.dir, "store.json")
  const admin = { email: "admin@financing.distributed", password: "distributed-tests" }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...extraEnv,
    NODE_ENV: "test",
    DATABASE_URL: databaseUrl,
    // The host app's own switch to Medusa's production setup (see medusa-config.ts); the run's
    // Redis database number and prefix keep it apart from any other run.
    MEDUSA_REDIS_URL: redisUrl,
    MEDUSA_REDIS_PREFIX: `financing-distributed-${process.pid}`,
    MEDUSA_BACKEND_URL: backendUrl,
    FINANCING_SANDBOX_URL: sandbox.url,
    MEDUSA_ADMIN_DISABLED: "true",
    DEMO_ADMIN_EMAIL: admin.email,
    DEMO_ADMIN_PASSWORD: admin.password,
    DEMO_STORE_OUTPUT: seedOut,
    MEDUSA_DISABLE_TELEMETRY: "true",
    // The jest process's own markers would make Medusa think it runs inside the test runner.
    JEST_WORKER_ID: "",
    TEST_TYPE: "",
    MEDUSA_WORKER_MODE: "shared",
  }

  const stops: Array<() => Promise<void>> = [() => sandbox.close()]
  if (proxy) stops.push(() => proxy.close())
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined)
    await query("postgres", `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined)
    await flushRedisDb(baseRedisUrl, redisDb).catch(() => undefined)
    app.remove()
  }

  try {
    for (const [label, args] of [
      ["db:migrate", ["db:migrate"]],
      ["seed", ["exec", "./demo/seed.ts"]],
    ] as const) {
      const result = await runCommand(medusaBin, [...args], { cwd: app.dir, env })
      if (result.code !== 0) throw new Error(`medusa ${label} failed:\n${result.output.slice(-4000)}`)
    }
    const store = JSON.parse(fs.readFileSync(seedOut, "utf8")) as SeededStore

    const start = (role: Role) =>
      startMedusa({
        cwd: app.dir,
        env: { ...env, MEDUSA_WORKER_MODE: role },
        port: role === "server" ? serverPort : workerPort,
      })
    const [server, worker] = await Promise.all([start("server"), start("worker")])
    // Whichever process holds the role when the shop stops (restart() replaces them).
    let live: Pick<DistributedShop, Role> = { server, worker }
    stops.push(
      () => live.server.stop(),
      () => live.worker.stop(),
    )
    const api = axios.create({ baseURL: backendUrl, proxy: false, timeout: 60_000 })
    const token = await adminToken(backendUrl, admin.email, admin.password)
    const shop: DistributedShop = {
      server,
      worker,
      kill: async (role) => {
        const target = shop[role]
        try {
          process.kill(target.pid, "SIGKILL")
        } catch {
          // already gone
        }
        await target.stop()
      },
      restart: async (role) => {
        await shop[role].stop()
        shop[role] = await start(role)
        return shop[role]
      },
      proxy,
      sandbox,
      store,
      api,
      admin: { headers: { authorization: `Bearer ${token}` } },
      app,
      redisUrl,
      sql: (text, params) => query(dbName, text, params),
      stop,
    }
    live = shop
    return shop
  } catch (error) {
    await stop()
    throw error
  }
}
