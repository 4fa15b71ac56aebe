import { createSensitiveKeyMatcher } from "./redact-keys"

/**
 * Scrubs secrets and personal data out of anything on its way to a log line or an error
 * message. Two complementary nets:
 * - by NAME: a value under a sensitive key / header / query parameter is replaced whatever
 *   it looks like (see redact-keys.ts);
 * - by VALUE: the configured secrets (API keys, client secrets…) are replaced wherever they
 *   appear in free text, so a lender that echoes a key inside an error message can't leak it.
 * Every method returns a copy; inputs are never mutated.
 */

export const REDACTED = "[REDACTED]"

/** Shorter "secrets" would shred ordinary text (and no real credential is that short). */
const MIN_SECRET_LENGTH = 4
const MAX_DEPTH = 32

export interface RedactorOptions {
  /** Extra body / query field names to redact, on top of the defaults. */
  fields?: string[]
  /** Extra header names to redact, on top of the defaults. */
  headers?: string[]
  /** Literal secret values to scrub from any text (API keys, client secrets…). */
  secretValues?: string[]
}

export type HeaderValue = string | number | boolean | string[] | undefined | null

export interface Redactor {
  object<T>(value: T): T
  headers(headers: Record<string, unknown> | undefined | null): Record<string, HeaderValue>
  url(url: string): string
  text(text: string): string
  addSecretValues(values: Array<string | undefined | null>): void
}

