import type { LenderErrorEnvelope, LenderMultipart, LenderRequest } from "./http-types"

/** Request / response body handling for http.ts: encoding, decoding, error envelopes. */

export interface EncodedBody {
  data?: string | FormData
  contentType?: string
  /** What the log shows instead of the wire bytes (redacted later). */
  forLog?: unknown
}

export function encodeRequestBody(req: LenderRequest): EncodedBody {
  if (req.json !== undefined) {
    return { data: JSON.stringify(req.json), contentType: "application/json", forLog: req.json }
  }
  if (req.form !== undefined) {
    return {
      data: new URLSearchParams(req.form).toString(),
      contentType: "application/x-www-form-urlencoded",
      forLog: req.form,
    }
  }
  if (req.multipart !== undefined) {
    if (isLenderMultipart(req.multipart)) {
      return { data: toFormData(req.multipart), forLog: describeMultipart(req.multipart) }
    }
    // A ready FormData: the transport serialises it and sets the content-type with its boundary.
    return { data: req.multipart, forLog: "[FormData]" }
  }
  return {}
}

function isLenderMultipart(value: unknown): value is LenderMultipart {
  const candidate = value as Partial<LenderMultipart>
  return Boolean(candidate && typeof candidate.fields === "object" && Array.isArray(candidate.files))
}

function toFormData(multipart: LenderMultipart): FormData {
  const form = new FormData()
  for (const [name, value] of Object.entries(multipart.fields)) {
    form.append(name, value)
  }
  for (const file of multipart.files) {
    form.append(file.field, new Blob([new Uint8Array(file.data)], { type: file.contentType }), file.filename)
  }
  return form
}

function describeMultipart(multipart: LenderMultipart): unknown {
  return {
    fields: multipart.fields,
    files: multipart.files.map((f) => ({
      field: f.field,
      filename: f.filename,
      contentType: f.contentType,
      bytes: f.data.length,
    })),
  }
}

export function buildPathWithQuery(path: string, query: LenderRequest["query"]): string {
  if (!query) {
    return path
  }
  const pairs: string[] = []
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) {
      continue
    }
    pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
  }
  if (pairs.length === 0) {
    return path
  }
  return `${path}${path.includes("?") ? "&" : "?"}${pairs.join("&")}`
}

/** Lower-case names, one string per header (repeats joined) — easy to read and to log. */
export function normalizeHeaders(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!raw || typeof raw !== "object") {
    return out
  }
  const withToJSON = raw as { toJSON?: () => unknown }
  const source = (typeof withToJSON.toJSON === "function" ? withToJSON.toJSON() : raw) as Record<string, unknown>
  for (const [name, value] of Object.entries(source ?? {})) {
    if (value === undefined || value === null) {
      continue
    }
    out[name.toLowerCase()] = Array.isArray(value) ? value.map(String).join(", ") : String(value)
  }
  return out
}

export function claimsJson(contentType: string | undefined): boolean {
  return Boolean(contentType && /[/+]json\b/i.test(contentType))
}

export type DecodedBody = { ok: true; data: unknown; text: string } | { ok: false; text: string; reason: string }

/**
 * A body that claims JSON but does not parse is an error, never a string: a lender client would
 * otherwise read `undefined` fields off a string and carry on.
 */
export function decodeBody(
  raw: Buffer,
  contentType: string | undefined,
  responseType: LenderRequest["responseType"],
): DecodedBody {
  if (responseType === "buffer") {
    return { ok: true, data: raw, text: "" }
  }
  const text = raw.toString("utf8")
  if (responseType === "text") {
    return { ok: true, data: text, text }
  }
  if (text.trim() === "") {
    return { ok: true, data: undefined, text }
  }
  try {
    return { ok: true, data: JSON.parse(text), text }
  } catch {
    const reason = claimsJson(contentType)
      ? "response body claims to be JSON but does not parse"
      : `expected a JSON response, got ${contentType ? contentType.split(";")[0] : "no content type"}`
    return { ok: false, text, reason }
  }
}

/** For error bodies: JSON when it parses, otherwise the text (an HTML error page, say). */
export function decodeErrorBody(raw: Buffer): unknown {
  const text = raw.toString("utf8")
  if (text.trim() === "") {
    return undefined
  }
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function str(value: unknown): string | undefined {
  if (typeof value === "string" && value.trim() !== "") {
    return value
  }
  if (typeof value === "number") {
    return String(value)
  }
  return undefined
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}

/**
 * Error shapes seen across the four lenders and common APIs:
 * - `{ error: { code, message } }`                    FlexShopper, Stripe-like
 * - `{ error: "COMMON", message, errorId }`           Vault
 * - `{ status: "error", msg }`                        Payment Assist
 * - `{ type, title, status, detail }` (RFC 7807)      NewDay
 * - `{ error, error_description }`                    OAuth token endpoints
 * - `{ errors: [{ code, message }] }`, `{ code, message }`, `{ message }`
 */
export function parseCommonErrorEnvelope(body: unknown): LenderErrorEnvelope {
  const root = record(body)
  if (!root) {
    return {}
  }
  const nested = record(root.error)
  const firstOfList = Array.isArray(root.errors) ? record(root.errors[0]) : undefined
  const problemType = str(root.type)
  const isProblem = problemType !== undefined && (root.title !== undefined || root.detail !== undefined)

  const code =
    str(nested?.code) ??
    (isProblem && problemType !== "about:blank" ? problemType : undefined) ??
    str(root.code) ??
    str(root.errorCode) ??
    str(root.error) ??
    str(firstOfList?.code)

  const message =
    str(nested?.message) ??
    (isProblem ? (str(root.detail) ?? str(root.title)) : undefined) ??
    str(root.message) ??
    str(root.msg) ??
    str(root.error_description) ??
    str(root.errorMessage) ??
    str(firstOfList?.message)

  const requestId = str(root.requestId) ?? str(root.request_id) ?? str(root.traceId) ?? str(nested?.requestId)

  return { code, message, requestId }
}

/** Stack traces some lenders put in error bodies (Vault's errorStackTrace) help nobody here. */
const NOISE_KEYS = new Set(["stack", "stacktrace", "errorstacktrace", "trace", "exception"])

export function withoutStackTraces(body: unknown): unknown {
  const root = record(body)
  if (!root) {
    return body
  }
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(root)) {
    if (!NOISE_KEYS.has(key.toLowerCase())) {
      out[key] = record(value) ? withoutStackTraces(value) : value
    }
  }
  return out
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text
}
