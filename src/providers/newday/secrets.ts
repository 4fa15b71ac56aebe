// Server-side state of a NewDay checkout, encrypted in the financing module (never in session
// data): the customerRef and customer access token from sign-in, and the SCA token (exempt,
// challenge or authenticated). Before a payment session exists they are scoped to the cart.
import { randomBytes, timingSafeEqual } from "node:crypto"
import { MedusaError } from "@medusajs/framework/utils"
import { getFinancingLog, type FinancingLog } from "../../modules/financing/registry"

export const NEWDAY_SECRET = {
  customer: "customer",
  sca: "sca",
  signInState: "sign-in-state",
} as const

export interface CustomerSecret {
  customerRef: string
  /** Dropped once the authorisation exists: settle/reverse/refund only need the customerRef. */
  accessToken?: string
  /** NewDay's client-session-id for this shopper session. */
  clientSessionId: string
  /**
   * Written once NewDay authorised this session: the only proof of an authorisation the provider
   * accepts (`data.authorisation_id` alone may have been sent by a browser).
   */
  authorisationId?: string
  authorisedMinor?: number
}

export interface ScaSecret {
  /**
   * exempt: authorise without a challenge — Initiate said exempt (token: its exempt token, if it
   * sent one), or, with sca "auto", no Initiate was needed yet (no token).
   */
  status: "exempt" | "challenge" | "authenticated" | "failed"
  token?: string
  /** Which Initiate issued it (1, 2, …); authorise derives a new idempotency key per attempt. */
  attempt?: number
  /** The amount (pence) the token was issued for; another amount needs a new Initiate. */
  amountMinor: number
  /** Binds the widget's form-POST to this session (see the SCA return route). */
  state: string
}

export interface SecretScope {
  payment_session_id?: string | null
  cart_id?: string | null
}

export function financingLog(log?: FinancingLog): FinancingLog {
  const found = log ?? getFinancingLog()
  if (!found) {
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      "NewDay NewPay needs the financing module (src/modules/financing) to be loaded.",
    )
  }
  return found
}

export function newNonce(): string {
  return randomBytes(24).toString("base64url")
}

export function sameNonce(expected: string | undefined, received: unknown): boolean {
  if (!expected || typeof received !== "string") return false
  const a = Buffer.from(expected)
  const b = Buffer.from(received)
  return a.length === b.length && timingSafeEqual(a, b)
}

export async function getCustomerSecret(scope: SecretScope, log?: FinancingLog): Promise<CustomerSecret | null> {
  return financingLog(log).getSecret<CustomerSecret & Record<string, unknown>>({
    lender: "newday",
    purpose: NEWDAY_SECRET.customer,
    ...scope,
  })
}

export async function putCustomerSecret(
  scope: SecretScope,
  value: CustomerSecret,
  log?: FinancingLog,
  expiresAt?: Date,
): Promise<void> {
  await financingLog(log).putSecret({
    lender: "newday",
    purpose: NEWDAY_SECRET.customer,
    ...scope,
    value: { ...value },
    expires_at: expiresAt ?? null,
  })
}

export async function getScaSecret(paymentSessionId: string, log?: FinancingLog): Promise<ScaSecret | null> {
  return financingLog(log).getSecret<ScaSecret & Record<string, unknown>>({
    lender: "newday",
    purpose: NEWDAY_SECRET.sca,
    payment_session_id: paymentSessionId,
  })
}

export async function putScaSecret(paymentSessionId: string, value: ScaSecret, log?: FinancingLog): Promise<void> {
  await financingLog(log).putSecret({
    lender: "newday",
    purpose: NEWDAY_SECRET.sca,
    payment_session_id: paymentSessionId,
    value: { ...value },
  })
}

export async function deleteScaSecret(paymentSessionId: string, log?: FinancingLog): Promise<void> {
  await financingLog(log).deleteSecrets({
    lender: "newday",
    purpose: NEWDAY_SECRET.sca,
    payment_session_id: paymentSessionId,
  })
}