const BEARER_PATTERN = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi
const JWT_PATTERN = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g
/** `"name": "value"` / `"name": 123` fragments of JSON that reached us as text. */
const JSON_PAIR_PATTERN = /"([^"\\]{1,64})"(\s*:\s*)("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*)/g
/** `name=value` fragments of query strings / form bodies inside text. */
const ASSIGNMENT_PATTERN = /([A-Za-z][A-Za-z0-9_.-]{0,63})=([^&\s"'<>]+)/g
/** `name: value` fragments such as a header dump. */
const COLON_PATTERN = /([A-Za-z][A-Za-z0-9_-]{0,63}):[ \t]*([^\s,;"'}]+)/g

/** A flag reveals nothing, and names like `withToken` / `hasSsn` are flags. */
const isFlagText = (value: string) => value === "true" || value === "false"

export function createRedactor(options: RedactorOptions = {}): Redactor {
  const isSensitive = createSensitiveKeyMatcher([...(options.fields ?? []), ...(options.headers ?? [])])
  // Longest first so a secret containing another secret is replaced whole.
  let secrets: string[] = []

  function addSecretValues(values: Array<string | undefined | null>): void {
    const next = new Set(secrets)
    for (const value of values) {
      if (typeof value !== "string" || value.length < MIN_SECRET_LENGTH) {
        continue
      }
      next.add(value)
      // Secrets also travel URL-encoded (query strings, form bodies).
      const encoded = encodeURIComponent(value)
      if (encoded !== value) {
        next.add(encoded)
      }
    }
    secrets = [...next].sort((a, b) => b.length - a.length)
  }

  function text(input: string): string {
    if (typeof input !== "string" || input === "") {
      return input
    }
    let out = input
    for (const secret of secrets) {
      if (out.includes(secret)) {
        out = out.split(secret).join(REDACTED)
      }
    }
    out = out.replace(BEARER_PATTERN, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    out = out.replace(JWT_PATTERN, REDACTED)
    out = out.replace(JSON_PAIR_PATTERN, (match, key: string, sep: string) =>
      isSensitive(key) ? `"${key}"${sep}"${REDACTED}"` : match,
    )
    out = out.replace(ASSIGNMENT_PATTERN, (match, key: string, value: string) =>
      isSensitive(key) && value !== REDACTED && !isFlagText(value) ? `${key}=${REDACTED}` : match,
    )
    out = out.replace(COLON_PATTERN, (match, key: string, value: string) =>
      isSensitive(key) && !value.startsWith("[REDACTED") ? `${key}: ${REDACTED}` : match,
    )
    return out
  }

  function url(input: string): string {
    if (typeof input !== "string" || input === "") {
      return input
    }
    const hashAt = input.indexOf("#")
    const beforeHash = hashAt >= 0 ? input.slice(0, hashAt) : input
    const hash = hashAt >= 0 ? input.slice(hashAt) : ""
    const queryAt = beforeHash.indexOf("?")
    let base = queryAt >= 0 ? beforeHash.slice(0, queryAt) : beforeHash
    const query = queryAt >= 0 ? beforeHash.slice(queryAt + 1) : undefined

    base = base.replace(/\/\/([^/@:]*):([^/@]*)@/, `//$1:${REDACTED}@`)
    let out = base
    if (query !== undefined) {
      const pairs = query.split("&").map((pair) => {
        const eq = pair.indexOf("=")
        const rawKey = eq >= 0 ? pair.slice(0, eq) : pair
        let key = rawKey
        try {
          key = decodeURIComponent(rawKey.replace(/\+/g, " "))
        } catch {
          // A malformed escape is still a key worth checking as-is.
        }
        const value = eq >= 0 ? pair.slice(eq + 1) : ""
        return eq >= 0 && isSensitive(key) && !isFlagText(value) ? `${rawKey}=${REDACTED}` : pair
      })
      out += `?${pairs.join("&")}`
    }
    return text(out + hash)
  }

  function headers(input: Record<string, unknown> | undefined | null): Record<string, HeaderValue> {
    const out: Record<string, HeaderValue> = {}
    if (!input || typeof input !== "object") {
      return out
    }
    const source = plainHeaders(input)
    for (const [name, value] of Object.entries(source)) {
      if (value === undefined || value === null) {
        out[name] = value
      } else if (isSensitive(name)) {
        out[name] = REDACTED
      } else if (Array.isArray(value)) {
        out[name] = value.map((v) => text(String(v)))
      } else if (typeof value === "number" || typeof value === "boolean") {
        out[name] = value
      } else {
        out[name] = text(String(value))
      }
    }
    return out
  }

  function walk(value: unknown, ancestors: object[], depth: number): unknown {
    switch (typeof value) {
      case "string":
        return text(value)
      case "number":
      case "boolean":
      case "bigint":
      case "undefined":
        return value
      case "symbol":
        return value.toString()
      case "function":
        return undefined
    }
    if (value === null) {
      return null
    }
    const obj = value as object
    if (ancestors.includes(obj)) {
      return "[Circular]"
    }
    if (depth >= MAX_DEPTH) {
      return "[Truncated]"
    }
    if (Buffer.isBuffer(obj) || obj instanceof Uint8Array || obj instanceof ArrayBuffer) {
      return `[binary ${(obj as Uint8Array | ArrayBuffer).byteLength} bytes]`
    }
    if (obj instanceof Date) {
      return new Date(obj.getTime())
    }
    if (typeof FormData !== "undefined" && obj instanceof FormData) {
      return "[FormData]"
    }
    const nextAncestors = [...ancestors, obj]
    if (Array.isArray(obj)) {
      return obj.map((item) => walk(item, nextAncestors, depth + 1))
    }
    if (obj instanceof URLSearchParams) {
      return url(`?${obj.toString()}`).slice(1)
    }
    if (obj instanceof Map) {
      const copy = new Map<unknown, unknown>()
      for (const [k, v] of obj) {
        copy.set(k, walkEntry(String(k), v, nextAncestors, depth))
      }
      return copy
    }
    if (obj instanceof Set) {
      return new Set([...obj].map((item) => walk(item, nextAncestors, depth + 1)))
    }
    if (obj instanceof Error) {
      const copy: Record<string, unknown> = { name: obj.name, message: text(obj.message) }
      for (const [k, v] of Object.entries(obj)) {
        copy[text(k)] = walkEntry(k, v, nextAncestors, depth)
      }
      return copy
    }
    const withToJSON = obj as { toJSON?: () => unknown }
    if (typeof withToJSON.toJSON === "function") {
      return walk(withToJSON.toJSON(), nextAncestors, depth + 1)
    }
    const copy: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(obj)) {
      copy[text(k)] = walkEntry(k, v, nextAncestors, depth)
    }
    return copy
  }

  function walkEntry(key: string, value: unknown, ancestors: object[], depth: number): unknown {
    // Keep "absent" visible (hiding a null/empty credential would mask a config bug), and
    // booleans: a flag reveals nothing.
    const revealsNothing = value === undefined || value === null || value === "" || typeof value === "boolean"
    if (isSensitive(key) && !revealsNothing) {
      return REDACTED
    }
    return walk(value, ancestors, depth + 1)
  }

  addSecretValues(options.secretValues ?? [])

  return {
    object: <T>(value: T): T => walk(value, [], 0) as T,
    headers,
    url,
    text,
    addSecretValues,
  }
}

function plainHeaders(input: object): Record<string, unknown> {
  // AxiosHeaders and similar wrappers expose their entries through toJSON.
  const withToJSON = input as { toJSON?: () => unknown }
  if (typeof withToJSON.toJSON === "function") {
    const json = withToJSON.toJSON()
    if (json && typeof json === "object") {
      return json as Record<string, unknown>
    }
  }
  return input as Record<string, unknown>
}
