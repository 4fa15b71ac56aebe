// Re-writes BENCHMARKS.md from a run's raw results (BENCH_RAW_OUT) without measuring again:
// `node -r ts-node/register bench/render.ts raw.json [load.json] [--carry-load OLD_BENCHMARKS.md]`
// — for report changes made after a run. load.json, optional, is the raw output of a separate long
// load-only run (`BENCH_ONLY=load BENCH_LOAD_CHECKOUTS=2000 BENCH_RAW_OUT=load.json npm run bench`),
// whose memory readings are added to section 6 under its own date and command. --carry-load, for a
// run made with BENCH_LOAD=0 (the load runs take most of an hour here), copies section 6 verbatim
// from an earlier BENCHMARKS.md, under a line that says so and gives that section's own dates.
import fs from "node:fs"
import path from "node:path"
import { writeReport, type BenchResults } from "./lib/report"

const args = process.argv.slice(2)
const carryAt = args.indexOf("--carry-load")
const carryFrom = carryAt >= 0 ? args.splice(carryAt, 2)[1] : undefined
const [file, memoryFile] = args
if (!file) {
  throw new Error("usage: node -r ts-node/register bench/render.ts <raw.json> [load.json] [--carry-load BENCHMARKS.md]")
}
const raw = JSON.parse(fs.readFileSync(file, "utf8"))
const results: BenchResults = { ...raw, startedAt: new Date(raw.startedAt) }
if (memoryFile) results.memoryRun = JSON.parse(fs.readFileSync(memoryFile, "utf8")).load
const target = path.join(__dirname, "..", "BENCHMARKS.md")
const previous = carryFrom ? fs.readFileSync(carryFrom, "utf8") : undefined
writeReport(results, target)

if (previous) {
  if (results.load) throw new Error("--carry-load is for a run without section 6 (BENCH_LOAD=0)")
  const section = /^## 6\. [\s\S]*?(?=^## 7\. )/m.exec(previous)?.[0]
  if (!section) throw new Error(`${carryFrom} has no section 6`)
  const [heading, ...body] = section.split("\n")
  const carried = [
    heading,
    "",
    "_Carried over from an earlier run (bench/render.ts --carry-load): this run was made with BENCH_LOAD=0. " +
      "The dates below are that section's own._",
    ...body,
  ].join("\n")
  const report = fs.readFileSync(target, "utf8")
  const at = report.search(/^## 7\. /m)
  if (at < 0) throw new Error("the new report has no section 7 to put section 6 before")
  fs.writeFileSync(target, report.slice(0, at) + carried + report.slice(at))
}
