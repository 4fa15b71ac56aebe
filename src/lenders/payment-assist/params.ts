// Turns typed request objects into the flat string parameters Payment Assist signs and receives,
// and checks the documented rules before anything is sent (spec §7), so a bad request fails with
// the field's name instead of a lender 400.
import type { SignableParams } from "./signing"

export const MAX_STRING_LENGTH = 255

export type ParamValue = string | number | boolean | undefined | null

/**
 * Form-encoding rules shared with the official Go SDK (integration-tested against the demo API):
 * integers as plain decimals, booleans as `true`/`false`, and empty or absent values dropped from
 * both the request and the signature.
 */
export function toWireParams(input: Record<string, ParamValue>): SignableParams {
  const out: SignableParams = {}
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined || value === null) continue
    const text = typeof value === "boolean" ? (value ? "true" : "false") : String(value)
    if (text === "") continue
    out[name] = text
  }
  return out
}

/** Returns the first problem as `field: reason`, or undefined. */
export type ParamCheck = (params: Record<string, ParamValue>) => string | undefined

export function requireFields(...names: string[]): ParamCheck {
  return (params) => {
    for (const name of names) {
      const value = params[name]
      if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
        return `${name} is required`
      }
    }
    return undefined
  }
}

export function positivePence(name: string, required = true): ParamCheck {
  return (params) => {
    const value = params[name]
    if (value === undefined || value === null) return required ? `${name} is required` : undefined
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
      return `${name} must be a whole number of pence greater than 0`
    }
    return undefined
  }
}

export function nonNegativeInteger(name: string): ParamCheck {
  return (params) => {
    const value = params[name]
    if (value === undefined || value === null) return undefined
    return typeof value === "number" && Number.isSafeInteger(value) && value >= 0
      ? undefined
      : `${name} must be a whole number of 0 or more`
  }
}

export function maxLengths(): ParamCheck {
  return (params) => {
    for (const [name, value] of Object.entries(params)) {
      if (typeof value === "string" && [...value].length > MAX_STRING_LENGTH) {
        return `${name} must be at most ${MAX_STRING_LENGTH} characters`
      }
    }
    return undefined
  }
}

export function firstProblem(params: Record<string, ParamValue>, checks: ParamCheck[]): string | undefined {
  for (const check of checks) {
    const problem = check(params)
    if (problem) return problem
  }
  return undefined
}
