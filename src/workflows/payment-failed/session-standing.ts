// Where a payment session stands when its lender has said "no": its payment, its collection,
// the cart it pays for and the order made from that cart (with that order's live payments).
// Read by the payment-failed workflow while it holds the cart's lock.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { orderOfCart } from "../cart-links"

type Resolver = Pick<MedusaContainer, "resolve">

export interface SessionStanding {
  session_id: string
  provider_id: string
  session_status: string
  amount: unknown
  currency_code: string
  data: Record<string, unknown>
  collection_id: string
  collection_status: string | null
  /** A Medusa payment made from this session (authorized or captured). */
  payment_id: string | null
  cart_id: string | null
  order_id: string | null
  /** Payments of that order that are not canceled, whichever session they came from. */
  order_payment_ids: string[]
}

/** The payment collection of a session, or null when Medusa removed the session. */
export async function collectionOfSession(container: Resolver, sessionId: string): Promise<string | null> {
  const [session] = await container
    .resolve(Modules.PAYMENT)
    .listPaymentSessions({ id: sessionId }, { select: ["id", "payment_collection_id"] })
  return session?.payment_collection_id ?? null
}

export async function readSessionStanding(
  container: Resolver,
  sessionId: string,
  cartId: string | null,
): Promise<SessionStanding | null> {
  const payments = container.resolve(Modules.PAYMENT)
  const [session] = await payments.listPaymentSessions({ id: sessionId }, { relations: ["payment"] })
  if (!session) return null
  const [collection] = await payments.listPaymentCollections(
    { id: session.payment_collection_id },
    { select: ["id", "status"] },
  )
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  let orderId: string | null = null
  let orderPaymentIds: string[] = []
  if (cartId) {
    orderId = await orderOfCart(container, cartId)
  } else {
    const { data: links } = await query.graph({
      entity: "order_payment_collection",
      fields: ["order_id"],
      filters: { payment_collection_id: session.payment_collection_id },
    })
    orderId = (links[0] as { order_id?: string } | undefined)?.order_id ?? null
  }
  if (orderId) {
    const { data: orders } = await query.graph({
      entity: "order",
      fields: ["id", "payment_collections.payments.id", "payment_collections.payments.canceled_at"],
      filters: { id: orderId },
    })
    const order = orders[0] as
      | {
          payment_collections?: Array<{ payments?: Array<{ id: string; canceled_at?: unknown } | null> | null } | null>
        }
      | undefined
    orderPaymentIds = (order?.payment_collections ?? [])
      .flatMap((c) => c?.payments ?? [])
      .filter((p): p is { id: string; canceled_at?: unknown } => Boolean(p && !p.canceled_at))
      .map((p) => p.id)
  }
  return {
    session_id: session.id,
    provider_id: session.provider_id,
    session_status: session.status,
    amount: session.amount,
    currency_code: session.currency_code,
    data: (session.data ?? {}) as Record<string, unknown>,
    collection_id: session.payment_collection_id,
    collection_status: collection?.status ?? null,
    payment_id: (session as { payment?: { id?: string } | null }).payment?.id ?? null,
    cart_id: cartId,
    order_id: orderId,
    order_payment_ids: orderPaymentIds,
  }
}
