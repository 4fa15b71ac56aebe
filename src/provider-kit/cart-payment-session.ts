// Creates a payment session for a cart with data built server-side (applicant, items, totals):
// the same workflows as the stock store routes, so Medusa's own rules (one active session per
// collection, amount = cart total) still apply. The data also goes to the provider under a
// route ticket (./route-ticket.ts), so a provider can tell it from data sent to the stock route.
import type { MedusaContainer, PaymentSessionDTO } from "@medusajs/framework/types"
import { createPaymentCollectionForCartWorkflow, createPaymentSessionsWorkflow } from "@medusajs/medusa/core-flows"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { lenderFromProviderId } from "../lenders/slugs"
import type { FinancingCart } from "./cart"
import { getFinancingLog } from "../modules/financing/registry"
import { issueRouteTicket, ROUTE_TICKET_KEY } from "./route-ticket"
import { basketMinorUnits, refuseIfTurnedAway } from "./turned-away"
import { lenderNameOf } from "./validate-request"

export interface CartPaymentSessionInput {
  cart: FinancingCart
  providerId: string
  data: Record<string, unknown>
  customerId?: string
}

export async function createCartPaymentSession(
  container: MedusaContainer,
  { cart, providerId, data, customerId }: CartPaymentSessionInput,
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
  const lender = lenderFromProviderId(providerId)
  // Decline fallback: no new session with a lender that declined this cart (turned-away.ts).
  if (lender)
    await refuseIfTurnedAway(
      getFinancingLog(),
      { slug: lender, name: lenderNameOf(lender) },
      cart.id,
      basketMinorUnits(cart.total, cart.currency_code),
    )
  const ticket = lender ? await issueRouteTicket(lender, cart.id, { ...data, cart_id: cart.id }) : undefined
  const { result } = await createPaymentSessionsWorkflow(container).run({
    input: {
      payment_collection_id: collectionId!,
      provider_id: providerId,
      customer_id: customerId,
      data: ticket ? { ...data, [ROUTE_TICKET_KEY]: ticket } : data,
    },
  })
  return result
}
