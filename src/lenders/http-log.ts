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

/** Whether a line at `level` would be written: redacting a lender's body for a line nobody keeps is wasted work. */
export function willLog(logger: LenderLogger | undefined, level: LogLevel): boolean {
  if (!logger?.[level]) return false
  try {
    return typeof logger.shouldLog === "function" ? logger.shouldLog(level) !== false : true
  } catch {
    return true
  }
}

/** `meta` is built only when the line will be written (it redacts request and response bodies). */
export function writeLog(
  logger: LenderLogger | undefined,
  level: LogLevel,
  summary: string,
  metaOf: () => Record<string, unknown>,
  scrub: (text: string) => string,
): void {
  if (!willLog(logger, level)) return
  const write = logger![level]!
  const meta = metaOf()
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
