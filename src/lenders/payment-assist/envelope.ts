// The `{ status: "ok" | "error", msg, data }` envelope (spec §2.1). The SDKs treat `error` as a
// refusal even with a 2xx code and anything but `ok` as unexpected, so we check both the HTTP
// code (the HTTP layer) and `status` (here). `data` may be an object, `[]` or null.
import { LenderError } from "../errors"
import type { LenderErrorEnvelope, LenderResponse } from "../http"

const WHO = { lender: "payment-assist", lenderName: "Payment Assist" } as const

interface Envelope {
  status?: unknown
  msg?: unknown
  data?: unknown
}

export function readEnvelope<T>(operation: string, response: LenderResponse<unknown>): T {
  const body = response.data as Envelope | undefined
  const fail = (kind: "http" | "malformed", description: string, lenderMessage?: string) =>
    new LenderError({
      ...WHO,
      operation,
      kind,
      httpStatus: response.status,
      description,
      lenderMessage,
      correlationId: response.correlationId,
      attempts: response.attempts,
    })
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw fail("malformed", "response is not a Payment Assist envelope")
  }
  if (body.status === "error") {
    throw fail("http", "the API answered with an error envelope", typeof body.msg === "string" ? body.msg : undefined)
  }
  if (body.status !== "ok") {
    throw fail("malformed", `unexpected envelope status ${JSON.stringify(body.status)}`)
  }
  const data = body.data
  // PHP serialises an empty associative array as [] (spec §2.1).
  if (data === null || data === undefined || (Array.isArray(data) && data.length === 0)) return {} as T
  if (typeof data !== "object" || Array.isArray(data)) {
    throw fail("malformed", "envelope data is not an object")
  }
  return data as T
}

/** For the HTTP layer: the lender's `msg` becomes the error message. */
export function parsePaymentAssistError(_status: number, body: unknown): LenderErrorEnvelope | undefined {
  if (!body || typeof body !== "object") return undefined
  const envelope = body as Envelope
  if (envelope.status !== "error") return undefined
  return { message: typeof envelope.msg === "string" ? envelope.msg : undefined }
}
