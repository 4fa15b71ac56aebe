// setupFilesAfterEnv of the integration suites: tees everything the test file writes — console
// methods, the streams jest's console writes to (where Medusa's winston logger ends up), and the
// process streams — into the file's suite log, still passing it through. See utils/suite-log.ts.
import fs from "node:fs"
import path from "node:path"
import { appendSuiteLog, suiteLogFileFor } from "./utils/suite-log"

const file = suiteLogFileFor(process.env.TEST_TYPE ?? "unknown", expect.getState().testPath ?? "unknown")
fs.mkdirSync(path.dirname(file), { recursive: true })
fs.writeFileSync(file, "")
process.env.FINANCING_SUITE_LOG = file

const text = (args: unknown[]) =>
  args
    .map((a) => (typeof a === "string" ? a : a instanceof Uint8Array ? Buffer.from(a).toString() : inspect(a)))
    .join(" ")

function inspect(value: unknown): string {
  try {
    return typeof value === "object" ? JSON.stringify(value) : String(value)
  } catch {
    return String(value)
  }
}

function tee(target: Record<string, any>, method: string, newline: boolean) {
  const original = target[method]
  if (typeof original !== "function" || original.__suiteLogTee) return
  const wrapped = function (this: unknown, ...args: unknown[]) {
    appendSuiteLog(
      newline
        ? `${text(args)}\n`
        : typeof args[0] === "string" || args[0] instanceof Uint8Array
          ? (args[0] as string)
          : "",
    )
    return original.apply(this, args)
  }
  ;(wrapped as any).__suiteLogTee = true
  target[method] = wrapped
}

for (const method of ["log", "info", "warn", "error", "debug"]) tee(console as any, method, true)
const jestConsole = console as unknown as { _stdout?: NodeJS.WritableStream; _stderr?: NodeJS.WritableStream }
for (const stream of new Set([jestConsole._stdout, jestConsole._stderr, process.stdout, process.stderr])) {
  if (stream) tee(stream as any, "write", false)
}
