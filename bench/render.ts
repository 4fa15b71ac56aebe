// Re-writes BENCHMARKS.md from a run's raw results (BENCH_RAW_OUT) without measuring again:
// `node -r ts-node/register bench/render.ts raw.json [load.json] [--carry-load OLD_BENCHMARKS.md]`
// — for report changes made after a run. load.json, optional, is the raw output of a separate long
// load-only run (`BENCH_ONLY=load BENCH_LOAD_CHECKOUTS=2000 BENCH_RAW_OUT=load.json npm run bench`),
// whose memory readings are added to section 6 under its own date and command. --carry-load copies
// from an earlier BENCHMARKS.md, verbatim under a line that says so (its dates stay its own): the
// whole of section 6 for a run made with BENCH_LOAD=0, or only its separate 2,000-checkout memory
// run for a run that measured the 200-checkout load (the long runs take most of an hour here).
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
  // A run without section 6 keeps the earlier one whole; a run with its own 200-checkout section
  // keeps only the earlier separate 2,000-checkout memory run (which takes most of an hour).
  const pattern = results.load
    ? /^### Memory over 2,000 checkouts \(a separate run\)[\s\S]*?(?=^## 7\. )/m
    : /^## 6\. [\s\S]*?(?=^## 7\. )/m
  const section = pattern.exec(previous)?.[0]
  if (!section) throw new Error(`${carryFrom} has no ${results.load ? "separate 2,000-checkout run" : "section 6"}`)
  if (results.load && memoryFile) throw new Error("--carry-load with load.json: the memory run would appear twice")
  const [heading, ...rest] = section.split("\n")
  // A section carried before already has the note: it is written once, for this render.
  const body = rest.filter((line) => !line.startsWith("_Carried over from an earlier BENCHMARKS.md"))
  while (body[0] === "") body.shift()
  const carried = [
    heading,
    "",
    `_Carried over from an earlier BENCHMARKS.md (bench/render.ts --carry-load): ${
      results.load
        ? "this run measured the 200-checkout load above, not this 2,000-checkout one"
        : "this run was made with BENCH_LOAD=0"
    }. The dates below are that section's own._`,
    "",
    ...body,
  ].join("\n")
  const report = fs.readFileSync(target, "utf8")
  const at = report.search(/^## 7\. /m)
  if (at < 0) throw new Error("the new report has no section 7 to put the carried section before")
  fs.writeFileSync(target, report.slice(0, at) + carried + report.slice(at))
}
