// Runs last in `npm test`: reads the logs every integration suite of this run kept (see
// utils/suite-log.ts — jest's console, Medusa's logger and the Medusa processes the tests started)
// and fails on any configured lender secret, issued token or shopper's personal data in them.
import fs from "node:fs"
import path from "node:path"
import { recordFigure } from "../utils/figures"
import { SUITE_LOG_ROOT } from "../utils/suite-log"
import { SENSITIVE_PATTERNS, SENSITIVE_VALUES } from "./sensitive-values"

interface Finding {
  file: string
  line: number
  kind: string
}

function logFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? logFiles(full) : entry.name.endsWith(".log") ? [full] : []
  })
}

/** Scans text line by line; findings name the file, line and kind of value, never the value. */
export function scan(file: string, text: string): Finding[] {
  const findings: Finding[] = []
  text.split("\n").forEach((line, index) => {
    for (const { kind, value } of SENSITIVE_VALUES)
      if (line.includes(value)) findings.push({ file, line: index + 1, kind })
    for (const { kind, pattern } of SENSITIVE_PATTERNS)
      if (pattern.test(line)) findings.push({ file, line: index + 1, kind })
  })
  return findings
}

describe("the logs of the whole test run", () => {
  const files = logFiles(SUITE_LOG_ROOT)

  it("were captured (run the integration steps of `npm test` first)", () => {
    expect(files.length).toBeGreaterThan(0)
    const bytes = files.reduce((sum, file) => sum + fs.statSync(file).size, 0)
    expect(bytes).toBeGreaterThan(0)
  })

  it("hold no configured lender secret, issued token, SSN, bank account number, date of birth or password", () => {
    let lines = 0
    const findings: Finding[] = []
    const suites = new Map<string, { files: number; lines: number; findings: number }>()
    for (const file of files) {
      const text = fs.readFileSync(file, "utf8")
      const found = scan(path.relative(SUITE_LOG_ROOT, file), text)
      const count = text.split("\n").length
      lines += count
      findings.push(...found)
      const suite = path.relative(SUITE_LOG_ROOT, file).split(path.sep)[0]
      const entry = suites.get(suite) ?? { files: 0, lines: 0, findings: 0 }
      suites.set(suite, { files: entry.files + 1, lines: entry.lines + count, findings: entry.findings + found.length })
    }
    for (const [suite, entry] of suites) {
      recordFigure(__filename, {
        table: "logs",
        scope: `npm test step ${suite} (${entry.files} test files)`,
        "lines scanned": entry.lines,
        "values checked": SENSITIVE_VALUES.length + SENSITIVE_PATTERNS.length,
        "secrets found": entry.findings,
      })
    }
    expect(lines).toBeGreaterThan(0)
    expect(findings.map((f) => `${f.file}:${f.line} ${f.kind}`)).toEqual([])
  })
})

describe("the scan itself", () => {
  it("finds each listed value and each pattern, and names the kind without the value", () => {
    for (const { kind, value } of SENSITIVE_VALUES) {
      expect(scan("x.log", `info: calling lender with ${value} in it`)).toEqual(
        expect.arrayContaining([{ file: "x.log", line: 1, kind }]),
      )
    }
    expect(scan("x.log", "ok\nssn 666-01-0001").map((f) => [f.line, f.kind])).toEqual([[2, "SSN"]])
    expect(scan("x.log", '{"password":"hunter22"}').map((f) => f.kind)).toEqual(["unmasked personal field"])
    expect(scan("x.log", '{"password":"***"}')).toEqual([])
    expect(scan("x.log", "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload")[0].kind).toBe("bearer token")
    expect(scan("x.log", "order_01KAB6660100019 captured 666010 pence")).toEqual([])
  })
})
