// Store- and admin-API helpers for HTTP integration tests running inside
// `medusaIntegrationTestRunner` (its `api` client is axios-like).
import type { MedusaContainer } from "@medusajs/framework/types"
import { ensureAdminUser } from "../../demo/admin-user"
import type { SeededStore } from "../../demo/seed-store"
import type { DemoRegionKey } from "../../demo/catalog"

export interface ApiClient {
  get(url: string, config?: Record<string, unknown>): Promise<{ status: number; data: any }>
  post(url: string, body?: unknown, config?: Record<string, unknown>): Promise<{ status: number; data: any }>
  delete(url: string, config?: Record<string, unknown>): Promise<{ status: number; data: any }>
}

export const TEST_ADMIN = { email: "admin@financing.test", password: "integration-tests" }

/** Headers for admin requests, creating the admin user the first time. */
export async function adminHeaders(api: ApiClient, container: MedusaContainer) {
  await ensureAdminUser(container, TEST_ADMIN.email, TEST_ADMIN.password)
  const { data } = await api.post("/auth/user/emailpass", TEST_ADMIN)
  return { headers: { authorization: `Bearer ${data.token}` } }
}

export function storeHeaders(store: SeededStore) {
  return { headers: { "x-publishable-api-key": store.publishableKey } }
}

export const SHOPPER_ADDRESSES = {
  uk: {
    first_name: "Jane",
    last_name: "Doe",
    address_1: "1 High Street",
    city: "London",
    postal_code: "SW1A 1AA",
    country_code: "gb",
    phone: "07700900123",
  },
  us: {
    first_name: "John",
    last_name: "Smith",
    address_1: "350 Fifth Avenue",
    city: "New York",
    province: "NY",
    postal_code: "10118",
    country_code: "us",
    phone: "2125550123",
  },
} as const

/** A cart with one product, addresses and shipping — ready for a payment session. */
export async function cartReadyForPayment(
  api: ApiClient,
  store: SeededStore,
  region: DemoRegionKey,
  {
    sku = "TABLE-OAK-NAT",
    quantity = 1,
    email = "shopper@example.com",
    variantId,
    shipping = true,
  }: {
    sku?: string
    quantity?: number
    email?: string
    /** A variant created by the test (not in the seeded catalogue); `sku` is then ignored. */
    variantId?: string
    /** false: no shipping method (a cart of items that do not ship, e.g. an in-store hand-over). */
    shipping?: boolean
  } = {},
) {
  const headers = storeHeaders(store)
  const variant = variantId ? { id: variantId } : store.products.flatMap((p) => p.variants).find((v) => v.sku === sku)
  if (!variant) throw new Error(`no seeded variant with SKU ${sku}`)

  const { data: created } = await api.post(
    "/store/carts",
    { region_id: store.regions[region].id, email, sales_channel_id: store.salesChannelId },
    headers,
  )
  const cartId = created.cart.id
  await api.post(`/store/carts/${cartId}/line-items`, { variant_id: variant.id, quantity }, headers)
  await api.post(
    `/store/carts/${cartId}`,
    { shipping_address: SHOPPER_ADDRESSES[region], billing_address: SHOPPER_ADDRESSES[region] },
    headers,
  )
  if (shipping) {
    await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: store.shippingOptions[region] }, headers)
  }
  const { data } = await api.get(`/store/carts/${cartId}`, headers)
  return data.cart
}

/** Creates the cart's payment collection and a session with `providerId`. */
export async function startPaymentSession(
  api: ApiClient,
  store: SeededStore,
  cartId: string,
  providerId: string,
  data?: Record<string, unknown>,
) {
  const headers = storeHeaders(store)
  const { data: collection } = await api.post("/store/payment-collections", { cart_id: cartId }, headers)
  const { data: result } = await api.post(
    `/store/payment-collections/${collection.payment_collection.id}/payment-sessions`,
    { provider_id: providerId, ...(data ? { data } : {}) },
    headers,
  )
  return result.payment_collection
}

export async function completeCart(api: ApiClient, store: SeededStore, cartId: string) {
  const { data } = await api.post(`/store/carts/${cartId}/complete`, {}, storeHeaders(store))
  return data
}
