#!/usr/bin/env node
// `npm test`: lint (layer contract + prettier), type-check, unit tests, module and HTTP integration tests against PostgreSQL
// (configured or embedded): HTTP, reliability and distributed (Redis) suites, the packaging check
// and the browser tests (Chromium). `npm test -- unit http` runs a subset.
// Ends with one "N passed, N failed" line summing every jest suite.
import fs from "node:fs"
import path from "node:path"
import { projectRoot, startDatabase } from "./lib/database.mjs"
import { run } from "./lib/run.mjs"

const STEPS = [
  // The layer contract (scripts/check-layers.mjs, docs/architecture.md) and the one formatting.
  { name: "lint", needsDb: false },
  { name: "typecheck", needsDb: false },
  { name: "unit", needsDb: false, jest: "unit" },
  { name: "modules", needsDb: true, jest: "integration:modules" },
  { name: "http", needsDb: true, jest: "integration:http" },
  { name: "reliability", needsDb: true, jest: "integration:reliability" },
  { name: "distributed", needsDb: true, jest: "integration:distributed" },
  { name: "packaging", needsDb: true, jest: "packaging" },
  { name: "browser", needsDb: true, jest: "browser" },
  // Last: scans the logs the integration steps above kept (.tmp/suite-logs) for secrets and PII.
  { name: "logscan", needsDb: false, jest: "logscan" },
]

const requested = process.argv.slice(2)
const unknown = requested.filter((name) => !STEPS.some((step) => step.name === name))
if (unknown.length) {
  console.error(`Unknown test step(s): ${unknown.join(", ")}. Steps: ${STEPS.map((s) => s.name).join(", ")}`)
  process.exit(2)
}
const steps = requested.length ? STEPS.filter((step) => requested.includes(step.name)) : STEPS

const resultsDir = path.join(projectRoot, ".tmp", "test-results")
fs.rmSync(resultsDir, { recursive: true, force: true })
fs.mkdirSync(resultsDir, { recursive: true })

const workers = Number(process.env.FINANCING_TEST_WORKERS ?? 2)
if (!Number.isInteger(workers) || workers < 1) {
  console.error(`FINANCING_TEST_WORKERS must be a whole number ≥ 1 (got "${process.env.FINANCING_TEST_WORKERS}")`)
  process.exit(2)
}
const bin = (name) => path.join(projectRoot, "node_modules", ".bin", name)
const totals = { passed: 0, failed: 0, skipped: 0 }
const failedSteps = []
// Each failed test with the start of its message, printed again at the very end: CI keeps only the
// tail of the output, and a step's own failure block may be thousands of log lines further up.
const failedTests = []
let db

function addJestTotals(file) {
  if (!fs.existsSync(file)) return false
  const report = JSON.parse(fs.readFileSync(file, "utf8"))
  totals.passed += report.numPassedTests
  totals.failed += report.numFailedTests + report.numRuntimeErrorTestSuites
  totals.skipped += report.numPendingTests + report.numTodoTests
  for (const suite of report.testResults ?? []) {
    const file = path.relative(projectRoot, suite.name)
    if (suite.status === "failed" && !(suite.assertionResults ?? []).some((t) => t.status === "failed")) {
      failedTests.push({ title: `${file} (suite failed to run)`, message: suite.message ?? "" })
    }
    for (const test of suite.assertionResults ?? []) {
      if (test.status === "failed") {
        failedTests.push({ title: `${file} › ${test.fullName}`, message: (test.failureMessages ?? []).join("\n") })
      }
    }
  }
  return report.numTotalTests > 0
}

try {
  for (const step of steps) {
    if (step.needsDb && !db) {
      db = await startDatabase({ instance: "test", log: console.log })
    }
    const env = { ...process.env, ...(db?.env ?? {}), NODE_ENV: "test" }
    let code
    if (step.name === "lint") {
      code = await run(process.execPath, [path.join(projectRoot, "scripts", "check-layers.mjs")], {
        env,
        label: "Lint (layers)",
      })
      if (code === 0) code = await run(bin("prettier"), ["--check", "."], { env, label: "Lint (prettier --check)" })
    } else if (step.name === "typecheck") {
      code = await run(bin("tsc"), ["-p", "tsconfig.typecheck.json", "--noEmit"], {
        env,
        label: "Type-check (sources and tests)",
      })
      // The demo storefront is browser code with its own compiler settings (DOM, no Node types).
      if (code === 0)
        code = await run(bin("tsc"), ["-p", "demo/storefront/tsconfig.json", "--noEmit"], {
          env,
          label: "Type-check (demo storefront)",
        })
      // The storefront kit (packages/storefront-kit) is browser + React code with its own settings.
      if (code === 0)
        code = await run(bin("tsc"), ["-p", "packages/storefront-kit/tsconfig.check.json"], {
          env,
          label: "Type-check (storefront kit)",
        })
      if (code === 0)
        code = await run(bin("tsc"), ["-p", "bench/tsconfig.json", "--noEmit"], {
          env,
          label: "Type-check (benchmarks)",
        })
    } else {
      const outputFile = path.join(resultsDir, `${step.name}.json`)
      // A step's kept logs are replaced by this run's (see integration-tests/utils/suite-log.ts).
      fs.rmSync(path.join(projectRoot, ".tmp", "suite-logs", step.jest.replace(/[^a-z0-9-]+/gi, "-")), {
        recursive: true,
        force: true,
      })
      // Two jest workers, also on 2 cores (jest's default there is one): integration suites spend
      // much of their time waiting on the sandbox, PostgreSQL, npm and Chromium, so two spec files at
      // a time halve the wall time (measured: http 380 → 196 s, reliability 771 → 420 s, browser
      // 610 → 308 s, packaging 302 → 191 s). Each worker has its own database
      // (medusa-…-integration-<worker id>), free ports and figure files. FINANCING_TEST_WORKERS=1
      // runs one at a time, e.g. to read one suite's log undisturbed.
      const args = ["--json", `--outputFile=${outputFile}`, `--maxWorkers=${workers}`]
      // Medusa apps and sandboxes a suite forgets to close must not hold the step open.
      if (step.needsDb) args.push("--forceExit")
      code = await run(bin("jest"), args, {
        // Medusa's test runner loads medusa-config.ts with a dynamic import(), which jest only
        // allows with Node's VM-modules flag.
        env: {
          ...env,
          TEST_TYPE: step.jest,
          NODE_OPTIONS: `${env.NODE_OPTIONS ?? ""} --experimental-vm-modules`.trim(),
        },
        label: `Jest: ${step.name}`,
      })
      const ranTests = addJestTotals(outputFile)
      if (!ranTests) {
        console.error(`Step "${step.name}" ran no test.`)
        code = code || 1
      }
    }
    if (code !== 0) failedSteps.push(step.name)
  }
} finally {
  await db?.stop()
}

console.log("")
for (const { title, message } of failedTests) {
  // eslint-disable-next-line no-control-regex
  const plain = message
    .replace(/\u001b\[[0-9;]*m/g, "")
    .split("\n")
    .filter((line) => line.trim())
  console.log(`✕ ${title}`)
  for (const line of plain.slice(0, 12)) console.log(`    ${line}`)
}
if (failedSteps.length) console.log(`Failed steps: ${failedSteps.join(", ")}`)
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`)
process.exit(failedSteps.length ? 1 : 0)
