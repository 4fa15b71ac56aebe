// The cart as a lender needs it, read server-side. Payment providers never see the cart (only an
// amount), and the browser must not be trusted for amounts, items or the applicant's address, so
// plugin store routes load it here and pass what the lender needs in session `data`.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"

export interface FinancingCartAddress {
  first_name?: string | null
  last_name?: string | null
  company?: string | null
  address_1?: string | null
  address_2?: string | null
  city?: string | null
  province?: string | null
  postal_code?: string | null
  country_code?: string | null
  phone?: string | null
}

export interface FinancingCartItem {
  id: string
  title: string
  product_title?: string | null
  variant_title?: string | null
  variant_sku?: string | null
  product_id?: string | null
  quantity: number
  unit_price: unknown
  subtotal: unknown
  total: unknown
  discount_total: unknown
  requires_shipping?: boolean | null
}

export interface FinancingCart {
  id: string
  email?: string | null
  currency_code: string
  region_id?: string | null
  customer_id?: string | null
  customer?: { has_account?: boolean | null } | null
  sales_channel_id?: string | null
  completed_at?: string | Date | null
  total: unknown
  subtotal: unknown
  tax_total: unknown
  discount_total: unknown
  shipping_total: unknown
  item_total: unknown
  billing_address?: FinancingCartAddress | null
  shipping_address?: FinancingCartAddress | null
  items: FinancingCartItem[]
  shipping_methods?: Array<{ id: string; name: string; total: unknown; amount: unknown }>
  payment_collection?: {
    id: string
    amount?: unknown
    payment_sessions?: Array<{ id: string; provider_id: string; status: string; data?: Record<string, unknown> }>
  } | null
}

const CART_FIELDS = [
  "id",
  "email",
  "currency_code",
  "region_id",
  "customer_id",
  "customer.has_account",
  "sales_channel_id",
  "completed_at",
  "total",
  "subtotal",
  "tax_total",
  "discount_total",
  "shipping_total",
  "item_total",
  "billing_address.*",
  "shipping_address.*",
  "items.id",
  "items.title",
  "items.product_title",
  "items.variant_title",
  "items.variant_sku",
  "items.product_id",
  "items.quantity",
  "items.unit_price",
  "items.subtotal",
  "items.total",
  "items.discount_total",
  "items.requires_shipping",
  "shipping_methods.id",
  "shipping_methods.name",
  "shipping_methods.amount",
  "shipping_methods.total",
  "payment_collection.id",
  "payment_collection.amount",
  "payment_collection.payment_sessions.id",
  "payment_collection.payment_sessions.provider_id",
  "payment_collection.payment_sessions.status",
  "payment_collection.payment_sessions.data",
]

export interface CartCaller {
  /** The authenticated customer, if the store request carries one (req.auth_context?.actor_id). */
  customerId?: string
}

/**
 * Loads the cart for a financing step. A registered customer's cart can only be used by that
 * customer (answered as "not found" so cart ids cannot be probed). Guest carts also carry a
 * customer — Medusa creates one with `has_account: false` from the cart's e-mail — and, as in
 * Medusa's own /store/carts routes, are usable by whoever holds the cart id. A completed cart
 * cannot start a new payment.
 */
export async function loadFinancingCart(
  container: Pick<MedusaContainer, "resolve">,
  cartId: string,
  caller: CartCaller = {},
): Promise<FinancingCart> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "cart", fields: CART_FIELDS, filters: { id: cartId } })
  const cart = data[0] as FinancingCart | undefined
  const privateToCustomer = Boolean(cart?.customer_id) && cart?.customer?.has_account === true
  if (!cart || (privateToCustomer && cart.customer_id !== caller.customerId)) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart with id "${cartId}" was not found`)
  }
  if (cart.completed_at) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Cart "${cartId}" is already completed`)
  }
  return cart
}
