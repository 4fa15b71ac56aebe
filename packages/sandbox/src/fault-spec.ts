// What a fault is, and the one validator both the programmatic API and the admin endpoint use,
// so a typo in a test ("stauts") fails loudly with the field named instead of silently not firing.

export type RequestFaultKind = "status" | "reset" | "no-response" | "malformed" | "delay"
export type WebhookFaultKind = "webhook-drop" | "webhook-duplicate"
export type FaultKind = RequestFaultKind | WebhookFaultKind | "latency"

export interface FaultMatch {
  /** HTTP method, case-insensitive. Ignored for webhook faults. */
  method?: string
  /**
   * Request path relative to the lender prefix (e.g. "/capture"), without the query string;
   * for webhook faults, the receiver URL. A string matches as a substring, unless it both starts
   * and ends with "/" ("/^\/capture$/"): then it is a regular expression (so "/transactions/"
   * is the regex `transactions`, which matches the same paths and a few more). RegExp objects work too.
   */
  path?: string | RegExp
}

/**
 * "before": the lender handler never runs (nothing changed server-side).
 * "after": the handler runs and its state change sticks, then the response is replaced — the
 * "lender did it but the answer was lost" case that idempotent retries must survive.
 */
export type FaultPhase = "before" | "after"

interface QueuedCommon {
  /** How many matching requests this entry affects (default 1). */
  count?: number
  match?: FaultMatch
}

export type QueuedFaultSpec =
  | (QueuedCommon & {
      kind: "status"
      status: number
      body?: unknown
      headers?: Record<string, string>
      phase?: FaultPhase
    })
  /** Destroys the socket without a response: the client sees ECONNRESET / socket hang up. */
  | (QueuedCommon & { kind: "reset"; phase?: FaultPhase })
  /** Holds the request open forever: the client must time out. */
  | (QueuedCommon & { kind: "no-response"; phase?: FaultPhase })
  /** 200, application/json, truncated JSON. Default phase "after": the truncated body is the handler's own. */
  | (QueuedCommon & { kind: "malformed"; phase?: FaultPhase })
  /** Waits `ms`, then handles the request normally. */
  | (QueuedCommon & { kind: "delay"; ms: number })
  /** The next outbound webhook(s) to a matching URL are silently not sent. */
  | (QueuedCommon & { kind: "webhook-drop" })
  /** The next outbound webhook(s) to a matching URL are delivered twice. */
  | (QueuedCommon & { kind: "webhook-duplicate" })

/** Standing, not queued: every matching response is delayed by `ms` until cleared (ms 0 clears). */
export interface LatencySpec {
  kind: "latency"
  ms: number
  match?: FaultMatch
}

export type FaultSpec = QueuedFaultSpec | LatencySpec

