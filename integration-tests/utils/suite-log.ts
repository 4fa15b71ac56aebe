// The whole run's logs, kept for one scan: every integration test file's output (jest's console,
// the process streams, Medusa's logger) and the output of the Medusa processes it starts is also
// appended to .tmp/suite-logs/<suite>/<test file>.log. integration-tests/logscan reads them all.
import fs from "node:fs"
import path from "node:path"

export const SUITE_LOG_ROOT = path.resolve(__dirname, "../../.tmp/suite-logs")

/** Appends to the current test file's log (set by integration-tests/setup-suite-log.ts), if any. */
export function appendSuiteLog(chunk: string | Uint8Array): void {
  const file = process.env.FINANCING_SUITE_LOG
  if (!file) return
  try {
    fs.appendFileSync(file, typeof chunk === "string" ? chunk : Buffer.from(chunk))
  } catch {
    // Keeping a copy must never fail a test.
  }
}

/** The log file for a test file of a suite: .tmp/suite-logs/<suite>/<path with / → __>.log */
export function suiteLogFileFor(suite: string, testPath: string): string {
  const relative = path.relative(path.resolve(__dirname, "../.."), testPath).split(path.sep).join("__")
  return path.join(SUITE_LOG_ROOT, suite.replace(/[^a-z0-9-]+/gi, "-"), `${relative}.log`)
}
