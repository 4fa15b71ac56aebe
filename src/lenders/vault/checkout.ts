// The Checkout.com leg of CHECKOUT payments: after the hosted page, the shopper's browser comes
// back with cko-* ids that anyone could type. This looks the payment up server-side
// (GET /payments/{id}, which also answers for a 3DS session id sid_…) so the redirect route
// compares what Checkout.com says with what the cart expects.
import { isLenderError } from "../errors"
import { createLenderHttp, type LenderHttp, type LenderLogger } from "../http"
import { toMinorUnits } from "../money"
import type { CheckoutPayment } from "./types"

export interface CheckoutLookupOptions {
  baseUrl: string
  secretKey: string
  logger?: LenderLogger
  timeoutMs?: number
}

// Only ids of these shapes are ever put in a URL path.
const LOOKUP_ID = /^(pay|sid)_[A-Za-z0-9]{6,64}$/

/** Statuses after which the money is the merchant's (Checkout.com's payment status enum, §8.3). */
const PAID_STATUSES = new Set(["Authorized", "Captured", "Paid", "Card Verified"])

export class CheckoutLookupClient {
  private readonly http: LenderHttp

  constructor(options: CheckoutLookupOptions) {
    this.http = createLenderHttp({
      lender: "vault",
      lenderName: "Vault (Checkout.com)",
      baseURL: options.baseUrl,
      timeoutMs: options.timeoutMs,
      logger: options.logger,
      defaultHeaders: { authorization: `Bearer ${options.secretKey}` },
      redact: { secretValues: [options.secretKey] },
      requestIdHeaders: ["cko-request-id", "x-request-id"],
    })
  }

  /** The payment for a pay_… or sid_… id, or null when Checkout.com does not know it (404 or malformed id). */
  async getPayment(id: string): Promise<CheckoutPayment | null> {
    if (!LOOKUP_ID.test(id)) return null
    try {
      const { data } = await this.http.request<CheckoutPayment>({
        operation: "checkout-payment-lookup",
        method: "GET",
        path: `/payments/${encodeURIComponent(id)}`,
      })
      return data
    } catch (error) {
      if (isLenderError(error) && error.httpStatus === 404) return null
      throw error
    }
  }

  close(): void {
    this.http.close()
  }
}

export interface CheckoutExpectation {
  amount: unknown
  currency: string
  reference: string
  paymentSessionId?: string
}

export type CheckoutCheck =
  | { ok: true }
  | {
      ok: false
      reason:
        | "not_found"
        | "declined"
        | "authentication_failed"
        | "amount_mismatch"
        | "currency_mismatch"
        | "reference_mismatch"
        | "session_mismatch"
    }

/** Compares a Checkout.com payment with what the invoice says (amount in Vault's decimal, converted to minor units). */
export function checkCheckoutPayment(payment: CheckoutPayment | null, expected: CheckoutExpectation): CheckoutCheck {
  if (!payment) return { ok: false, reason: "not_found" }
  if (payment.reference !== expected.reference) return { ok: false, reason: "reference_mismatch" }
  if (
    expected.paymentSessionId &&
    payment.payment_session_id &&
    payment.payment_session_id !== expected.paymentSessionId
  ) {
    return { ok: false, reason: "session_mismatch" }
  }
  if (String(payment.currency).toUpperCase() !== expected.currency.toUpperCase())
    return { ok: false, reason: "currency_mismatch" }
  let expectedMinor: number
  try {
    expectedMinor = toMinorUnits(String(expected.amount), expected.currency, { rounding: "reject" })
  } catch {
    return { ok: false, reason: "amount_mismatch" }
  }
  if (payment.amount !== expectedMinor) return { ok: false, reason: "amount_mismatch" }
  if (payment.approved !== true || !PAID_STATUSES.has(payment.status)) {
    const auth = payment["3ds"] as { authentication_response?: string } | undefined
    const failed3ds = auth?.authentication_response !== undefined && auth.authentication_response !== "Y"
    return { ok: false, reason: failed3ds ? "authentication_failed" : "declined" }
  }
  return { ok: true }
}