export class FaultSpecError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`)
    this.name = "FaultSpecError"
  }
}

const KINDS: readonly FaultKind[] = [
  "status",
  "reset",
  "no-response",
  "malformed",
  "delay",
  "latency",
  "webhook-drop",
  "webhook-duplicate",
]
const MAX_DELAY_MS = 10 * 60 * 1000

const ALLOWED_FIELDS: Record<FaultKind, readonly string[]> = {
  status: ["kind", "count", "match", "phase", "status", "body", "headers"],
  reset: ["kind", "count", "match", "phase"],
  "no-response": ["kind", "count", "match", "phase"],
  malformed: ["kind", "count", "match", "phase"],
  delay: ["kind", "count", "match", "ms"],
  latency: ["kind", "match", "ms"],
  "webhook-drop": ["kind", "count", "match"],
  "webhook-duplicate": ["kind", "count", "match"],
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof RegExp)
}

/**
 * "/^\/capture$/" → RegExp; any other string → undefined (a substring pattern). No flags in the
 * string form: "/hooks/pa" must stay a substring, not become /hooks/ with flags "pa". Pass a
 * RegExp object programmatically for flags.
 */
export function regexFromString(pattern: string): RegExp | undefined {
  if (pattern.length < 3 || !pattern.startsWith("/") || !pattern.endsWith("/")) return undefined
  return new RegExp(pattern.slice(1, -1))
}

function validateMatch(value: unknown): FaultMatch | undefined {
  if (value === undefined) return undefined
  if (!isPlainObject(value)) throw new FaultSpecError("match", "must be an object like { method?, path? }")
  for (const key of Object.keys(value)) {
    if (key !== "method" && key !== "path")
      throw new FaultSpecError(`match.${key}`, "unknown field (allowed: method, path)")
  }
  const match: FaultMatch = {}
  if (value.method !== undefined) {
    if (typeof value.method !== "string" || !/^[A-Za-z]+$/.test(value.method)) {
      throw new FaultSpecError("match.method", "must be an HTTP method such as POST")
    }
    match.method = value.method.toUpperCase()
  }
  if (value.path !== undefined) {
    if (value.path instanceof RegExp) match.path = value.path
    else if (typeof value.path !== "string" || value.path === "") {
      throw new FaultSpecError("match.path", 'must be a non-empty string (substring, or "/regex/")')
    } else {
      try {
        regexFromString(value.path)
      } catch (err) {
        throw new FaultSpecError("match.path", `invalid regular expression (${(err as Error).message})`)
      }
      match.path = value.path
    }
  }
  return match
}

function validateInteger(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new FaultSpecError(field, `must be an integer from ${min} to ${max}`)
  }
  return value
}

function validateHeaders(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined
  if (!isPlainObject(value)) throw new FaultSpecError("headers", "must be an object of header names to values")
  const headers: Record<string, string> = {}
  for (const [name, v] of Object.entries(value)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
      throw new FaultSpecError(`headers.${name}`, "is not a valid header name")
    if (typeof v !== "string" && typeof v !== "number")
      throw new FaultSpecError(`headers.${name}`, "must be a string or number")
    if (/[\r\n]/.test(String(v))) throw new FaultSpecError(`headers.${name}`, "must not contain line breaks")
    headers[name] = String(v)
  }
  return headers
}

/** Checks an untrusted fault description and returns a normalised copy (defaults filled in). */
export function parseFaultSpec(input: unknown): FaultSpec {
  if (!isPlainObject(input)) throw new FaultSpecError("body", "a fault must be a JSON object with a kind")
  const kind = input.kind
  if (typeof kind !== "string" || !KINDS.includes(kind as FaultKind)) {
    throw new FaultSpecError("kind", `must be one of ${KINDS.join(", ")}`)
  }
  const k = kind as FaultKind
  for (const key of Object.keys(input)) {
    if (!ALLOWED_FIELDS[k].includes(key)) {
      throw new FaultSpecError(key, `unknown field for kind "${k}" (allowed: ${ALLOWED_FIELDS[k].join(", ")})`)
    }
  }
  const match = validateMatch(input.match)
  if (k === "latency") {
    return { kind: k, ms: validateInteger("ms", input.ms, 0, MAX_DELAY_MS), ...(match && { match }) }
  }
  const count = input.count === undefined ? 1 : validateInteger("count", input.count, 1, 1_000_000)
  const common = { count, ...(match && { match }) }
  if (k === "delay") return { kind: k, ...common, ms: validateInteger("ms", input.ms, 0, MAX_DELAY_MS) }
  if (k === "webhook-drop" || k === "webhook-duplicate") return { kind: k, ...common }

  if (input.phase !== undefined && input.phase !== "before" && input.phase !== "after") {
    throw new FaultSpecError("phase", 'must be "before" or "after"')
  }
  const phase = (input.phase as FaultPhase | undefined) ?? (k === "malformed" ? "after" : "before")
  if (k === "status") {
    const headers = validateHeaders(input.headers)
    return {
      kind: k,
      ...common,
      phase,
      status: validateInteger("status", input.status, 200, 599),
      ...(input.body !== undefined && { body: input.body }),
      ...(headers && { headers }),
    }
  }
  return { kind: k, ...common, phase }
}

/** True when `match` selects this request (or webhook URL, with method undefined). */
export function matches(match: FaultMatch | undefined, method: string | undefined, path: string): boolean {
  if (!match) return true
  if (match.method && method !== undefined && match.method !== method.toUpperCase()) return false
  if (match.path === undefined) return true
  const regex = match.path instanceof RegExp ? match.path : regexFromString(match.path)
  if (regex) {
    regex.lastIndex = 0 // a caller's /g or /y RegExp keeps state between test() calls
    return regex.test(path)
  }
  return path.includes(match.path as string)
}
