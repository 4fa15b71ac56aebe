// The store API: one js-sdk client with the publishable key from /config.json (served by
// server.mjs), the cart id kept in localStorage, and readable messages from API errors.
import Medusa from "@medusajs/js-sdk"
import type { HttpTypes } from "@medusajs/types"

export interface StorefrontConfig {
  backendUrl: string
  publishableKey: string
}

export async function loadConfig(): Promise<StorefrontConfig> {
  const response = await fetch("/config.json", { cache: "no-store" })
  if (!response.ok) throw new Error(`the storefront configuration could not be loaded (HTTP ${response.status})`)
  const config = (await response.json()) as Partial<StorefrontConfig>
  if (!config.backendUrl || !config.publishableKey)
    throw new Error("the storefront configuration lacks backendUrl or publishableKey")
  return { backendUrl: config.backendUrl, publishableKey: config.publishableKey }
}

export function createSdk(config: StorefrontConfig): Medusa {
  // Guest checkout only: no customer token is kept anywhere.
  return new Medusa({
    baseUrl: config.backendUrl,
    publishableKey: config.publishableKey,
    auth: { type: "jwt", jwtTokenStorageMethod: "nostore" },
  })
}

/** The message a shopper should read, from a js-sdk FetchError or anything else thrown. */
export function errorMessage(error: unknown, fallback = "Something went wrong. Please try again."): string {
  const message = (error as { message?: unknown } | null)?.message
  if (typeof message === "string" && message.trim()) return message.trim()
  return fallback
}

/** HTTP status of a js-sdk FetchError, when there is one. */
export function errorStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status
  return typeof status === "number" ? status : undefined
}

const CART_KEY = "financing-demo:cart-id"

/** Cart fields beyond Medusa's defaults that the pages show. */
export const CART_QUERY = { fields: "+items.subtotal" }

export const cartStore = {
  get: (): string | null => localStorage.getItem(CART_KEY),
  set: (id: string) => localStorage.setItem(CART_KEY, id),
  clear: () => localStorage.removeItem(CART_KEY),
}

/** The stored cart, or null when there is none or it can no longer be used (completed, deleted). */
export async function currentCart(sdk: Medusa, id = cartStore.get()): Promise<HttpTypes.StoreCart | null> {
  if (!id) return null
  try {
    const { cart } = await sdk.store.cart.retrieve(id, CART_QUERY)
    if (cart.completed_at) {
      if (id === cartStore.get()) cartStore.clear()
      return null
    }
    return cart
  } catch (error) {
    if (errorStatus(error) === 404) {
      if (id === cartStore.get()) cartStore.clear()
      return null
    }
    throw error
  }
}

/** Completes the cart: the order, or the reason Medusa (or the lender, through it) refused. */
export async function completeCart(sdk: Medusa, cartId: string): Promise<{ orderId: string } | { error: string }> {
  try {
    const result = await sdk.store.cart.complete(cartId)
    if (result.type === "order") return { orderId: result.order.id }
    return { error: result.error?.message || "The payment was not accepted." }
  } catch (error) {
    return { error: errorMessage(error) }
  }
}
