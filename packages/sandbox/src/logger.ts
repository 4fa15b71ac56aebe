// Plain one-line logs for the demo terminal; silent in tests (quiet) so jest output stays clean.
import type { SandboxLogger } from "./types"

export type LogSink = (line: string) => void

export function createLogger(
  opts: { quiet?: boolean; debug?: boolean; sink?: LogSink; prefix?: string } = {},
): SandboxLogger {
  const sink = opts.sink ?? ((line: string) => process.stdout.write(`${line}\n`))
  const prefix = opts.prefix ? `[sandbox:${opts.prefix}]` : "[sandbox]"
  const write = (level: string, message: string, data?: Record<string, unknown>): void => {
    if (opts.quiet) return
    const suffix = data && Object.keys(data).length > 0 ? ` ${JSON.stringify(data)}` : ""
    sink(`${prefix}${level === "info" ? "" : ` ${level.toUpperCase()}`} ${message}${suffix}`)
  }
  return {
    debug: (message, data) => {
      if (opts.debug) write("debug", message, data)
    },
    info: (message, data) => write("info", message, data),
    warn: (message, data) => write("warn", message, data),
    error: (message, data) => write("error", message, data),
  }
}
