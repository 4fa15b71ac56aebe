// The "checkout under load" section of BENCHMARKS.md (bench/lib/load.ts's results): command,
// machine and load average of the section, the three verdicts, then p50/p99 per step per flow.
import os from "node:os"
import { FLOWS } from "./flows"
import type { LoadResults } from "./load"
import { fmt, median, percentile } from "./stats"
import { table } from "./table"

const yes = (met: boolean) => (met ? "**met**" : "**not met**")
const mib = (kb: number) => fmt(kb / 1024, 0)
const MEMORY_CHECK = 2000

function memoryVerdict(l: LoadResults, separateRun?: LoadResults): string {
  if (separateRun && separateRun.settings.checkouts >= MEMORY_CHECK)
    return `${memoryVerdict(separateRun).replace(/\.$/, "")} — in the separate ${fmt(separateRun.settings.checkouts)}-checkout run at the end of this section.`
  const at = (n: number) => l.rss.find((s) => s.checkouts === n)
  const mark = at(l.settings.memoryMark)
  const long = at(MEMORY_CHECK)
  if (l.settings.checkouts < MEMORY_CHECK || !mark || !long) {
    const end = l.rss[l.rss.length - 1]
    const had = mark
      ? `after ${fmt(mark.checkouts)} checkouts the server held ${mib(mark.serverKb)} MiB and the worker ${mib(mark.workerKb)} MiB; `
      : ""
    return (
      `not measured in this run (${fmt(l.settings.checkouts)} checkouts; \`BENCH_LOAD_CHECKOUTS=2000\` measures it). ` +
      `What it has: ${had}at the end (settled) the server held ${mib(end.serverKb)} MiB and the worker ${mib(end.workerKb)} MiB.`
    )
  }
  const growth = (from: number, to: number) =>
    `${mib(from)} → ${mib(to)} MiB (${to >= from ? "+" : ""}${fmt((to - from) / 1024, 0)} MiB, ${((to / from - 1) * 100).toFixed(1)}%)`
  const half = at(MEMORY_CHECK / 2)
  // A leak grows with every checkout; caches fill and stop: the second thousand tells them apart.
  const secondHalf = half
    ? ` Over the second thousand: server ${growth(half.serverKb, long.serverKb)}, worker ${growth(half.workerKb, long.workerKb)}` +
      (long.serverKb - half.serverKb < (half.serverKb - mark.serverKb) / 2
        ? ": the growth levels off, as caches that fill and stop do, where a leak would keep pace with the checkouts."
        : ": still growing with the checkouts, which a leak would do.")
    : ""
  return `server ${growth(mark.serverKb, long.serverKb)}, worker ${growth(mark.workerKb, long.workerKb)}, each read when the 200th and the 2,000th checkout ended.${secondHalf}`
}

/**
 * Which failures were in the lender flows and which in pp_system_default's, where no plugin route,
 * middleware or provider runs on POST /store/carts/:id/complete: those are Medusa's own answers
 * under this load, the baseline every store has.
 */
function errorSplit(l: LoadResults): string {
  if (l.errors.length === 0) return ""
  const baseline = l.errors.filter((e) => e.flow === "system-default").length
  const lenders = l.errors.length - baseline
  return (
    `: ${lenders} in the four lender flows, ${baseline} in the pp_system_default checkouts` +
    (lenders === 0
      ? " — Medusa's own checkout without the plugin on the path, under the same load; the lender flows had none"
      : "")
  )
}

/** The first few distinct failure messages, with how often each occurred and in which flows. */
function firstErrors(l: LoadResults, limit = 5): string[] {
  const seen = new Map<string, { count: number; flows: Set<string> }>()
  for (const e of l.errors) {
    const entry = seen.get(e.message) ?? { count: 0, flows: new Set() }
    entry.count++
    entry.flows.add(e.flow)
    seen.set(e.message, entry)
  }
  const lines = [...seen].slice(0, limit).map(([m, e]) => `  - ${e.count}× (${[...e.flows].join(", ")}): \`${m}\``)
  return seen.size > limit ? [...lines, `  - … and ${seen.size - limit} other messages`] : lines
}

