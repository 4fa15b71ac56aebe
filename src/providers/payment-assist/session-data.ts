// What a Payment Assist payment session's `data` holds. It is visible to the storefront, so it
// carries only the application's public references and the applicant details the shopper typed
// (needed again if a higher amount requires a new application) — never credentials.
import { MedusaError } from "@medusajs/framework/utils"
import type { Applicant } from "../../lenders/payment-assist/types"

/** What /begin needs: the applicant with the e-mail address Payment Assist requires there. */
export type BeginApplicant = Applicant & { email: string }

export interface PaymentAssistSessionData {
  session_id?: string
  cart_id?: string
  applicant?: Applicant
  /** Application token (Payment Assist's reference). */
  token?: string
  /** The hosted application page: send the shopper here. */
  redirect_url?: string
  expires_at?: string
  /** Last status read from Payment Assist. */
  application_status?: string
  /** Amount of the application, integer pence. */
  amount_pence?: number
  /** The order_id sent to /begin (unique per application). */
  lender_order_id?: string
  /** Customer-facing loan reference, once completed. */
  pa_ref?: string | null
  auto_capture?: boolean
  /** Refunds recorded in manual-refund mode, for the dealer dashboard. */
  manual_refunds?: Array<{ amount: string; recorded_at: string; refund_id?: string }>
  [key: string]: unknown
}

const REQUIRED: Array<[keyof Applicant, string]> = [
  ["f_name", "first name"],
  ["s_name", "surname"],
  ["addr1", "first address line"],
  ["postcode", "postcode"],
  // Required on /begin (GitBook methods/begin.md).
  ["email", "e-mail address"],
]
const OPTIONAL: Array<keyof Applicant> = ["addr2", "addr3", "town", "county", "telephone"]

/** The applicant from session data, or a clear INVALID_DATA naming the missing field. */
export function applicantFrom(data: Record<string, unknown> | undefined): BeginApplicant {
  const raw = data?.applicant
  if (!raw || typeof raw !== "object") {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "Payment Assist needs the applicant in the payment session data (data.applicant with f_name, s_name, addr1, postcode and email); " +
        "create the session with POST /store/financing/payment-assist/sessions to fill it from the cart.",
    )
  }
  const source = raw as Record<string, unknown>
  const applicant: Partial<Applicant> = {}
  for (const [field, label] of REQUIRED) {
    const value = source[field]
    if (typeof value !== "string" || !value.trim()) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Payment Assist needs the applicant's ${label} (data.applicant.${field}).`,
      )
    }
    applicant[field] = value.trim()
  }
  for (const field of OPTIONAL) {
    const value = source[field]
    if (value === undefined || value === null || value === "") continue
    if (typeof value !== "string")
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Payment Assist: data.applicant.${field} must be text.`)
    applicant[field] = value.trim()
  }
  for (const [field, value] of Object.entries(applicant)) {
    if (typeof value === "string" && [...value].length > 255) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Payment Assist: data.applicant.${field} must be at most 255 characters.`,
      )
    }
  }
  return applicant as BeginApplicant
}

export function tokenOf(data: Record<string, unknown> | undefined): string | undefined {
  const token = data?.token
  return typeof token === "string" && token ? token : undefined
}
