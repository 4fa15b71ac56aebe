/** Header plumbing for http.ts. */

export function findHeader(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) {
    return undefined
  }
  const wanted = name.toLowerCase()
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) {
      return value
    }
  }
  return undefined
}

export function pickHeader(headers: Record<string, string>, names: string[]): string | undefined {
  for (const name of names) {
    if (headers[name]) {
      return headers[name]
    }
  }
  return undefined
}

/** Later sources win, compared case-insensitively (HTTP header names are). */
export function mergeHeaders(...sources: Array<Record<string, string> | undefined>): Record<string, string> {
  const merged = new Map<string, [string, string]>()
  for (const source of sources) {
    for (const [name, value] of Object.entries(source ?? {})) {
      if (value !== undefined) {
        merged.set(name.toLowerCase(), [name, value])
      }
    }
  }
  return Object.fromEntries(merged.values())
}

export function sensitiveHeaderValues(
  headers: Record<string, string> | undefined,
  isSensitive: (name: string) => boolean,
): string[] {
  const values: string[] = []
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value === "string" && isSensitive(name) && value.length >= 4) {
      values.push(value)
      const credential = value.replace(/^(Bearer|Basic)\s+/i, "")
      if (credential !== value && credential.length >= 4) {
        values.push(credential)
      }
    }
  }
  return values.sort((a, b) => b.length - a.length)
}

/** Applies a text scrubber to every string inside a JSON-safe value. */
export function scrubDeep<T>(value: T, scrub: (text: string) => string): T {
  try {
    return JSON.parse(scrub(JSON.stringify(value))) as T
  } catch {
    return value
  }
}
