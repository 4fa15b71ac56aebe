// A Vault payment session as the routes need it, read server-side: Medusa's amount and currency
// (never the browser's), the Vault references in its data, and whether its cart already became
// an order. Returns undefined for sessions that are not Vault's.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { providerIdFor } from "../../lenders/slugs"
import { cartOfCollection, orderOfCart } from "../cart-links"
import { vaultRefsOf, type VaultSessionRefs } from "../../providers/vault/session-data"

export interface VaultSessionRecord {
  id: string
  amount: unknown
  currency_code: string
  status: string
  data: Record<string, unknown>
  refs: VaultSessionRefs
  payment_collection_id: string
  collection_status?: string
  payment?: { id: string; captured_at?: string | Date | null } | null
  cart_id?: string
  order_id?: string
}

type Resolver = Pick<MedusaContainer, "resolve">

export async function loadVaultSession(
  container: Resolver,
  sessionId: string,
): Promise<VaultSessionRecord | undefined> {
  if (!/^payses_[A-Za-z0-9]+$/.test(sessionId)) return undefined
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: sessions } = await query.graph({
    entity: "payment_session",
    fields: [
      "id",
      "amount",
      "currency_code",
      "status",
      "data",
      "provider_id",
      "payment_collection_id",
      "payment_collection.status",
      "payment.id",
      "payment.captured_at",
    ],
    filters: { id: sessionId },
  })
  const session = sessions[0] as Record<string, any> | undefined
  if (!session || session.provider_id !== providerIdFor("vault")) return undefined
  const refs = vaultRefsOf(session.data)
  if (!refs) return undefined
  const links = await orderAndCartOf(container, session.payment_collection_id)
  return {
    id: session.id,
    amount: session.amount,
    currency_code: session.currency_code,
    status: session.status,
    data: session.data ?? {},
    refs,
    payment_collection_id: session.payment_collection_id,
    collection_status: session.payment_collection?.status,
    payment: session.payment ?? null,
    ...links,
  }
}

/** The cart the collection belongs to and the order made from it (or that owns the collection). */
export async function orderAndCartOf(
  container: Resolver,
  paymentCollectionId: string,
): Promise<{ cart_id?: string; order_id?: string }> {
  const cartId = await cartOfCollection(container, paymentCollectionId)
  if (cartId) return { cart_id: cartId, order_id: (await orderOfCart(container, cartId)) ?? undefined }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: orders } = await query.graph({
    entity: "order_payment_collection",
    fields: ["order_id"],
    filters: { payment_collection_id: paymentCollectionId },
  })
  return { order_id: (orders[0] as { order_id?: string } | undefined)?.order_id }
}
