// What a FlexShopper payment session / payment keeps in Medusa's `data` (visible to the
// storefront: lender references and the lease order only), and the server-side secrets that
// must never be there (the customer token, the expected order, the fresh cart check).
import type { LineCredits } from "../../lenders/flexshopper/lines"
import type { FsLeaseOrder } from "../../lenders/flexshopper/types"

export const FLEXSHOPPER = "flexshopper" as const
export const FLEXSHOPPER_PROVIDER_ID = `pp_${FLEXSHOPPER}_${FLEXSHOPPER}`

export interface FlexShopperSessionData extends Record<string, unknown> {
  session_id?: string
  cart_id?: string
  /** The merchant transaction id the modal creates the lease under. */
  transaction_id?: string
  /** Exactly what the storefront passes to `actions.transaction.create` (built server-side). */
  order?: FsLeaseOrder
  sdk_script_url?: string
  amount_cents?: number
  status?: "awaiting_signature" | "finalized" | "canceled"
  lease_number?: string
  loan_number?: string
  finalized_at?: string
  /** Cents Medusa has captured, each capture backed by a delivery confirmation at FlexShopper. */
  captured_cents?: number
  /**
   * Where earlier versions staged a capture's amount; capture now reads it from Medusa's capture
   * row and sets this to null (null, not deleted: Medusa merges payment.data on update).
   */
  pending_capture?: { cents: number; key: string } | null
  /** Credits reported to FlexShopper per PO line. */
  credits?: LineCredits
  /** Set by the return workflow: the refund is the credit for returned lines. */
  pending_refund?: { kind: "return-credit"; key: string; cents: number } | null
}

export const SECRET = {
  /** Cart-scoped: the FlexShopper customer token + user id, from account lookup/creation. */
  customer: "customer",
  /** Cart-scoped: the lease order built from the cart, with its transaction id. */
  order: "order",
  /** Session-scoped, minutes long: the signed lease was checked against the CURRENT cart. */
  cartCheck: "cart-check",
} as const

export interface CustomerSecret extends Record<string, unknown> {
  token: string
  apiKeyId: string
  userId: string
  /** This plugin's Prequalification Complete went through (FlexShopper documents no such field). */
  applicationCompleted?: boolean
}

export interface OrderSecret extends Record<string, unknown> {
  transactionId: string
  userId: string
  totalCents: number
  order: FsLeaseOrder
}

export interface CartCheckSecret extends Record<string, unknown> {
  transactionId: string
  digest: string
}

export function flexData(data: Record<string, unknown> | undefined): FlexShopperSessionData {
  return (data ?? {}) as FlexShopperSessionData
}
