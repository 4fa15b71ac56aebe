// One jest config, four suites selected by TEST_TYPE (the layout of Medusa's app starters).
const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

const swc = [
  "@swc/jest",
  { jsc: { parser: { syntax: "typescript", decorators: true, tsx: true }, target: "es2021" } },
]

const base = {
  transform: { "^.+\\.[jt]sx?$": swc },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "tsx", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/", "<rootDir>/.cache/"],
  setupFiles: ["./integration-tests/setup.js"],
}

const suites = {
  unit: { testMatch: ["<rootDir>/src/**/__tests__/**/*.unit.spec.[jt]s"] },
  "integration:modules": { testMatch: ["<rootDir>/src/modules/*/__tests__/**/*.spec.[jt]s"], testPathIgnorePatterns: ["\\.unit\\.spec\\."] },
  "integration:http": { testMatch: ["<rootDir>/integration-tests/http/**/*.spec.[jt]s"] },
  packaging: { testMatch: ["<rootDir>/integration-tests/packaging/**/*.spec.[jt]s"] },
}

const type = process.env.TEST_TYPE || "unit"
if (!suites[type]) {
  throw new Error(`Unknown TEST_TYPE "${type}". Use one of: ${Object.keys(suites).join(", ")}`)
}
module.exports = { ...base, ...suites[type] }
