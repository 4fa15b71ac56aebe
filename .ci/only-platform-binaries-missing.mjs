#!/usr/bin/env node
// Exit 0 when every complaint in an `npm ci` log is "Missing: <name>[@<version>] from lock file"
// for a package that package-lock.json lists as some locked package's optionalDependencies — the
// per-platform native binaries (@swc/core-darwin-arm64, @rollup/rollup-android-arm64, …) that a
// registry may or may not serve on the day the lockfile was written. Exit 1 otherwise, naming what
// is a real mismatch between package.json and the lockfile.
import fs from "node:fs"

const log = fs.readFileSync(process.argv[2], "utf8")
const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"))

const optionalNames = new Set()
for (const entry of Object.values(lock.packages ?? {})) {
  for (const name of Object.keys(entry.optionalDependencies ?? {})) optionalNames.add(name)
}

const complaints = [...log.matchAll(/Missing: (\S+?)@(\S*) from lock file/g)].map((m) => m[1])
const otherErrors = log
  .split("\n")
  .filter((line) => /^npm error (Invalid|Missing): /.test(line) && !/^npm error Missing: \S+ from lock file/.test(line))

const real = complaints.filter((name) => !optionalNames.has(name))
if (!complaints.length || real.length || otherErrors.length) {
  for (const name of real) console.error(`lockfile mismatch: ${name} is not an optional platform binary`)
  for (const line of otherErrors) console.error(`lockfile mismatch: ${line.replace(/^npm error /, "")}`)
  if (!complaints.length && !otherErrors.length) console.error("npm ci failed for a reason other than the lockfile")
  process.exit(1)
}
console.error(`npm ci: ${complaints.length} optional platform binaries missing from the lockfile, nothing else`)
