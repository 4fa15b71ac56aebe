// Re-writes BENCHMARKS.md from a run's raw results (BENCH_RAW_OUT) without measuring again:
// `node -r ts-node/register bench/render.ts raw.json [load.json]` — for report changes made after
// a run. load.json, optional, is the raw output of a separate long load-only run
// (`BENCH_ONLY=load BENCH_LOAD_CHECKOUTS=2000 BENCH_RAW_OUT=load.json npm run bench`), whose memory
// readings are added to section 6 under its own date and command.
import fs from "node:fs"
import path from "node:path"
import { writeReport, type BenchResults } from "./lib/report"

const [file, memoryFile] = process.argv.slice(2)
if (!file) throw new Error("usage: node -r ts-node/register bench/render.ts <raw.json> [load.json]")
const raw = JSON.parse(fs.readFileSync(file, "utf8"))
const results: BenchResults = { ...raw, startedAt: new Date(raw.startedAt) }
if (memoryFile) results.memoryRun = JSON.parse(fs.readFileSync(memoryFile, "utf8")).load
writeReport(results, path.join(__dirname, "..", "BENCHMARKS.md"))
