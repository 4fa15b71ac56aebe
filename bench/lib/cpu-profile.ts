// Where a provider call's time goes, from a V8 CPU profile of the benchmarked server (bench/probe.cjs
// /profile/*): each sample whose timestamp falls inside one of a call's windows — before its first
// lender request minus the financing module's and PostgreSQL's spans, or inside the module minus its
// own queries (the probe times both) — is charged to the code on top of the stack. The profile's
// clock is V8's TimeTicks and the probe's is process.hrtime: both CLOCK_MONOTONIC on Linux.
import fs from "node:fs"
import path from "node:path"
import type { ProbeCall } from "./report"

interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
}
interface ProfileNode {
  id: number
  callFrame: CallFrame
  children?: number[]
}
export interface CpuProfile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}
export interface ProfiledRun {
  profile: CpuProfile
  startedAtUs: number
  calls: ProbeCall[]
}

type Span = [number, number]

/** Sample timestamps (µs, monotonic) and their stacks (leaf first). */
function samplesOf(profile: CpuProfile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const stackCache = new Map<number, CallFrame[]>()
  const stackOf = (id: number): CallFrame[] => {
    const cached = stackCache.get(id)
    if (cached) return cached
    const frames: CallFrame[] = []
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at)
      if (node && node.callFrame.functionName !== "(root)") frames.push(node.callFrame)
    }
    stackCache.set(id, frames)
    return frames
  }
  let t = profile.startTime
  return profile.samples.map((id, i) => {
    t += profile.timeDeltas[i] ?? 0
    return { t, stack: stackOf(id) }
  })
}

/** Index of the first sample at or after `t` (samples are in time order). */
function firstAtOrAfter(samples: Array<{ t: number }>, t: number): number {
  let low = 0
  let high = samples.length
  while (low < high) {
    const mid = (low + high) >> 1
    if (samples[mid].t < t) low = mid + 1
    else high = mid
  }
  return low
}

/** `window` without the parts covered by `excluded`. */
function subtract(window: Span, excluded: Span[]): Span[] {
  const spans: Span[] = []
  let from = window[0]
  for (const [start, end] of [...excluded].sort((a, b) => a[0] - b[0])) {
    if (end <= from) continue
    if (start >= window[1]) break
    if (start > from) spans.push([from, start])
    from = Math.max(from, end)
  }
  if (from < window[1]) spans.push([from, window[1]])
  return spans
}

/** The financing module's methods the call awaited, and its PostgreSQL queries, as spans. */
const moduleSpansOf = (call: ProbeCall): Span[] =>
  (call.moduleMethods ?? []).flatMap((m) => (m.startUs === undefined ? [] : [[m.startUs, m.startUs + m.us] as Span]))
const querySpansOf = (call: ProbeCall): Span[] => (call.dbSpans ?? []).map((d) => [d.startUs, d.startUs + d.us])

/** The part of a provider call before its first lender request, minus the module's and PostgreSQL's spans. */
export function beforeRequestSpans(call: ProbeCall): Span[] {
  const first = call.requests[0]
  if (call.startedUs === undefined || first?.offsetUs === undefined) return []
  return subtract([call.startedUs, call.startedUs + first.offsetUs], [...moduleSpansOf(call), ...querySpansOf(call)])
}

