// Section 3 of BENCHMARKS.md, webhook ingestion: the plugin's Vault route measured on the
// benchmarked shared-mode server (bench/lib/webhooks.ts from bench/main.ts) and, when the load
// section ran, on its server + worker pair on Redis — the production topology, where the server
// only verifies, records and answers and the worker does the processing — with the worker's event
// bus first at Medusa's default of one event at a time, then with more.
import os from "node:os"
import { fmt, median, percentile } from "./stats"
import { table } from "./table"
import type { BenchResults } from "./report"
import type { WebhookBatch, WebhookResults } from "./webhooks"

const yes = (met: boolean) => (met ? "**met**" : "**not met**")
const rate = (b: WebhookBatch) => (b.processedMs ? (b.count / b.processedMs) * 1000 : 0)
const perSecond = (b: WebhookBatch, ms: number | null) => (ms ? fmt((b.count / ms) * 1000, 1) : "–")
/** The least ratio counted as throughput growing (smaller differences are within a run's noise). */
const GROWTH = 1.2
const once = (b: WebhookBatch) => b.authorized === b.count && b.payments === b.count

interface LabelledRun {
  setup: string
  results: WebhookResults
}

function runsOf(r: BenchResults): LabelledRun[] {
  return [
    { setup: "shared process", results: r.webhooks },
    ...(r.load?.webhooks ?? []).map((w) => ({
      setup: `server + worker, ${w.eventBusConcurrency} event${w.eventBusConcurrency === 1 ? "" : "s"} at a time`,
      results: w.results,
    })),
  ]
}

const batchesOf = (run: LabelledRun) => [
  { label: `${run.setup}, delivered one at a time`, batch: run.results.sequential },
  { label: `${run.setup}, ${run.results.concurrent.inFlight} in flight`, batch: run.results.concurrent },
]

export function webhookSection(r: BenchResults): string[] {
  const runs = runsOf(r)
  const batches = runs.flatMap(batchesOf)
  const w = r.webhooks
  const rejected = runs.reduce((sum, run) => sum + run.results.rejected, 0)
  return [
    "## 3. Webhook ingestion",
    "",
    "Vault EXTERNAL payments: the sandbox's signed notifications (held back with a webhook-drop fault, then delivered byte for byte by the bench) to the plugin's " +
      "`POST /hooks/financing/vault`. The route verifies the signature, records the delivery in the financing log and answers 200; the fetch-back from Vault, " +
      "the settlement and the order run afterwards from Medusa's event bus (the `financing.webhook.received` subscriber; the reconcile job picks up any the " +
      "event missed), because lenders retry answers that are slow. So two things are measured, on one batch delivered one at a time and one with several in flight: " +
      "(a) the acknowledgement — the lender's wait for its 200; (b) processing — from the first delivery of the batch until every payment of it is authorized " +
      "(the `payment` table polled every 25 ms). A few more go to Medusa's generic `POST /hooks/payment/vault_vault`, timed until the payment row exists. Times in ms.",
    "",
    "Setups: *shared process* is the benchmarked server of sections 1–2 (Medusa's default `shared` worker mode: one process answers HTTP and runs subscribers). " +
      (r.load?.webhooks?.length
        ? "*server + worker* is section 6's pair on Redis (`MEDUSA_WORKER_MODE=server` answers, `=worker` processes), measured after its checkouts; the worker is " +
          "started first with the Redis event bus at Medusa's default of one event at a time, then restarted with `workerOptions: { concurrency }` " +
          "(bench/configs/with-plugin-redis.ts; docs/production.md)."
        : "The server + worker measurement is part of section 6, which did not run (`BENCH_LOAD=0`)."),
    "",
    "(a) Acknowledgement",
    "",
    table(
      ["setup and delivery", "webhooks", "in flight", "answers/s", "p50 ms", "p99 ms"],
      batches.map(({ label, batch }) => [
        label,
        batch.count,
        batch.inFlight,
        perSecond(batch, batch.ackWallMs),
        fmt(median(batch.ackMs), 1),
        fmt(percentile(batch.ackMs, 99), 1),
      ]),
    ),
    "",
    "(b) Processing throughput",
    "",
    table(
      [
        "setup and delivery",
        "webhooks",
        "in flight",
        "first delivery → all authorized, ms",
        "payments/s",
        "sessions authorized",
        "payment rows",
      ],
      batches.map(({ label, batch }) => [
        label,
        batch.count,
        batch.inFlight,
        batch.processedMs === null ? "not all within the deadline" : fmt(batch.processedMs, 0),
        perSecond(batch, batch.processedMs),
        `${batch.authorized} of ${batch.count}`,
        batch.payments,
      ]),
    ),
    "",
    table(
      ["route", "webhooks", "in flight", "p50 ms to authorized", "p99 ms to authorized"],
      [
        [
          `/hooks/payment/vault_vault (webhook_delay: 0), shared process${w.generic.timedOut ? `, ${w.generic.timedOut} not authorized within 20 s` : ""}`,
          w.generic.count,
          w.generic.count,
          fmt(median(w.generic.toAuthorizedMs), 0),
          fmt(percentile(w.generic.toAuthorizedMs, 99), 0),
        ],
      ],
    ),
    "",
    `All deliveries answered 200: ${rejected === 0 ? "yes" : `no (${rejected} did not)`}; every payment of the plugin's batches authorized exactly once: ${batches.every((b) => once(b.batch)) ? "yes" : "no"}; ` +
      `over all deliveries, sessions authorized ${runs.reduce((s, x) => s + x.results.authorized, 0)} of ${runs.reduce((s, x) => s + x.results.expected, 0)}, ` +
      `payment rows ${runs.reduce((s, x) => s + x.results.payments, 0)}.`,
    "",
    ...cpuTable(batches),
    ...webhookVerdicts(r, runs),
    "",
    "`webhook_delay: 0` is set in bench/configs/with-plugin.ts as asked, but Medusa 2.21.2 cannot honour it: its `/hooks/payment/:provider` route reads " +
      "`paymentModule.options` (which the payment module service does not expose) and uses `options.webhook_delay || 5000`, so 0 — like any value — " +
      "becomes 5 s. The generic route's row above shows that floor; the plugin's own webhook routes emit their own event, which has no such delay.",
    "",
  ]
}

