// `npm run bench` (via bench/run.mjs): every measurement of issue #10 against the in-process lender
// sandbox with no added latency, then BENCHMARKS.md. Phases, in order:
//   database + migrations + demo seed → boot time and memory with/without the plugin →
//   one Medusa with the plugin and bench/probe.cjs → checkouts (each lender vs pp_system_default) →
//   admin captures/refunds (more provider operations) → webhooks → admin order route with 200
//   operations → raw replay of the providers' own lender requests → a CPU profile over more checkout
//   rounds (where the time before each lender request goes) → checkout under load (bench/lib/load.ts,
//   its own server + worker on Redis) → report.
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import axios from "axios"
import { Client } from "pg"
import type { SeededStore } from "../demo/seed-store"
import { startSandbox, type SandboxHandle } from "../packages/sandbox/src"
import { freePort, repoRoot } from "../integration-tests/utils/medusa-process"
import { makeAppDir, medusaCommand, rssKb, startMedusa, type Variant } from "./lib/app"
import { FLOWS, type Flow, runCheckout } from "./lib/flows"
import { attachLenderRequests, configureTrace, traced, type LenderLogEntry, type Step } from "./lib/trace"
import { writeReport, type BenchResults, type CheckoutSample, type ProbeCall, type WrappedClass } from "./lib/report"
import { measureWebhooks } from "./lib/webhooks"
import { measureAdminRoute } from "./lib/admin-route"
import { measureLogGrowth } from "./lib/log-growth"
import { measureLogWriteFloor } from "./lib/log-write-floor"
import { measureHttpStack } from "./lib/http-stack"
import { measureLoad } from "./lib/load"
import { loadSection } from "./lib/load-report"
import { attribute as attributeCpu, beforeRequestSpans, modulePathSpans } from "./lib/cpu-profile"