const where = (frame: CallFrame) => {
  const url = frame.url.replace(/^file:\/\//, "")
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)
  if (/medusa-plugin-financing|\/\.medusa\/server\/src\//.test(url) && !pkg?.[1]?.startsWith("@"))
    return `plugin ${url.replace(/^.*\/src\//, "src/")}`
  if (pkg) return pkg[1]
  if (url.startsWith("node:")) return "node"
  if (url.endsWith("probe.cjs")) return "probe"
  return url ? path.basename(url) : "(native)"
}

export const AREAS = [
  "plugin code",
  "Node's HTTP client",
  "Medusa and its libraries",
  "Node runtime",
  "garbage collection",
  "idle",
  "bench probe",
] as const
export type Area = (typeof AREAS)[number]

/** One sample's area, from its stack (leaf first). */
function areaOf(stack: CallFrame[]): Area {
  const leaf = stack[0]
  if (!leaf || leaf.functionName === "(idle)") return "idle"
  if (leaf.functionName === "(garbage collector)") return "garbage collection"
  const at = where(leaf)
  if (at.startsWith("plugin ")) return "plugin code"
  if (at === "probe") return "bench probe"
  if (at !== "node" && at !== "(native)") return "Medusa and its libraries"
  // Node's own code: the HTTP client when the plugin's transport asked for it, else promises,
  // timers and async hooks.
  return stack.some((f) => /src\/lenders\/http-(transport|agent)\./.test(f.url)) ? "Node's HTTP client" : "Node runtime"
}

export interface BeforeRequestProfile {
  lender: string
  method: string
  calls: number
  /** Mean µs per call before the first lender request, outside the financing module and Medusa's PostgreSQL. */
  meanUs: number
  samples: number
  /** Share of the samples per area (0–1). */
  areas: Record<Area, number>
  /** The plugin functions with the most samples on their own (self time), share of the samples. */
  pluginFunctions: Array<{ name: string; share: number }>
}

/** The time a call spent inside the financing module's methods, minus their PostgreSQL queries. */
export function modulePathSpans(call: ProbeCall): Span[] {
  const queries = querySpansOf(call)
  return moduleSpansOf(call).flatMap((module) => subtract(module, queries))
}

/** What the server's CPU did inside the given windows of each provider call, per lender method. */
export function attribute(
  run: ProfiledRun,
  spansOf: (call: ProbeCall) => Span[] = beforeRequestSpans,
): BeforeRequestProfile[] {
  const samples = samplesOf(run.profile)
  const byKey = new Map<
    string,
    {
      lender: string
      method: string
      calls: number
      us: number
      samples: number
      areas: Map<Area, number>
      fns: Map<string, number>
    }
  >()
  for (const call of run.calls) {
    const spans = spansOf(call)
    if (spans.length === 0) continue
    const key = `${call.lender} ${call.method}`
    const entry = byKey.get(key) ?? {
      lender: call.lender,
      method: call.method,
      calls: 0,
      us: 0,
      samples: 0,
      areas: new Map(),
      fns: new Map(),
    }
    byKey.set(key, entry)
    entry.calls++
    for (const [start, end] of spans) {
      entry.us += end - start
      for (let i = firstAtOrAfter(samples, start); i < samples.length && samples[i].t < end; i++) {
        const sample = samples[i]
        entry.samples++
        const area = areaOf(sample.stack)
        entry.areas.set(area, (entry.areas.get(area) ?? 0) + 1)
        if (area === "plugin code") {
          const leaf = sample.stack[0]
          const name = `${leaf.functionName || "(anonymous)"} (${where(leaf).slice("plugin ".length).replace(/\.js$/, "")})`
          entry.fns.set(name, (entry.fns.get(name) ?? 0) + 1)
        }
      }
    }
  }
  return [...byKey.values()]
    .sort((a, b) => `${a.lender} ${a.method}`.localeCompare(`${b.lender} ${b.method}`))
    .map((e) => ({
      lender: e.lender,
      method: e.method,
      calls: e.calls,
      meanUs: e.us / e.calls,
      samples: e.samples,
      areas: Object.fromEntries(AREAS.map((a) => [a, e.samples ? (e.areas.get(a) ?? 0) / e.samples : 0])) as Record<
        Area,
        number
      >,
      pluginFunctions: [...e.fns.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([name, n]) => ({ name, share: n / e.samples })),
    }))
}

if (require.main === module) {
  const run = JSON.parse(fs.readFileSync(process.argv[2], "utf8")) as ProfiledRun
  console.log(`profile start − probe clock at start: ${run.profile.startTime - run.startedAtUs} µs`)
  console.log(JSON.stringify(attribute(run), null, 1))
  console.log("financing module path (module time minus its PostgreSQL queries):")
  console.log(JSON.stringify(attribute(run, modulePathSpans), null, 1))
}
