// Creates a payment session for a cart with data built server-side (applicant, items, totals):
// the same workflows as the stock store routes, so Medusa's own rules (one active session per
// collection, amount = cart total) still apply.
import type { MedusaContainer, PaymentSessionDTO } from "@medusajs/framework/types"
import {
  createPaymentCollectionForCartWorkflow,
  createPaymentSessionsWorkflow,
} from "@medusajs/medusa/core-flows"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { FinancingCart } from "./cart"

export interface CartPaymentSessionInput {
  cart: FinancingCart
  providerId: string
  data: Record<string, unknown>
  customerId?: string
}

export async function createCartPaymentSession(
  container: MedusaContainer,
  { cart, providerId, data, customerId }: CartPaymentSessionInput
): Promise<PaymentSessionDTO> {
  let collectionId = cart.payment_collection?.id
  if (!collectionId) {
    await createPaymentCollectionForCartWorkflow(container).run({ input: { cart_id: cart.id } })
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: carts } = await query.graph({
      entity: "cart",
      fields: ["payment_collection.id"],
      filters: { id: cart.id },
    })
    collectionId = (carts[0] as { payment_collection?: { id: string } }).payment_collection?.id
  }
  const { result } = await createPaymentSessionsWorkflow(container).run({
    input: { payment_collection_id: collectionId!, provider_id: providerId, customer_id: customerId, data },
  })
  return result
}
