/**
 * Checks that a 2xx body is what NewDay's API promises before anyone relies on it: a settle
 * without a transactionId would leave money we can never refund. A broken body is a
 * "malformed" LenderError naming the field (the call is NOT retried: NewDay may have acted).
 */
import { LenderError } from "../errors"
import { LENDER_NAMES } from "../slugs"
import { fromNewDayMoney, NewDayMoneyError } from "./money"
import type { AuthoriseResponse, InitiateResponse, RefundResponse, ReverseResponse, SettleResponse, SpendOptionsResponse } from "./types"

function malformed(operation: string, description: string): LenderError {
  return new LenderError({ lender: "newday", lenderName: LENDER_NAMES.newday, operation, kind: "malformed", description })
}

function object(operation: string, data: unknown): Record<string, unknown> {
  if (!data || typeof data !== "object" || Array.isArray(data)) throw malformed(operation, "response body is not a JSON object")
  return data as Record<string, unknown>
}

function text(operation: string, body: Record<string, unknown>, field: string): string {
  const value = body[field]
  if (typeof value !== "string" || !value) throw malformed(operation, `response has no ${field}`)
  return value
}

export function validateSpendOptions(operation: string, data: unknown): SpendOptionsResponse {
  const body = object(operation, data)
  if (!Array.isArray(body.options)) throw malformed(operation, "response has no options array")
  for (const [index, option] of body.options.entries()) {
    const o = object(operation, option)
    if (typeof o.name !== "string" || typeof o.spendType !== "string") {
      throw malformed(operation, `options[${index}] has no name or spendType`)
    }
  }
  return body as unknown as SpendOptionsResponse
}

export function validateInitiate(operation: string, data: unknown): InitiateResponse {
  const body = object(operation, data)
  const scaStatus = text(operation, body, "scaStatus")
  const scaToken = text(operation, body, "scaToken")
  if (scaStatus === "Required" && typeof body.widgetUrl !== "string") {
    throw malformed(operation, "SCA is required but the response has no widgetUrl")
  }
  return { scaStatus, scaToken, ...(typeof body.widgetUrl === "string" ? { widgetUrl: body.widgetUrl } : {}) }
}

export function validateAuthorise(operation: string, data: unknown): AuthoriseResponse {
  const body = object(operation, data)
  const result = text(operation, body, "result")
  if (result === "Authorised") text(operation, body, "authorisationId")
  return {
    result,
    authorisationId: typeof body.authorisationId === "string" ? body.authorisationId : null,
    declineReason: typeof body.declineReason === "string" ? body.declineReason : null,
  }
}

export function validateSettle(operation: string, data: unknown): SettleResponse {
  return { transactionId: text(operation, object(operation, data), "transactionId") }
}

export function validateRefund(operation: string, data: unknown): RefundResponse {
  return { refundTransactionId: text(operation, object(operation, data), "refundTransactionId") }
}

export function validateReverse(operation: string, data: unknown, currency: string): ReverseResponse & { remainingFloatMinor: number } {
  const body = object(operation, data)
  const authorisationReversalId = text(operation, body, "authorisationReversalId")
  let remainingFloatMinor: number
  try {
    remainingFloatMinor = fromNewDayMoney(body.remainingFloat, "remainingFloat", currency)
  } catch (err) {
    throw malformed(operation, err instanceof NewDayMoneyError ? `response ${err.message}` : "response has no remainingFloat")
  }
  return { authorisationReversalId, remainingFloat: body.remainingFloat as ReverseResponse["remainingFloat"], remainingFloatMinor }
}