const CORES = os.cpus().length
/** Busy share of one core over the batch's processing, in percent. */
const busy = (b: WebhookBatch, name: string) =>
  b.cpuMs && b.processedMs ? (100 * (b.cpuMs[name] ?? 0)) / b.processedMs : NaN
/** At or above this share of its core a process counts as saturated. */
const SATURATED_PERCENT = 80

/** (c) CPU time of each process over the batches that sampled it (the server + worker pair). */
function cpuTable(batches: Array<{ label: string; batch: WebhookBatch }>): string[] {
  const sampled = batches.filter((b) => b.batch.cpuMs && b.batch.processedMs)
  if (!sampled.length) return []
  const cell = (b: WebhookBatch, name: string) => `${fmt(b.cpuMs![name] ?? NaN, 0)} (${fmt(busy(b, name), 0)}%)`
  return [
    `(c) CPU time over each batch's processing (first delivery → all authorized), from /proc: ms of CPU, and in brackets the share of one core ` +
      `over the batch (the machine's: of all ${CORES} cores together). *bench* is the bench process, which also hosts the lender sandbox. A Node process can pass 100% of one core: its garbage collector and libuv pool run on threads of their own.`,
    "",
    table(
      ["setup and delivery", "worker", "server", "postgres", "bench", "machine", "worker CPU ms per webhook"],
      sampled.map(({ label, batch }) => [
        label,
        cell(batch, "worker"),
        cell(batch, "server"),
        cell(batch, "postgres"),
        cell(batch, "bench"),
        `${fmt(batch.cpuMs!.machine, 0)} (${fmt(busy(batch, "machine") / CORES, 0)}%)`,
        fmt((batch.cpuMs!.worker ?? NaN) / batch.count, 1),
      ]),
    ),
    "",
  ]
}

/** Why throughput did or did not grow, from the CPU the busiest batch used. */
function growthCause(b: WebhookBatch, grew: boolean): string {
  if (!b.cpuMs || !b.processedMs) return ""
  const worker = busy(b, "worker")
  const machine = busy(b, "machine") / CORES
  const perWebhook = `${fmt(b.cpuMs.worker / b.count, 0)} ms of worker CPU per webhook`
  if (worker >= SATURATED_PERCENT)
    return (
      ` With ${b.inFlight} in flight the worker process was busy ${fmt(worker, 0)}% of one core (${perWebhook}; table (c)): Node runs a process's JavaScript on one core, ` +
      `so more events at a time ${grew ? "help only until that core is full — here they overlapped the waits of one event with another's work, and no further" : "only interleave work that already fills it"}. ` +
      `Beyond that, throughput grows with more worker processes (and cores), not with one worker's event concurrency.`
    )
  if (machine >= SATURATED_PERCENT)
    return (
      ` With ${b.inFlight} in flight the machine's ${CORES} cores were ${fmt(machine, 0)}% busy (table (c)): worker, server, PostgreSQL and the bench share them, ` +
      `so there was no idle core for more events at a time to use.`
    )
  return (
    ` With ${b.inFlight} in flight neither the worker (${fmt(worker, 0)}% of one core, ${perWebhook}) nor the machine (${fmt(machine, 0)}% of ${CORES} cores) ` +
    `was saturated (table (c)): the time went to waiting — on locks, Redis or PostgreSQL round trips — that more events at a time did not overlap.`
  )
}