/**
 * A separate load-only run kept for its memory readings (`BENCH_ONLY=load BENCH_LOAD_CHECKOUTS=2000`,
 * merged by bench/render.ts): 2,000 checkouts at 50 shoppers take the better part of an hour on
 * this machine, too long to repeat inside every `npm run bench`.
 */
export function memoryRunSection(l: LoadResults): string[] {
  const db = Object.values(l.database.byFlow)
  const [completed, orders] = (["completed", "orders"] as const).map((k) => db.reduce((sum, f) => sum + f[k], 0))
  const memoryRows = l.rss
    .filter((s, i) => s.checkouts === 0 || s.checkouts % 200 === 0 || i === l.rss.length - 1)
    .map((s, i, shown) => [
      i === shown.length - 1 ? `${fmt(s.checkouts)} (end, settled)` : fmt(s.checkouts),
      mib(s.serverKb),
      mib(s.workerKb),
    ])
  return [
    `### Memory over ${fmt(l.settings.checkouts)} checkouts (a separate run)`,
    "",
    `\`BENCH_ONLY=load BENCH_LOAD_SHOPPERS=${l.settings.shoppers} BENCH_LOAD_CHECKOUTS=${l.settings.checkouts} BENCH_RAW_OUT=load.json npm run bench\`, ` +
      `started ${l.startedAt}, the same setup as above (load average before ${l.loadBefore.map((v) => v.toFixed(2)).join(" / ")}); ` +
      `merged here with \`node -r ts-node/register bench/render.ts raw.json load.json\`. Timed part ${fmt(l.durationS, 0)} s, ` +
      `${(l.checkouts.length / l.durationS).toFixed(2)} checkouts/s; ${l.errors.length} of ${l.checkouts.length} checkouts failed; ` +
      `${completed} carts completed, ${orders} orders placed for them, ${l.database.cartsWithSeveralOrders} carts with more than one order.`,
    ...(l.errors.length ? ["", "Failure messages:", "", ...firstErrors(l)] : []),
    "",
    `**Memory after 2,000 vs after 200 checkouts:** ${memoryVerdict(l)}`,
    "",
    table(["checkouts done", "server VmRSS MiB", "worker VmRSS MiB"], memoryRows),
    "",
  ]
}

