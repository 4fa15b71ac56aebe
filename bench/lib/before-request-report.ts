// Section 1's CPU-profile tables (bench/lib/cpu-profile.ts): what the server did in each provider
// call's time before its first lender request went out, and on the financing module's path to
// PostgreSQL, so the report says where the time over the target goes.
import { AREAS, type BeforeRequestProfile } from "./cpu-profile"
import { fmt } from "./stats"
import { table } from "./table"

export interface BeforeRequestResults {
  rounds: number
  intervalUs: number
  /** Before the first lender request, outside the financing module and Medusa's PostgreSQL. */
  byCall: BeforeRequestProfile[]
  /** Inside the financing module's methods, minus their own PostgreSQL queries (absent in older runs). */
  modulePath?: BeforeRequestProfile[]
  /** The profile's start time minus the probe's clock read just before it started (µs). */
  clockCheckUs?: number
}

const pct = (share: number) => `${Math.round(share * 100)}%`
const range = (values: number[]) => `${pct(Math.min(...values))}–${pct(Math.max(...values))}`

function profileTable(profiles: BeforeRequestProfile[]): string[] {
  const rows = profiles.map((c) => [
    c.lender,
    c.method,
    c.calls,
    fmt(c.meanUs),
    c.samples,
    ...AREAS.map((a) => pct(c.areas[a])),
    c.pluginFunctions.map((f) => `${f.name} ${pct(f.share)}`).join("; "),
  ])
  return [table(["lender", "method", "calls", "µs per call", "samples", ...AREAS, "top plugin functions (self)"], rows)]
}

function shares(profiles: BeforeRequestProfile[]): string {
  const share = (area: (typeof AREAS)[number]) => profiles.map((c) => c.areas[area])
  const us = (area: (typeof AREAS)[number]) => {
    const values = profiles.map((c) => c.meanUs * c.areas[area])
    return `≈ ${fmt(Math.min(...values))}–${fmt(Math.max(...values))} µs per call`
  }
  return (
    `the plugin's own code ${range(share("plugin code"))} of the samples (${us("plugin code")}), ` +
    `Medusa and its libraries ${range(share("Medusa and its libraries"))} (${us("Medusa and its libraries")}), ` +
    `Node's HTTP client ${range(share("Node's HTTP client"))}, the Node runtime ${range(share("Node runtime"))}, ` +
    `garbage collection ${range(share("garbage collection"))}, idle ${range(share("idle"))}`
  )
}

export function beforeRequestSection(r: BeforeRequestResults | undefined): string[] {
  if (!r || r.byCall.length === 0) return []
  const topShare = Math.max(0, ...r.byCall.flatMap((c) => c.pluginFunctions.map((f) => f.share)))
  return [
    "",
    `Where that time goes, by CPU profile: a V8 CPU profile of the same server over ${r.rounds} more rounds of the four lender checkouts, ` +
      `taken after everything above was measured (the profiler costs CPU of its own; sampling interval set to ${r.intervalUs} µs). ` +
      "Each sample inside a window of a provider call is charged to the code on top of the stack: *plugin code* (the providers, provider-kit, " +
      "lender clients and the financing module's own code), *Node's HTTP client* (node:http building and writing the request and its socket, " +
      "asked for by the plugin's transport), *Medusa and its libraries* (any node_modules package, e.g. MikroORM and knex preparing a query), " +
      "*Node runtime* (promise continuations, timers, async hooks), garbage collection, idle, and the bench probe's own wrappers. " +
      "*µs per call* is the window's mean length per call; *top plugin functions* are by self time." +
      (r.clockCheckUs !== undefined
        ? ` The profile's clock and the probe's agree: the profile says it started ${fmt(r.clockCheckUs)} µs after the probe asked it to.`
        : ""),
    "",
    "(a) Before the first lender request went out, outside the financing module and Medusa's PostgreSQL queries:",
    "",
    ...profileTable(r.byCall),
    "",
    `- Before the request: ${shares(r.byCall)}. No plugin function holds more than ${pct(topShare)} of any call's samples: ` +
      "the time is spread over the call path, not one hot spot.",
    ...(r.modulePath && r.modulePath.length > 0
      ? [
          "",
          "(b) Inside the financing module's methods, minus their own PostgreSQL queries (node-postgres' Client#query, timed by bench/probe.cjs): " +
            "the path from the provider to the database and back.",
          "",
          ...profileTable(r.modulePath),
          "",
          `- On the module's path: ${shares(r.modulePath)}.`,
        ]
      : []),
  ]
}
