#!/usr/bin/env node
// medusa-financing-sandbox: runs every lender simulator locally for the demo and for store
// developers without lender credentials. Configured by env: SANDBOX_PORT (9100), SANDBOX_HOST
// (127.0.0.1), SANDBOX_PUBLIC_URL (optional), SANDBOX_QUIET=1 (no request log).
import { startNewDayTlsFromEnv } from "./newday/tls-from-env"
import { type SandboxHandle, startSandbox } from "./server"

export interface CliOptions {
  env?: NodeJS.ProcessEnv
  stdout?: { write(chunk: string): unknown }
  /** Install SIGINT/SIGTERM handlers that close the sandbox (the real CLI does; tests do not). */
  handleSignals?: boolean
}

export class CliError extends Error {}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return 9100
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError(`SANDBOX_PORT must be a port number from 0 to 65535, got "${raw}"`)
  }
  return port
}

export async function main(opts: CliOptions = {}): Promise<SandboxHandle> {
  const env = opts.env ?? process.env
  const stdout = opts.stdout ?? process.stdout
  const println = (line = ""): void => void stdout.write(`${line}\n`)

  const sandbox = await startSandbox({
    port: parsePort(env.SANDBOX_PORT),
    host: env.SANDBOX_HOST?.trim() || "127.0.0.1",
    publicUrl: env.SANDBOX_PUBLIC_URL?.trim() || undefined,
    env,
    quiet: env.SANDBOX_QUIET === "1" || env.SANDBOX_QUIET === "true",
    logSink: println,
  })

  const host = env.SANDBOX_HOST?.trim() || "127.0.0.1"
  let newdayTls: Awaited<ReturnType<typeof startNewDayTlsFromEnv>>
  try {
    newdayTls = await startNewDayTlsFromEnv(env, `${sandbox.localUrl}/newday`, host)
  } catch (error) {
    await sandbox.close()
    throw new CliError((error as Error).message)
  }

  if (newdayTls) {
    // One close() stops everything the CLI started.
    const closePlain = sandbox.close.bind(sandbox)
    sandbox.close = async () => {
      await newdayTls?.close()
      await closePlain()
    }
  }

  const width = Math.max(...sandbox.simulators.map((s) => s.name.length), "NewDay (mTLS)".length) + 2
  println(`Lender sandbox listening on ${sandbox.url}`)
  for (const sim of sandbox.simulators) println(`  ${sim.name.padEnd(width)}${sandbox.lenderUrl(sim.slug)}`)
  if (newdayTls) println(`  ${"NewDay (mTLS)".padEnd(width)}${newdayTls.url}`)
  println(`  ${"Admin".padEnd(width)}${sandbox.url}/__sandbox`)
  println("Press Ctrl+C to stop.")

  if (opts.handleSignals) {
    const stop = (signal: NodeJS.Signals): void => {
      process.off("SIGINT", stop)
      process.off("SIGTERM", stop)
      println(`${signal} received, shutting down`)
      void sandbox.close()
    }
    process.on("SIGINT", stop)
    process.on("SIGTERM", stop)
  }
  return sandbox
}

if (require.main === module) {
  main({ handleSignals: true }).catch((err: unknown) => {
    process.stderr.write(`medusa-financing-sandbox: ${(err as Error).message ?? String(err)}\n`)
    process.exitCode = 1
  })
}