export function loadSection(l: LoadResults, memoryRun?: LoadResults): string[] {
  const cpus = os.cpus()
  const ok = l.checkouts.filter((c) => c.ok)
  const db = Object.values(l.database.byFlow)
  const [carts, completed, orders] = ["carts", "completed", "orders"].map((k) =>
    db.reduce((sum, f) => sum + f[k as "carts" | "completed" | "orders"], 0),
  )
  const ordersMet = completed === orders && l.database.cartsWithSeveralOrders === 0
  const stepRows: Array<Array<string | number>> = []
  for (const flow of FLOWS) {
    const all = l.checkouts.filter((c) => c.flow === flow && c.ok).map((c) => c.ms)
    stepRows.push([`**${flow}**`, "**whole checkout**", all.length, fmt(median(all)), fmt(percentile(all, 99))])
    for (const [step, ms] of Object.entries(l.steps[flow] ?? {}))
      stepRows.push([flow, `\`${step}\``, ms.length, fmt(median(ms)), fmt(percentile(ms, 99))])
  }
  const memoryRows = l.rss
    .filter(
      (s, i) =>
        s.checkouts === 0 || s.checkouts === l.settings.memoryMark || s.checkouts % 500 === 0 || i === l.rss.length - 1,
    )
    .map((s, i, shown) => [
      i === shown.length - 1 ? `${fmt(s.checkouts)} (end, settled)` : fmt(s.checkouts),
      mib(s.serverKb),
      mib(s.workerKb),
    ])
  return [
    "## 6. Checkout under load",
    "",
    `- **Command:** \`BENCH_LOAD_SHOPPERS=${l.settings.shoppers} BENCH_LOAD_CHECKOUTS=${l.settings.checkouts} npm run bench\` ` +
      "(`BENCH_ONLY=load` runs only this section and prints it instead of writing BENCHMARKS.md; `BENCH_LOAD=0` skips it).",
    `- **Machine:** ${cpus.length} × ${cpus[0]?.model ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM; shoppers, lender sandbox, Medusa server and worker, PostgreSQL and Redis all on it.`,
    `- **Load average** (1/5/15 min) before the section: ${l.loadBefore.map((v) => v.toFixed(2)).join(" / ")}, after: ${l.loadAfter.map((v) => v.toFixed(2)).join(" / ")}.`,
    ...(l.loadBefore[0] > cpus.length
      ? [
          `- **Warning — noisy figures:** the 1-minute load average before the section (${l.loadBefore[0].toFixed(2)}) was above the ${cpus.length} cores: other work competed for the CPU, ` +
            "so every time below is inflated by an unknown amount; re-run on a quiet machine before quoting them.",
        ]
      : []),
    `- **Setup:** started ${l.startedAt}. Medusa 2.21.2 as two \`medusa start\` processes (NODE_ENV=production) on the built plugin with bench/configs/with-plugin-redis.ts: ` +
      `MEDUSA_WORKER_MODE=server (HTTP, booted in ${fmt(l.bootMs.server)} ms) and =worker (subscribers, jobs, async workflow steps; ${fmt(l.bootMs.worker)} ms), ` +
      `Redis event bus, cache, workflow engine and locking (Redis ${l.redis}); the lender sandbox in the bench process with no added latency. ` +
      `${l.settings.shoppers} concurrent shoppers loop full checkouts until ${fmt(l.settings.checkouts)} are done, flows round-robin (${FLOWS.join(", ")}), after one untimed checkout per flow. ` +
      `Timed part: ${l.durationS.toFixed(1)} s, ${(l.checkouts.length / l.durationS).toFixed(2)} checkouts/s.`,
    "",
    `**Target — errors 0:** ${yes(l.errors.length === 0)} (${l.errors.length} of ${l.checkouts.length} checkouts failed${errorSplit(l)}).`,
    ...(l.errors.length ? ["", "First failure messages:", "", ...firstErrors(l)] : []),
    "",
    `**Target — orders placed = carts completed:** ${yes(ordersMet)} — ${completed} of ${carts} carts completed, ${orders} orders placed for them, ` +
      `${l.database.cartsWithSeveralOrders} carts with more than one order (database read ${fmt(l.database.settledMs)} ms after the last checkout, once the counts stopped moving); ` +
      `${l.database.shownOrdersFound} of the ${l.database.shownOrders} orders the shoppers were sent to exist. ${ok.length} checkouts ended with an order for the shopper.`,
    "",
    table(
      ["flow", "carts", "completed", "orders"],
      FLOWS.map((f) => [f, ...(["carts", "completed", "orders"] as const).map((k) => l.database.byFlow[f]?.[k] ?? 0)]),
    ),
    "",
    `**Memory after 2,000 vs after 200 checkouts:** ${memoryVerdict(l, memoryRun)}`,
    "",
    table(["checkouts done", "server VmRSS MiB", "worker VmRSS MiB"], memoryRows),
    "",
    "Per step (each HTTP request the storefront or the shopper's browser made; *page* = the lender's hosted page on the sandbox), in ms. " +
      "Steps of failed checkouts are included, but a request the driver gave up on (timeout) has no time and is only in the failures above; " +
      "the whole-checkout rows count successful checkouts. Percentiles are nearest-rank.",
    "",
    table(["flow", "step", "n", "p50 ms", "p99 ms"], stepRows),
    "",
  ]
}
