// Child-process helpers shared by the test, demo and packaging scripts.
import { spawn } from "node:child_process"

/** Runs a command with inherited stdio; resolves with its exit code (never rejects on failure). */
export function run(command, args, { env = process.env, cwd, label } = {}) {
  return new Promise((resolve) => {
    if (label) console.log(`\n▶ ${label}`)
    const child = spawn(command, args, { stdio: "inherit", env, cwd })
    child.on("error", (error) => {
      console.error(`Could not start ${command}: ${error.message}`)
      resolve(1)
    })
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}
