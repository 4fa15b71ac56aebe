// Vault's error body (spec §4): { error, errorId, message, field?, systemId, data? } with the
// request id in the x-request-id header. The Spring OAuth layer in front of it answers token
// problems as { error: "invalid_token", error_description }.
import type { LenderErrorEnvelope } from "../http-types"

/** [INFERRED] codes proposed by the spec for the invoice endpoints. */
export const VAULT_ERROR_CODES = {
  INVOICE_NOT_FOUND: "INVOICE_NOT_FOUND",
  PAYMENT_NOT_FOUND: "PAYMENT_NOT_FOUND",
  ACCOUNT_REQUIRED: "ACCOUNT_REQUIRED",
  ACCOUNT_NOT_FOUND: "ACCOUNT_NOT_FOUND",
  INSUFFICIENT_FUNDS: "INSUFFICIENT_FUNDS",
  CURRENCY_MISMATCH: "CURRENCY_MISMATCH",
  INVALID_DISCOUNT_CODE: "INVALID_DISCOUNT_CODE",
  INVALID_PAYMENT_STATE: "INVALID_PAYMENT_STATE",
  INVALID_CREDENTIALS: "INVALID_CREDENTIALS",
} as const

/** Refusals of the shopper's payment (as opposed to our mistakes or Vault outages). */
const DECLINES = new Set<string>([VAULT_ERROR_CODES.INSUFFICIENT_FUNDS, VAULT_ERROR_CODES.CURRENCY_MISMATCH])

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() ? value : undefined
}

export function parseVaultError(
  _status: number,
  body: unknown,
  headers: Record<string, string>,
): LenderErrorEnvelope | undefined {
  if (typeof body !== "object" || body === null) return undefined
  const root = body as Record<string, unknown>
  const code = text(root.error)
  const field = text(root.field)
  const baseMessage = text(root.message) ?? text(root.error_description)
  if (!code && !baseMessage) return undefined
  const message =
    baseMessage && field && !baseMessage.includes(field) ? `${baseMessage} (field: ${field})` : baseMessage
  return {
    code,
    message,
    requestId: headers["x-request-id"],
    declined: code ? DECLINES.has(code) : false,
  }
}
