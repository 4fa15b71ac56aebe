// Proof that a payment session was created by one of the plugin's own store routes. The stock
// route POST /store/payment-collections/:id/payment-sessions lets any guest put anything in
// `data`, and a provider cannot tell those keys from the ones our routes wrote. So the route also
// stores what it wrote, encrypted in the financing module and scoped to the cart, under a random
// ticket; it sends only the ticket along. The provider opens the ticket in initiatePayment and
// acts on the stored copy. Tickets are single-use and never leave the server: the provider
// overwrites `route_ticket` in the session data it returns.
import { randomBytes, timingSafeEqual } from "node:crypto"
import { getFinancingLog, type FinancingLog } from "../modules/financing/registry"

export const ROUTE_TICKET_KEY = "route_ticket"
const PURPOSE = "route-data"
/** Long enough for the session to be created; a ticket is spent in the same request. */
const TICKET_TTL_MS = 10 * 60 * 1000

interface StoredRouteData {
  ticket: string
  data: Record<string, unknown>
  [key: string]: unknown
}

/** Stores `data` for the provider and answers the ticket to put in the session data. */
export async function issueRouteTicket(
  lender: string,
  cartId: string,
  data: Record<string, unknown>,
  log: FinancingLog | undefined = getFinancingLog(),
): Promise<string | undefined> {
  if (!log) return undefined
  const ticket = randomBytes(24).toString("base64url")
  await log.putSecret({
    lender,
    purpose: PURPOSE,
    cart_id: cartId,
    value: { ticket, data },
    expires_at: new Date(Date.now() + TICKET_TTL_MS),
  })
  return ticket
}

/**
 * What the route stored, when `sent` carries the cart's current ticket; undefined otherwise (a
 * session from the stock route, a replayed or forged ticket). Spends the ticket.
 */
export async function openRouteTicket(
  lender: string,
  sent: Record<string, unknown> | undefined,
  log: FinancingLog | undefined = getFinancingLog(),
): Promise<Record<string, unknown> | undefined> {
  const cartId = sent?.cart_id
  const ticket = sent?.[ROUTE_TICKET_KEY]
  if (!log || typeof cartId !== "string" || !cartId || typeof ticket !== "string" || !ticket) return undefined
  const stored = await log.getSecret<StoredRouteData>({ lender, purpose: PURPOSE, cart_id: cartId })
  if (!stored || typeof stored.ticket !== "string") return undefined
  const a = Buffer.from(stored.ticket)
  const b = Buffer.from(ticket)
  if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined
  await log.deleteSecrets({ lender, purpose: PURPOSE, cart_id: cartId })
  return stored.data && typeof stored.data === "object" ? { ...stored.data, cart_id: cartId } : undefined
}
