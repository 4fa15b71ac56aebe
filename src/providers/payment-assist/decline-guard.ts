// Payment Assist's rule (spec §5.2): after a declined pre-approval the merchant must not retry
// with changed details, nor start an application. Declines are remembered in the financing log
// by cart AND by applicant (a keyed hash of the normalised e-mail, so a new cart, a new address or
// a "+tag" alias does not get around it, and no e-mail address is stored in clear). One decision
// for the plugin's routes and the provider, so the stock payment-session route is covered too.
import { createHmac } from "node:crypto"
import { MedusaError } from "@medusajs/framework/utils"
import { providerIdFor } from "../../lenders/slugs"
import type { FinancingLog } from "../../modules/financing/registry"
import { rememberTurnedAway } from "../../provider-kit/turned-away"

const LENDER = "payment-assist"

export const cartDeclineKey = (cartId: string) => `payment-assist:preapproval-declined:cart:${cartId}`

/** Lower case, and "jane+x@example.com" → "jane@example.com": the same mailbox is the same applicant. */
export function normalizedEmail(email: string | null | undefined): string | undefined {
  const trimmed = email?.trim().toLowerCase()
  if (!trimmed) return undefined
  const at = trimmed.lastIndexOf("@")
  if (at <= 0) return trimmed
  const local = trimmed.slice(0, at).split("+")[0]
  return `${local || trimmed.slice(0, at)}${trimmed.slice(at)}`
}

const refOf = (email: string, apiSecret: string) =>
  `applicant:${createHmac("sha256", apiSecret).update(email).digest("hex").slice(0, 32)}`

/** The reference a decline is recorded under. */
export function applicantDeclineRef(email: string | null | undefined, apiSecret: string): string | undefined {
  const normal = normalizedEmail(email)
  return normal ? refOf(normal, apiSecret) : undefined
}

/** Every reference a decline of this applicant may be recorded under (older entries hashed the e-mail as typed). */
function applicantDeclineRefs(email: string | null | undefined, apiSecret: string): string[] {
  const normal = normalizedEmail(email)
  if (!normal) return []
  const typed = email!.trim().toLowerCase()
  return [...new Set([refOf(normal, apiSecret), refOf(typed, apiSecret)])]
}

type DeclineLog = Pick<FinancingLog, "findOperationByIdempotencyKey" | "findOperation" | "recordOperation">

export interface DeclineSubject {
  cartId: string
  email?: string | null
}

export async function wasDeclined(log: DeclineLog, subject: DeclineSubject, apiSecret: string): Promise<boolean> {
  const refs = applicantDeclineRefs(subject.email, apiSecret)
  // Both questions at once: this runs before every new application.
  const [cart, applicant] = await Promise.all([
    log.findOperationByIdempotencyKey(cartDeclineKey(subject.cartId)),
    refs.length ? log.findOperation({ lender: LENDER, operation: "preapproval", lender_reference: refs }) : null,
  ])
  return Boolean(cart || applicant)
}

export async function rememberDecline(log: DeclineLog, subject: DeclineSubject, apiSecret: string): Promise<void> {
  await log.recordOperation({
    provider_id: providerIdFor(LENDER),
    lender: LENDER,
    operation: "preapproval",
    outcome: "succeeded",
    idempotency_key: cartDeclineKey(subject.cartId),
    lender_reference: applicantDeclineRef(subject.email, apiSecret) ?? null,
    detail: { approved: false, cart_id: subject.cartId },
  })
  await rememberTurnedAway(log, { lender: LENDER, cartId: subject.cartId, reason: "declined" })
}

export function declinedError(): MedusaError {
  return new MedusaError(
    MedusaError.Types.NOT_ALLOWED,
    "Payment Assist declined this shopper's pre-approval, and its rules forbid retrying with changed details or starting an application. Offer another payment method.",
  )
}
