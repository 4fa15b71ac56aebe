import type { LenderLogger } from "./http-types"

/**
 * Medusa's logger takes a single string (the second argument is dropped), so everything an
 * operator needs goes into the message itself; the same, already-redacted, details also
 * go as `meta` for loggers that keep structured data.
 */

const MAX_DETAILS_CHARS = 4000

export type LogLevel = "debug" | "info" | "warn"

function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>()
  try {
    return JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === "bigint") {
        return v.toString()
      }
      if (v instanceof Map) {
        return Object.fromEntries(v)
      }
      if (v instanceof Set) {
        return [...v]
      }
      if (v && typeof v === "object") {
        if (seen.has(v)) {
          return "[Circular]"
        }
        seen.add(v)
      }
      return v
    })
  } catch {
    return "[unserialisable]"
  }
}

export function writeLog(
  logger: LenderLogger | undefined,
  level: LogLevel,
  summary: string,
  meta: Record<string, unknown>,
  scrub: (text: string) => string,
): void {
  const write = logger?.[level]
  if (!write) {
    return
  }
  // Scrub the serialised form so per-request secrets (a customer token echoed in a body
  // under an innocent key) are caught too; the replacement keeps the JSON valid.
  const scrubbed = scrub(safeStringify(meta))
  let structured: unknown = scrubbed
  try {
    structured = JSON.parse(scrubbed)
  } catch {
    // keep the string
  }
  const details =
    scrubbed.length > MAX_DETAILS_CHARS ? `${scrubbed.slice(0, MAX_DETAILS_CHARS)}… (truncated)` : scrubbed
  try {
    write.call(logger, `${scrub(summary)} ${details}`, structured)
  } catch {
    // A broken logger must never turn a successful payment call into a failure.
  }
}
