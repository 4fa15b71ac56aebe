/**
 * Errors raised by the money helpers. A dedicated class lets providers turn an amount
 * problem into a MedusaError (INVALID_DATA) without string-matching messages.
 */
export class MoneyError extends Error {
  override readonly name = "MoneyError"
}

const MAX_QUOTED_CHARS = 40

/**
 * Names what a caller passed without dumping it: objects may be whole carts or sessions
 * (PII, tokens), so only their kind and class name are shown; strings are truncated.
 */
export function describeValue(value: unknown): string {
  if (value === null) return "null"
  if (Array.isArray(value)) return "array"
  switch (typeof value) {
    case "string": {
      const shown = value.length > MAX_QUOTED_CHARS ? `${value.slice(0, MAX_QUOTED_CHARS)}…` : value
      return `string ${JSON.stringify(shown)}`
    }
    case "number":
      return `number ${String(value)}`
    case "object": {
      const className = (value as object).constructor?.name
      return className && className !== "Object" ? `object (${className})` : "object"
    }
    default:
      return typeof value
  }
}
