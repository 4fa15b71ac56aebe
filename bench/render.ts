// Re-writes BENCHMARKS.md from a run's raw results (BENCH_RAW_OUT) without measuring again:
// `node -r ts-node/register bench/render.ts raw.json` — for report changes made after a run.
import fs from "node:fs"
import path from "node:path"
import { writeReport, type BenchResults } from "./lib/report"

const file = process.argv[2]
if (!file) throw new Error("usage: node -r ts-node/register bench/render.ts <raw.json>")
const raw = JSON.parse(fs.readFileSync(file, "utf8"))
const results: BenchResults = { ...raw, startedAt: new Date(raw.startedAt) }
writeReport(results, path.join(__dirname, "..", "BENCHMARKS.md"))
