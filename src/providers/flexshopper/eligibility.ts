// Whether FlexShopper can be offered for a cart, and the cart as a lease order. Only what
// FlexShopper itself requires: US dollars, at least the merchant's minimum (lease settings) and
// FlexShopper's $49.95, a SKU on every item. Used by the store routes and the reconcile job, with
// the application container (the catalogue is read through Query).
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import {
  LeaseOrderError,
  MINIMUM_LEASE_CENTS,
  buildLeaseOrder,
  formatDollars,
  type FsLeaseOrder,
  type LeaseSource,
} from "../../lenders/flexshopper"
import { toMinorUnits } from "../../lenders/money"
import type { FinancingCart } from "../../provider-kit"

export interface Ineligibility {
  code: "currency" | "below_minimum" | "missing_sku" | "empty_cart"
  message: string
}

export function cartTotalCents(cart: FinancingCart): number {
  return toMinorUnits(cart.total as never, cart.currency_code)
}

export function ineligibilities(cart: FinancingCart, merchantMinimumCents: number): Ineligibility[] {
  const reasons: Ineligibility[] = []
  if (cart.currency_code?.toLowerCase() !== "usd") {
    reasons.push({
      code: "currency",
      message: `FlexShopper leases are only available in US dollars; this cart is in ${cart.currency_code?.toUpperCase()}.`,
    })
    return reasons
  }
  if (!cart.items?.length) reasons.push({ code: "empty_cart", message: "FlexShopper: the cart has no items." })
  const minimum = Math.max(MINIMUM_LEASE_CENTS, merchantMinimumCents)
  const total = cartTotalCents(cart)
  if (total < minimum) {
    reasons.push({
      code: "below_minimum",
      message: `FlexShopper needs an order of at least ${formatDollars(minimum)}; this cart is ${formatDollars(total)}.`,
    })
  }
  for (const item of cart.items ?? []) {
    if (!item.variant_sku?.trim())
      reasons.push({
        code: "missing_sku",
        message: `FlexShopper needs a SKU for every item; "${item.title}" has none.`,
      })
  }
  return reasons
}

/** Brands for the lease items: the product's metadata.brand when the catalogue has one. */
async function brandsOf(
  container: Pick<MedusaContainer, "resolve">,
  cart: FinancingCart,
): Promise<Map<string, string>> {
  const ids = [...new Set(cart.items.map((i) => i.product_id).filter((id): id is string => Boolean(id)))]
  if (!ids.length) return new Map()
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "product", fields: ["id", "metadata"], filters: { id: ids } })
  return new Map(
    (data as Array<{ id: string; metadata?: Record<string, unknown> | null }>)
      .filter((p) => typeof p.metadata?.brand === "string")
      .map((p) => [p.id, p.metadata!.brand as string]),
  )
}

/** The lease order for this cart, every amount read server-side. */
export async function leaseOrderFor(
  container: Pick<MedusaContainer, "resolve">,
  cart: FinancingCart,
  transactionId: string,
): Promise<FsLeaseOrder> {
  const brands = await brandsOf(container, cart)
  const source: LeaseSource = {
    items: cart.items.map((item) => ({
      sku: item.variant_sku,
      description: [item.product_title ?? item.title, item.variant_title].filter(Boolean).join(" — "),
      brand: item.product_id ? brands.get(item.product_id) : undefined,
      quantity: item.quantity,
      totalCents: toMinorUnits(item.total as never, "usd"),
    })),
    shippingCents: (cart.shipping_methods ?? []).reduce((sum, m) => sum + toMinorUnits(m.total as never, "usd"), 0),
    shippingMethod: cart.shipping_methods?.[0]?.name,
    totalCents: cartTotalCents(cart),
  }
  try {
    return buildLeaseOrder(transactionId, source)
  } catch (error) {
    if (error instanceof LeaseOrderError)
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `FlexShopper: ${error.message}.`)
    throw error
  }
}
