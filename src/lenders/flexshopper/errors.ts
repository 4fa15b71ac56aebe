// FlexShopper's error envelope and which of its codes mean "the shopper was refused" (a credit
// decision) rather than a technical or merchant-side failure.
import type { LenderErrorEnvelope } from "../http-types"

/**
 * Documented codes of a consumer-side refusal (a lease above the spending limit, a payment the
 * shopper must make). Declines, failed identity checks and spending holds are read from the
 * documented Get User Info fields (decision.status, verificationStatus, spendingHold) before a
 * lease is offered, never from an error code no document lists.
 */
export const DECLINE_CODES = new Set(["ExceedSpendingLimitError", "PaymentRequired"])

export function parseFlexShopperError(status: number, body: unknown): LenderErrorEnvelope | undefined {
  const error = (body as { error?: unknown } | null)?.error
  if (!error || typeof error !== "object") return undefined
  const { code, message } = error as { code?: unknown; message?: unknown }
  const lenderCode = typeof code === "string" && code ? code : undefined
  return {
    code: lenderCode,
    message: typeof message === "string" ? message : undefined,
    declined: (lenderCode !== undefined && DECLINE_CODES.has(lenderCode)) || status === 402,
  }
}
