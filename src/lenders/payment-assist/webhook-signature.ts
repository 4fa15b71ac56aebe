// Payment Assist webhooks carry a `signature` "computed the same way as for inbound requests",
// but the payload nests `event_data`, and §3 only defines flat parameters. Which string is signed
// is NOT documented (spec §6, open question 3), so the scheme is an option:
//
// - "json"      EVENT_DATA=<JSON of event_data>&EVENT_NAME=…&EVENT_TIME=…&   (the only candidate
//               that also binds the token)
// - "php-array" the PHP reference function applied literally: the nested array becomes "Array"
//               (the sandbox signs this way by default)
// - "scalars"   only event_name and event_time
// - "any"       (default) accept a signature matching any of the three: whichever way Payment
//               Assist really signs, its webhooks are accepted, and every candidate is still an
//               HMAC-SHA256 with the dealer secret, compared in constant time. Pin the scheme
//               once Payment Assist confirms it (docs/lenders/payment-assist.md, go-live list).
//
// Whatever the scheme, the plugin never acts on the body: it re-reads the application with
// /status (which the docs recommend anyway), so a signature that does not bind the token can
// at worst make us look at an application that really is in the state /status reports.
import { sign, signaturesEqual, type SignableParams } from "./signing"

export const WEBHOOK_SIGNATURE_SCHEMES = ["json", "php-array", "scalars", "any"] as const
export type WebhookSignatureScheme = (typeof WEBHOOK_SIGNATURE_SCHEMES)[number]
/** Accept what Payment Assist actually sends while its signing input is unconfirmed (see above). */
export const DEFAULT_WEBHOOK_SIGNATURE_SCHEME: WebhookSignatureScheme = "any"
type ConcreteScheme = Exclude<WebhookSignatureScheme, "any">

export interface PaymentAssistWebhookPayload {
  event_name: string
  event_data: { token: string } & Record<string, unknown>
  event_time: string
  signature?: string
}

export function webhookSignableParams(payload: PaymentAssistWebhookPayload, scheme: ConcreteScheme): SignableParams {
  const scalars = { event_name: payload.event_name, event_time: payload.event_time }
  if (scheme === "scalars") return scalars
  const eventData = scheme === "php-array" ? "Array" : JSON.stringify(payload.event_data)
  return { ...scalars, event_data: eventData }
}

export function signWebhook(
  payload: Omit<PaymentAssistWebhookPayload, "signature">,
  secret: string,
  scheme: ConcreteScheme = "json",
): string {
  return sign(webhookSignableParams(payload as PaymentAssistWebhookPayload, scheme), secret)
}

export function verifyWebhookSignature(
  payload: PaymentAssistWebhookPayload,
  secret: string,
  scheme: WebhookSignatureScheme = DEFAULT_WEBHOOK_SIGNATURE_SCHEME,
): boolean {
  const schemes: ConcreteScheme[] = scheme === "any" ? ["json", "php-array", "scalars"] : [scheme]
  // Evaluate every candidate (no early exit) so timing does not reveal which scheme matched.
  let matched = false
  for (const candidate of schemes) {
    if (signaturesEqual(sign(webhookSignableParams(payload, candidate), secret), payload.signature)) matched = true
  }
  return matched
}

/** Narrows an untrusted JSON body to the documented webhook shape, or says which field is wrong. */
export function parseWebhookPayload(
  body: unknown,
): { ok: true; payload: PaymentAssistWebhookPayload } | { ok: false; field: string } {
  if (!body || typeof body !== "object" || Array.isArray(body)) return { ok: false, field: "body" }
  const b = body as Record<string, unknown>
  if (typeof b.event_name !== "string" || !b.event_name) return { ok: false, field: "event_name" }
  if (typeof b.event_time !== "string" || !b.event_time) return { ok: false, field: "event_time" }
  if (typeof b.signature !== "string" || !b.signature) return { ok: false, field: "signature" }
  const data = b.event_data as Record<string, unknown> | undefined
  if (!data || typeof data !== "object" || Array.isArray(data)) return { ok: false, field: "event_data" }
  if (typeof data.token !== "string" || !data.token) return { ok: false, field: "event_data.token" }
  return { ok: true, payload: b as unknown as PaymentAssistWebhookPayload }
}
