// Figures for RELIABILITY.md. Reliability specs record what they did (faults injected, checkouts
// run concurrently, webhooks replayed, fuzz cases tried) and what was lost or duplicated; the
// report script turns every file under artifacts/reliability/ into the tables of RELIABILITY.md.
// One JSON file per spec file, so parallel jest workers never write the same file.
import fs from "node:fs"
import path from "node:path"

export const FIGURES_DIR = path.resolve(__dirname, "../../artifacts/reliability")

export interface FigureRow {
  /** Table the row belongs to, e.g. "faults", "webhooks", "concurrency", "fuzz", "distributed". */
  table: string
  /** Column values; keep the same keys for every row of one table. */
  [column: string]: string | number | boolean
}

const rowsByFile = new Map<string, FigureRow[]>()

/** Records one row; `source` is usually `__filename` (the file name becomes the output name). */
export function recordFigure(source: string, row: FigureRow): void {
  const name = path.basename(source).replace(/\.[jt]s$/, "")
  const rows = rowsByFile.get(name) ?? []
  rows.push(row)
  rowsByFile.set(name, rows)
  fs.mkdirSync(FIGURES_DIR, { recursive: true })
  fs.writeFileSync(
    path.join(FIGURES_DIR, `${name}.json`),
    JSON.stringify({ source: name, written_at: new Date().toISOString(), rows }, null, 2),
  )
}