const CHECKOUT_ROUNDS = Number(process.env.BENCH_CHECKOUT_ROUNDS || 10)
const BOOT_ROUNDS = Number(process.env.BENCH_BOOT_ROUNDS || 3)
const PROFILE_ROUNDS = Number(process.env.BENCH_PROFILE_ROUNDS || 10)
const PROFILE_INTERVAL_US = 100
const ADMIN_OPS_PER_LENDER = Number(process.env.BENCH_ADMIN_OPS || 6)
const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`)

function databaseUrlFor(name: string): { url: string; admin: string } {
  const base = new URL(process.env.DATABASE_URL || "postgres://postgres@localhost:5432/postgres")
  const admin = new URL(base.toString())
  admin.pathname = "/postgres"
  base.pathname = `/${name}`
  return { url: base.toString(), admin: admin.toString() }
}

async function sql(connectionString: string, text: string, values: unknown[] = []) {
  const client = new Client({ connectionString })
  await client.connect()
  try {
    return await client.query(text, values)
  } finally {
    await client.end()
  }
}

const sandboxRequestsOf = (sandbox: SandboxHandle) => () =>
  Object.values(sandbox.faults.stats()).reduce((sum, s) => sum + s.requests, 0)

/** Waits until nothing has reached the sandbox for `quietMs` (webhook follow-ups, subscribers). */
async function settle(sandbox: SandboxHandle, quietMs = 300, maxMs = 5000) {
  const count = sandboxRequestsOf(sandbox)
  const deadline = Date.now() + maxMs
  await sandbox.webhooks.idle()
  let last = count()
  let quietSince = Date.now()
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50))
    await sandbox.webhooks.idle()
    const now = count()
    if (now !== last) {
      last = now
      quietSince = Date.now()
    } else if (Date.now() - quietSince >= quietMs) return
  }
}

async function main() {
  const started = Date.now()
  const loadBefore = os.loadavg()
  // BENCH_ONLY=load: only section 6 (checkout under load), printed; BENCHMARKS.md is left alone.
  if (process.env.BENCH_ONLY === "load") {
    const load = await measureLoad(log)
    if (process.env.BENCH_RAW_OUT) fs.writeFileSync(process.env.BENCH_RAW_OUT, JSON.stringify({ load }))
    console.log(`\n${loadSection(load).join("\n")}`)
    return
  }
  const dbName = `financing_bench_${process.pid}`
  const db = databaseUrlFor(dbName)
  await sql(db.admin, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)
  await sql(db.admin, `CREATE DATABASE "${dbName}"`)
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "financing-bench-"))
  const cleanups: Array<() => Promise<unknown> | unknown> = [
    () => sql(db.admin, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined),
    () => fs.rmSync(workDir, { recursive: true, force: true }),
  ]

  try {
    // Added latency zero: no standing latency and no queued faults on any lender.
    const sandbox = await startSandbox({ port: 0, quiet: true, env: { ...process.env } })
    cleanups.unshift(() => sandbox.close())
    sandbox.faults.clear()

    const appDirs: Record<Variant, string> = {
      "with-plugin": makeAppDir("with-plugin"),
      "without-plugin": makeAppDir("without-plugin"),
    }
    cleanups.push(() => Object.values(appDirs).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })))

    const port = await freePort()
    const backendUrl = `http://localhost:${port}`
    const seedOut = path.join(workDir, "store.json")
    const admin = { email: "admin@financing.bench", password: "financing-bench" }
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      NODE_OPTIONS: "",
      DATABASE_URL: db.url,
      MEDUSA_DISABLE_TELEMETRY: "true",
      MEDUSA_BACKEND_URL: backendUrl,
      STORE_CORS: backendUrl,
      FINANCING_SANDBOX_URL: sandbox.url,
      FINANCING_STOREFRONT_URL: "http://storefront.bench",
      FINANCING_ENCRYPTION_KEY: process.env.FINANCING_ENCRYPTION_KEY || "YmVuY2gtb25seS1rZXktMzItYnl0ZXMtbG9uZy0hISE=",
      DEMO_STORE_OUTPUT: seedOut,
      DEMO_ADMIN_EMAIL: admin.email,
      DEMO_ADMIN_PASSWORD: admin.password,
      JEST_WORKER_ID: "",
      TEST_TYPE: "",
    }

    log("migrating a fresh database and seeding the demo store")
    await medusaCommand(appDirs["with-plugin"], ["db:migrate"], env)
    await medusaCommand(appDirs["with-plugin"], ["exec", "./demo/seed.ts"], env)
    const store = JSON.parse(fs.readFileSync(seedOut, "utf8")) as SeededStore

    // ── 4. boot time and memory ────────────────────────────────────────────────────────────────
    const boots: BenchResults["boots"] = []
    for (let round = 0; round <= BOOT_ROUNDS; round++) {
      for (const variant of ["without-plugin", "with-plugin"] as Variant[]) {
        const server = await startMedusa(appDirs[variant], env)
        const rssAtHealthy = rssKb(server.pid)
        await new Promise((r) => setTimeout(r, 1000))
        const rssSettled = rssKb(server.pid)
        await server.stop()
        // Round 0 warms the file cache and SWC's output for both variants; it is not reported.
        if (round > 0)
          boots.push({ variant, bootMs: server.bootMs, rssAtHealthyKb: rssAtHealthy, rssSettledKb: rssSettled })
        log(
          `boot ${variant}${round === 0 ? " (warm-up)" : ""}: ${Math.round(server.bootMs)} ms, RSS ${Math.round(rssSettled / 1024)} MiB`,
        )
      }
    }

    // ── the benchmarked server ─────────────────────────────────────────────────────────────────
    const probePort = await freePort()
    const server = await startMedusa(
      appDirs["with-plugin"],
      {
        ...env,
        NODE_OPTIONS: `--require ${path.join(repoRoot, "bench", "probe.cjs")}`,
        BENCH_PROBE_PORT: String(probePort),
        BENCH_SANDBOX_HOST: `127.0.0.1:${sandbox.port}`,
      },
      port,
    )
    cleanups.unshift(() => server.stop())
    const probe = axios.create({ baseURL: `http://127.0.0.1:${probePort}`, proxy: false, timeout: 600_000 })
    // The server must run the built plugin as installed (node_modules/medusa-plugin-financing →
    // .medusa/server), and the probe must have found every provider class and the financing module there.
    const { data: wrapped } = await probe.get<WrappedClass[]>("/wrapped")
    const builtRoot = path.join(fs.realpathSync(repoRoot), ".medusa", "server", "src") + path.sep
    const expected = [
      "financing-module",
      ...fs
        .readdirSync(path.join(repoRoot, "src", "providers"), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name),
    ]
    for (const name of expected) {
      const found = wrapped.filter((w) => (w.kind === "financing-module" ? "financing-module" : w.lender) === name)
      if (found.length === 0)
        throw new Error(
          `bench/probe.cjs did not wrap ${name}: the server loaded no matching service file (wrapped: ${JSON.stringify(wrapped)})`,
        )
      const notBuilt = found.filter((w) => !fs.realpathSync(w.file).startsWith(builtRoot))
      if (notBuilt.length > 0)
        throw new Error(
          `${name} was loaded from ${notBuilt.map((w) => w.file).join(", ")}, not from the built plugin in ${builtRoot}`,
        )
    }
    log(
      `probe wrapped ${wrapped.map((w) => `${w.className} (${path.relative(repoRoot, fs.realpathSync(w.file))})`).join(", ")}`,
    )
    const api = axios.create({ baseURL: backendUrl, proxy: false, timeout: 60_000 })
    const { data: login } = await api.post("/auth/user/emailpass", admin)
    const adminHeaders = { headers: { authorization: `Bearer ${login.token}` } }
    configureTrace({
      medusaHost: `localhost:${port}`,
      sandboxHost: `127.0.0.1:${sandbox.port}`,
      sandboxRequests: sandboxRequestsOf(sandbox),
    })
    const ctx = { api, store, sandbox }

    // ── 2. checkouts ───────────────────────────────────────────────────────────────────────────
    log(`checkouts: one warm-up each, then ${CHECKOUT_ROUNDS} rounds of ${FLOWS.join(", ")}`)
    for (const flow of FLOWS) {
      await runCheckout(flow, ctx)
      await settle(sandbox)
    }
    const checkouts: CheckoutSample[] = []
    const ordersByFlow = new Map<Flow, string[]>()
    const sandboxRequests = sandboxRequestsOf(sandbox)
    for (let round = 0; round < CHECKOUT_ROUNDS; round++) {
      for (const flow of FLOWS) {
        const webhooksBefore = sandbox.webhooks.log().length
        const probeBefore = (await probe.get("/requests")).data.lenderRequests as number
        const sandboxBefore = sandboxRequests()
        const run = await traced(() => runCheckout(flow, ctx))
        await settle(sandbox)
        const probeAfter = (await probe.get("/requests")).data.lenderRequests as number
        checkouts.push({
          flow,
          ms: run.ms,
          steps: run.steps,
          medusaMs: sum(run.steps.filter((s: Step) => s.target === "medusa").map((s) => s.ms)),
          pageMs: sum(run.steps.filter((s: Step) => s.target === "lender page").map((s) => s.ms)),
          lenderRoundTrips: sandboxRequests() - sandboxBefore - run.driverSandboxRequests,
          probeLenderRequests: probeAfter - probeBefore,
          webhooks: sandbox.webhooks.log().length - webhooksBefore,
        })
        ordersByFlow.set(flow, [...(ordersByFlow.get(flow) ?? []), run.result])
      }
      log(`checkout round ${round + 1}/${CHECKOUT_ROUNDS} done`)
    }
    // Which lender requests Medusa made during each step (probe log and driver on one monotonic clock).
    const { data: lenderLog } = await probe.get<LenderLogEntry[]>("/lender-log")
    attachLenderRequests(
      checkouts.flatMap((c) => c.steps),
      lenderLog,
    )

    // ── more provider operations: capture and refund through the admin API ────────────────────
    const adminOps: BenchResults["adminOps"] = []
    const paymentOf = async (orderId: string) => {
      const { data } = await api.get(`/admin/orders/${orderId}?fields=id,*payment_collections.payments`, adminHeaders)
      return data.order.payment_collections?.[0]?.payments?.[0] as { id: string; amount: number } | undefined
    }
    const adminOp = async (flow: Flow, action: "capture" | "refund", orderId: string) => {
      const payment = await paymentOf(orderId)
      if (!payment) return
      const body = action === "refund" ? { amount: 1 } : {}
      const response = await api.post(`/admin/payments/${payment.id}/${action}`, body, {
        ...adminHeaders,
        validateStatus: () => true,
      })
      adminOps.push({
        flow,
        action,
        status: response.status,
        message: response.status >= 400 ? String(response.data?.message ?? "").slice(0, 160) : "",
      })
      await settle(sandbox, 100)
    }
    log("admin captures and refunds")
    for (const orderId of (ordersByFlow.get("payment-assist") ?? []).slice(0, ADMIN_OPS_PER_LENDER))
      await adminOp("payment-assist", "capture", orderId)
    for (const orderId of (ordersByFlow.get("newday") ?? []).slice(0, ADMIN_OPS_PER_LENDER)) {
      await adminOp("newday", "capture", orderId)
      await adminOp("newday", "refund", orderId)
    }
    for (const orderId of (ordersByFlow.get("vault") ?? []).slice(0, ADMIN_OPS_PER_LENDER))
      await adminOp("vault", "refund", orderId)

    // ── 3. webhooks ────────────────────────────────────────────────────────────────────────────
    log("webhook ingestion")
    // On the machine's monotonic clock, like the probe's call timestamps: calls in this window share
    // the server with the webhook bursts' order placement (section 1 shows them apart).
    const webhooksFromUs = Number(process.hrtime.bigint() / 1000n)
    const webhooks = await measureWebhooks({ api, store, sandbox, backendUrl, databaseUrl: db.url })
    const webhookPhaseUs: [number, number] = [webhooksFromUs, Number(process.hrtime.bigint() / 1000n)]

    // ── 7. financing log growth: rows and bytes per order, before section 5 copies rows onto one order
    log("financing log growth")
    const logGrowth = await measureLogGrowth(db.url)

    // ── 5. admin order route with 200 operations ───────────────────────────────────────────────
    log("admin order route with 200 operations")
    const paOrder = (ordersByFlow.get("payment-assist") ?? [])[0]
    const adminRoute = await measureAdminRoute({ api, adminHeaders, orderId: paOrder, databaseUrl: db.url })

    // ── 1. provider calls vs the same raw requests ─────────────────────────────────────────────
    const { data: calls } = await probe.get<ProbeCall[]>("/calls")
    const rssAfterLoadKb = rssKb(server.pid)
    log(`replaying ${calls.length} recorded provider calls' lender requests with plain node:http`)
    const { data: replays } = await probe.post("/replay?perOp=20&repeat=3")
    log("the financing log's INSERT/UPDATE from a plain pg client (PostgreSQL's floor)")
    const logWriteFloor = await measureLogWriteFloor(db.url)
    log("the lender HTTP stack alone against plain node:http (bench/lib/http-stack.ts)")
    const httpStack = await measureHttpStack()

    // ── 1 (cont.): where the time before each lender request goes — a V8 CPU profile of the server
    // over extra checkout rounds, after everything above is measured (the profiler costs CPU too).
    log(`CPU profile over ${PROFILE_ROUNDS} more rounds of the lender checkouts`)
    const callsBefore = calls.length
    const profileSettings = await probe.post(`/profile/start?intervalUs=${PROFILE_INTERVAL_US}`)
    for (let round = 0; round < PROFILE_ROUNDS; round++) {
      for (const flow of FLOWS.filter((f) => f !== "system-default")) {
        await runCheckout(flow, ctx)
        await settle(sandbox)
      }
    }
    const { data: stopped } = await probe.post("/profile/stop")
    const { data: allCalls } = await probe.get<ProbeCall[]>("/calls")
    const profiled = {
      profile: stopped.profile,
      startedAtUs: profileSettings.data.startedAtUs,
      calls: allCalls.slice(callsBefore),
    }
    if (process.env.BENCH_CPU_PROFILE) fs.writeFileSync(process.env.BENCH_CPU_PROFILE, JSON.stringify(profiled))
    const beforeRequest = {
      rounds: PROFILE_ROUNDS,
      intervalUs: PROFILE_INTERVAL_US,
      byCall: attributeCpu(profiled, beforeRequestSpans),
      modulePath: attributeCpu(profiled, modulePathSpans),
      // The two clocks must agree for the windows to hold the right samples.
      clockCheckUs: profiled.profile.startTime - profiled.startedAtUs,
    }

    // ── 6. checkout under load (bench/lib/load.ts): its own Redis-backed server + worker; the
    // benchmarked server is stopped first so it takes no CPU or memory from them. BENCH_LOAD=0 skips it.
    await server.stop()
    const load = process.env.BENCH_LOAD === "0" ? undefined : await measureLoad(log)

    const results: BenchResults = {
      startedAt: new Date(started),
      durationS: (Date.now() - started) / 1000,
      loadBefore,
      loadAfter: os.loadavg(),
      boots,
      checkouts,
      calls,
      replays,
      adminOps,
      webhooks,
      adminRoute,
      rssAfterLoadKb,
      wrapped,
      settings: { checkoutRounds: CHECKOUT_ROUNDS, bootRounds: BOOT_ROUNDS },
      load,
      logGrowth,
      logWriteFloor,
      httpStack,
      beforeRequest,
      webhookPhaseUs,
    }
    // Raw results first: a report bug must not lose a run's measurements.
    fs.writeFileSync(path.join(workDir, "raw.json"), JSON.stringify(results))
    if (process.env.BENCH_RAW_OUT) fs.copyFileSync(path.join(workDir, "raw.json"), process.env.BENCH_RAW_OUT)
    const markdown = writeReport(results, path.join(repoRoot, "BENCHMARKS.md"))
    console.log(`\n${markdown}`)
  } finally {
    for (const cleanup of cleanups)
      await Promise.resolve()
        .then(cleanup)
        .catch(() => undefined)
  }
}

function sum(values: number[]) {
  return values.reduce((a, b) => a + b, 0)
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`bench failed: ${error?.stack ?? error}`)
    process.exit(1)
  },
)
