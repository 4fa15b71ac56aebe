// Runs the Medusa CLI as a real child process (the way a store runs it), for the packaging check
// and the browser tests, which need a server outside jest's module registry.
import { spawn, type ChildProcess } from "node:child_process"
import net from "node:net"
import path from "node:path"
import { appendSuiteLog } from "./suite-log"

export const repoRoot = path.resolve(__dirname, "../..")
export const medusaBin = path.join(repoRoot, "node_modules", ".bin", "medusa")

export interface CliResult {
  code: number
  output: string
}

/** Runs a command to completion and returns its exit code and combined output. */
export function runCommand(
  command: string,
  args: string[],
  { cwd, env, timeoutMs = 10 * 60_000 }: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    const collect = (chunk: Buffer) => {
      output += chunk
      appendSuiteLog(chunk)
    }
    child.stdout.on("data", collect)
    child.stderr.on("data", collect)
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs)
    child.on("exit", (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? 1, output })
    })
  })
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0))
    })
  })
}

export interface RunningServer {
  url: string
  port: number
  pid: number
  /** Spawn → first healthy /health, in ms. */
  bootMs: number
  output: () => string
  stop: () => Promise<void>
}

/** Starts `medusa start` and resolves once /health answers, or rejects with the server's output. */
export async function startMedusa({
  cwd,
  env,
  port: requestedPort,
  timeoutMs = 180_000,
  bin = medusaBin,
  pollMs = 500,
  maxOutputChars = Number.POSITIVE_INFINITY,
}: {
  cwd: string
  env: NodeJS.ProcessEnv
  /** A port chosen beforehand (when the config must know its own URL); a free one otherwise. */
  port?: number
  timeoutMs?: number
  /** The medusa CLI to run (an app directory's own, for the benchmarks). */
  bin?: string
  /** How often /health is polled; the benchmarks poll fast to time the boot. */
  pollMs?: number
  /** Keep only the tail of the output (long-running benchmark servers). */
  maxOutputChars?: number
}): Promise<RunningServer> {
  const port = requestedPort ?? (await freePort())
  const started = process.hrtime.bigint()
  const child: ChildProcess = spawn(bin, ["start", "--port", String(port)], {
    cwd,
    env: { ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  })
  let output = ""
  const collect = (chunk: Buffer) => {
    output += chunk
    if (output.length > maxOutputChars) output = output.slice(-maxOutputChars)
    appendSuiteLog(chunk)
  }
  child.stdout?.on("data", collect)
  child.stderr?.on("data", collect)
  let exited = false
  child.on("exit", () => (exited = true))

  const stop = () =>
    new Promise<void>((resolve) => {
      if (exited) return resolve()
      child.once("exit", () => resolve())
      child.kill("SIGTERM")
      setTimeout(() => child.kill("SIGKILL"), 10_000).unref()
    })

  const url = `http://localhost:${port}`
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(`medusa start exited before it was healthy:\n${output.slice(-4000)}`)
    }
    try {
      const response = await fetch(`${url}/health`)
      if (response.ok) {
        const bootMs = Number(process.hrtime.bigint() - started) / 1e6
        return { url, port, pid: child.pid!, bootMs, output: () => output, stop }
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs))
  }
  await stop()
  throw new Error(`medusa start was not healthy within ${timeoutMs / 1000}s:\n${output.slice(-4000)}`)
}

/** Logs in with email + password and returns a bearer token for the admin API. */
export async function adminToken(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  })
  if (!response.ok) throw new Error(`admin login failed: HTTP ${response.status} ${await response.text()}`)
  const { token } = (await response.json()) as { token: string }
  return token
}
