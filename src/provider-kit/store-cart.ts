// loadFinancingCart for store routes, with guest checkouts working: Medusa gives every cart
// created with an e-mail a GUEST customer (customer.has_account = false, find-or-create-customer
// step of createCartWorkflow), so cart.customer_id is set even for anonymous shoppers. Only carts
// of registered customers are private to them; a guest cart is usable by whoever holds its id,
// exactly as Medusa's own /store/carts routes treat it.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { loadFinancingCart, type CartCaller, type FinancingCart } from "./cart"

export async function loadStoreCart(
  container: Pick<MedusaContainer, "resolve">,
  cartId: string,
  caller: CartCaller = {}
): Promise<FinancingCart> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "cart", fields: ["id", "customer_id", "customer.has_account"], filters: { id: cartId } })
  const owner = data[0] as { customer_id?: string | null; customer?: { has_account?: boolean } | null } | undefined
  const guestCart = Boolean(owner?.customer_id) && owner?.customer?.has_account === false
  return loadFinancingCart(container, cartId, guestCart ? { customerId: owner!.customer_id! } : caller)
}
