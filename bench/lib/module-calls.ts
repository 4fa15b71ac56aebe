// Section 1's breakdown of the financing-module time: which of the module's methods each provider
// call awaited (bench/probe.cjs records them in order) and what each cost, so the column
// "financing module p50" can be read as "these N statements at about this much each".
import { fmt, median } from "./stats"
import { table } from "./table"
import type { ProbeCall } from "./report"
import type { LogWriteFloor } from "./log-write-floor"

/** One log write's p50 through the module (over every provider call), or NaN when none was made. */
function moduleMethodP50(calls: ProbeCall[], name: string): number {
  return median(calls.flatMap((c) => (c.moduleMethods ?? []).filter((m) => m.name === name).map((m) => m.us)))
}

export function moduleCallTable(calls: ProbeCall[], floor?: LogWriteFloor): string[] {
  const keys = [...new Set(calls.filter((c) => c.ok && c.moduleMethods).map((c) => `${c.lender} ${c.method}`))].sort()
  if (!keys.length) return []
  const rows = keys.map((key) => {
    const ofKey = calls.filter((c) => c.ok && `${c.lender} ${c.method}` === key && c.moduleMethods)
    const sequences = new Map<string, number>()
    for (const c of ofKey) {
      const line = c.moduleMethods!.map((m) => m.name).join(", ") || "none"
      sequences.set(line, (sequences.get(line) ?? 0) + 1)
    }
    const [usual] = [...sequences].sort((a, b) => b[1] - a[1])
    const perMethod = new Map<string, number[]>()
    for (const c of ofKey)
      for (const m of c.moduleMethods!) (perMethod.get(m.name) ?? perMethod.set(m.name, []).get(m.name)!).push(m.us)
    return [
      ...key.split(" "),
      ofKey.length,
      fmt(median(ofKey.map((c) => c.moduleMethods!.length))),
      fmt(median(ofKey.map((c) => c.moduleUs ?? 0))),
      ofKey.every((c) => c.moduleDbUs !== undefined)
        ? `${fmt(median(ofKey.map((c) => c.moduleDbQueries ?? 0)))} / ${fmt(median(ofKey.map((c) => c.moduleDbUs ?? 0)))}`
        : "–",
      `${usual[0]}${sequences.size > 1 ? ` (${usual[1]} of ${ofKey.length})` : ""}`,
      [...perMethod].map(([name, us]) => `${name} ${fmt(median(us))}`).join(", "),
    ]
  })
  return [
    "Financing-module calls inside each provider call (the *financing module* column above, broken down): how many of the module's methods the call awaited, " +
      "in their usual order, and each method's p50 in µs over all of this operation's calls. Each log write (recordOperation, updateOperation) is one SQL statement. " +
      "*Of which PostgreSQL* counts the module's own queries (node-postgres' Client#query from send to result, bench/probe.cjs) and their time: the rest of the module's time is the path to the database and back (MikroORM, knex's pool, promise continuations; section 1's CPU profile (b) breaks it down). " +
      "A module method that answers from its cache (listLenderSettings, mostly) makes no query.",
    "",
    table(
      [
        "lender",
        "method",
        "n",
        "module calls p50",
        "module µs p50",
        "of which PostgreSQL: queries / µs p50",
        "usual sequence",
        "p50 µs per method",
      ],
      rows,
    ),
    "",
    ...(floor
      ? [
          `PostgreSQL's floor for the same writes (bench/lib/log-write-floor.ts: the module's own INSERT … RETURNING and UPDATE … RETURNING, ${floor.samples} each, ` +
            `from a plain \`pg\` client in the bench process to the same database, no Medusa, ORM or pool): INSERT ${fmt(floor.insertUs)} µs, UPDATE ${fmt(floor.updateUs)} µs p50 ` +
            `(INSERT with \`synchronous_commit = off\`, i.e. not waiting for the WAL flush: ${fmt(floor.insertNoFlushUs)} µs). ` +
            `Through the module, as the providers made them in this run: recordOperation ${fmt(moduleMethodP50(calls, "recordOperation"))} µs, ` +
            `updateOperation ${fmt(moduleMethodP50(calls, "updateOperation"))} µs p50. A money-moving call makes two (the \`pending\` row before the lender call, its outcome after), ` +
            `so its log alone costs at least ${fmt(floor.insertUs + floor.updateUs)} µs here, whatever the code around it.`,
          "",
        ]
      : []),
  ]
}
