// One jest config, several suites selected by TEST_TYPE (the layout of Medusa's app starters).
const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

const swc = [
  "@swc/jest",
  {
    jsc: {
      parser: { syntax: "typescript", decorators: true, tsx: true },
      target: "es2021",
      transform: { react: { runtime: "automatic" } },
    },
  },
]

const base = {
  transform: { "^.+\\.[jt]sx?$": swc },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "tsx", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/", "<rootDir>/.cache/"],
  setupFiles: ["./integration-tests/setup.js"],
}

// Integration suites keep a copy of their logs for the final scan (integration-tests/logscan).
const logged = { setupFilesAfterEnv: ["./integration-tests/setup-suite-log.ts"] }

const suites = {
  unit: {
    testMatch: [
      "<rootDir>/src/**/__tests__/**/*.unit.spec.[jt]s",
      "<rootDir>/packages/*/src/**/__tests__/**/*.unit.spec.[jt]s?(x)",
    ],
  },
  "integration:modules": {
    ...logged,
    testMatch: ["<rootDir>/src/modules/*/__tests__/**/*.spec.[jt]s"],
    testPathIgnorePatterns: ["\\.unit\\.spec\\."],
  },
  "integration:http": { ...logged, testMatch: ["<rootDir>/integration-tests/http/**/*.spec.[jt]s"] },
  "integration:reliability": { ...logged, testMatch: ["<rootDir>/integration-tests/reliability/**/*.spec.[jt]s"] },
  "integration:distributed": { ...logged, testMatch: ["<rootDir>/integration-tests/distributed/**/*.spec.[jt]s"] },
  packaging: { ...logged, testMatch: ["<rootDir>/integration-tests/packaging/**/*.spec.[jt]s"] },
  browser: { ...logged, testMatch: ["<rootDir>/integration-tests/browser/**/*.spec.[jt]s"] },
  logscan: { testMatch: ["<rootDir>/integration-tests/logscan/**/*.spec.[jt]s"] },
}

const type = process.env.TEST_TYPE || "unit"
if (!suites[type]) {
  throw new Error(`Unknown TEST_TYPE "${type}". Use one of: ${Object.keys(suites).join(", ")}`)
}
module.exports = { ...base, ...suites[type] }