/** Medusa's own cart completion in this run (pp_system_default: no lender, no plugin code), p50 ms. */
function medusaCompletionMs(r: BenchResults): number {
  return median(
    r.checkouts
      .filter((c) => c.flow === "system-default")
      .flatMap((c) =>
        c.steps.filter((s) => s.method === "POST" && s.path === "/store/carts/:id/complete").map((s) => s.ms),
      ),
  )
}

/**
 * The targets, judged on the production topology when it was measured (the server + worker pair,
 * the worker at its highest event concurrency), else on the shared process.
 */
function webhookVerdicts(r: BenchResults, runs: LabelledRun[]): string[] {
  const shared = runs[0]
  const split = runs.slice(1)
  const judged = split.length ? split : [shared]
  const best = judged[judged.length - 1]
  const ackP99 = (run: LabelledRun) =>
    Math.max(percentile(run.results.sequential.ackMs, 99), percentile(run.results.concurrent.ackMs, 99))
  const ackLine = (run: LabelledRun) =>
    `${run.setup}: p99 ${fmt(percentile(run.results.sequential.ackMs, 99), 1)} ms one at a time, ` +
    `${fmt(percentile(run.results.concurrent.ackMs, 99), 1)} ms with ${run.results.concurrent.inFlight} in flight`
  const worstAck = Math.max(...judged.map(ackP99))
  const many = rate(best.results.concurrent)
  const first = judged[0].results.sequential
  const allOnce = judged.every((run) => once(run.results.sequential) && once(run.results.concurrent))
  const completeMs = medusaCompletionMs(r)
  const ackCause = (b: WebhookBatch) => {
    if (!b.ackCpuMs || !b.ackWallMs) return ""
    const share = (name: string) => (100 * (b.ackCpuMs![name] ?? 0)) / b.ackWallMs
    return (
      `While the ${b.inFlight}-in-flight batch was being answered the machine's ${CORES} cores were ${fmt(share("machine") / CORES, 0)}% busy ` +
      `(worker ${fmt(share("worker"), 0)}%, server ${fmt(share("server"), 0)}%, PostgreSQL ${fmt(share("postgres"), 0)}%, bench and sandbox ${fmt(share("bench"), 0)}% of one core): ` +
      `the worker starts placing orders as the first events arrive, and the server's answers share the cores with it.`
    )
  }
  return [
    `**Target — acknowledgement p99 ≤ 50 ms:** ${yes(worstAck <= 50)} ${split.length ? "with a separate worker" : "in the shared process"} ` +
      `(${judged.map(ackLine).join("; ")}). ` +
      (split.length
        ? (worstAck > 50 ? ackCause(best.results.concurrent) + " " : "") +
          `In the shared process (${ackLine(shared)}) one event loop also runs the subscriber that places the orders, so an acknowledgement can wait behind order placement already under way; that is why production runs a worker.`
        : "In the shared process one event loop also runs the subscriber that places the orders, so an acknowledgement can wait behind order placement already under way."),
    "",
    `**Target — ≥ 50 webhooks/s processed with ${best.results.concurrent.inFlight} in flight, each payment authorized exactly once:** ${yes(many >= 50 && allOnce)} ` +
      `(${best.setup}: ${fmt(many, 1)}/s; ${best.results.concurrent.authorized} of ${best.results.concurrent.count} authorized, ${best.results.concurrent.payments} payment rows; ` +
      `exactly once in every ${split.length ? "server + worker" : ""} batch: ${allOnce ? "yes" : "no"}).` +
      (many < 50 && Number.isFinite(completeMs)
        ? ` Each processed Vault payment places an order, and Medusa's own cart completion (POST /store/carts/:id/complete of the ` +
          `pp_system_default checkouts in section 2, no lender and no plugin code) takes ${fmt(completeMs, 1)} ms p50 on its own — ` +
          `${fmt(completeMs > 0 ? 1000 / completeMs : NaN, 1)} orders/s for one Node process, against ${fmt(many > 0 ? 1000 / many : NaN, 1)} ms per processed webhook measured here. ` +
          `50/s would take several Medusa workers on more cores than this machine's ${os.cpus().length}.`
        : ""),
    "",
    // Growth within run-to-run noise is not growth: at least a fifth more.
    `**Target — throughput grows with concurrency:** ${yes(many >= GROWTH * rate(first))} ` +
      `(${judged[0].setup}, delivered one at a time: ${fmt(rate(first), 1)}/s → ${best.setup}, ${best.results.concurrent.inFlight} in flight: ${fmt(many, 1)}/s, ` +
      `${rate(first) > 0 ? `${(many / rate(first)).toFixed(2)}×` : "–"}; counted as growth from ${GROWTH}×).` +
      (split.length
        ? ` With a separate worker the deliveries in flight no longer bound processing — the server answers at once and the event queue fills — so what is compared is the worker running one event at a time against several.` +
          growthCause(best.results.concurrent, many >= GROWTH * rate(first))
        : ""),
  ]
}
