// Reading and validating request parameters as Payment Assist's server would (spec §5, §7):
// values arrive as strings (form, multipart, query) or JSON values, are at most 255 characters,
// amounts are integer pence > 0.
import { invalid } from "./envelope"

const MAX_LENGTH = 255

export class Params {
  constructor(private readonly raw: Record<string, unknown>) {}

  has(name: string): boolean {
    const v = this.raw[name]
    return v !== undefined && v !== null && v !== ""
  }

  optionalString(name: string): string | undefined {
    if (!this.has(name)) return undefined
    const v = this.raw[name]
    if (typeof v !== "string" && typeof v !== "number") throw invalid(name, `The ${name} field must be a string.`)
    const text = String(v)
    if ([...text].length > MAX_LENGTH)
      throw invalid(name, `The ${name} field may not be greater than ${MAX_LENGTH} characters.`)
    return text
  }

  string(name: string): string {
    const text = this.optionalString(name)
    if (text === undefined || text.trim() === "") throw invalid(name, `The ${name} field is required.`)
    return text
  }

  optionalInteger(name: string, { min = 0 } = {}): number | undefined {
    if (!this.has(name)) return undefined
    const v = this.raw[name]
    const text = typeof v === "number" ? (Number.isInteger(v) ? String(v) : "x") : String(v)
    if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
      throw invalid(name, `The ${name} field must be an integer.`)
    const n = Number(text)
    if (n < min) throw invalid(name, `The ${name} field must be at least ${min}.`)
    return n
  }

  integer(name: string, opts: { min?: number } = {}): number {
    const n = this.optionalInteger(name, opts)
    if (n === undefined) throw invalid(name, `The ${name} field is required.`)
    return n
  }

  boolean(name: string, fallback: boolean): boolean {
    if (!this.has(name) && this.raw[name] !== false) return fallback
    const v = this.raw[name]
    if (v === true || v === 1 || v === "true" || v === "1" || v === "True") return true
    if (v === false || v === 0 || v === "false" || v === "0" || v === "False" || v === "") return false
    throw invalid(name, `The ${name} field must be true or false.`)
  }

  /** The raw echo of a field, as the API echoes form values back (strings stay strings). */
  echo(name: string): unknown {
    return this.raw[name]
  }
}
