// Plumbing for the NewDay store and return routes: the provider's options and client (read from
// medusa-config, since the provider instance is private to the payment module), the calling
// customer, the cart's total, and redirects back to the storefront.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { NewDayClient } from "../../../../lenders/newday"
import { toMinorUnits } from "../../../../lenders/money"
import { type FinancingCart, loadFinancingCart, lenderOptions, withQuery } from "../../../../provider-kit"
import { newDayClientFor, type NewDayProviderOptions } from "../../../../providers/newday/options"
import { newDayLender } from "../../../../providers/newday/lender"

export interface NewDayRouteContext {
  options: NewDayProviderOptions
  client: NewDayClient
}

export async function newDayForRoute(scope: Pick<MedusaContainer, "resolve">): Promise<NewDayRouteContext> {
  const options = await lenderOptions<NewDayProviderOptions>(scope, newDayLender)
  let logger
  try {
    logger = scope.resolve(ContainerRegistrationKeys.LOGGER)
  } catch {
    logger = undefined
  }
  return { options, client: newDayClientFor(options, logger) }
}

/** The authenticated store customer, if any (set by the authenticate middleware). */
export function storeCustomerId(req: MedusaRequest): string | undefined {
  const auth = (req as MedusaRequest & { auth_context?: { actor_id?: string; actor_type?: string } }).auth_context
  return auth?.actor_type === "customer" && auth.actor_id ? auth.actor_id : undefined
}

export function requireGbp(currency: string | null | undefined, what: string): void {
  if ((currency ?? "").toLowerCase() !== "gbp") {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `NewDay NewPay lends in pounds only: ${what} is in "${currency}".`,
    )
  }
}

export function amountMinor(total: unknown): number {
  return toMinorUnits(total as never, "gbp")
}

/**
 * The cart for a NewDay store route. Like provider-kit's loadFinancingCart, a cart owned by a
 * REGISTERED customer is only usable by that customer (answered as "not found" so ids cannot be
 * probed) — but Medusa also gives guest carts a customer record (has_account false) as soon as
 * an email is set, and those must stay usable without a login.
 */
export async function loadNewDayCart(
  scope: Pick<MedusaContainer, "resolve">,
  cartId: string,
  customerId?: string,
): Promise<FinancingCart> {
  return loadFinancingCart(scope, cartId, { customerId })
}

/** Total and state of a cart without the owner check (return routes carry no shopper session; a nonce proves who started the flow). */
export async function cartForReturn(scope: Pick<MedusaContainer, "resolve">, cartId: string) {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart",
    fields: ["id", "total", "currency_code", "completed_at"],
    filters: { id: cartId },
  })
  return data[0] as
    { id: string; total: unknown; currency_code: string; completed_at?: string | Date | null } | undefined
}

export function redirectTo(res: MedusaResponse, url: string, params: Record<string, string | undefined>): void {
  res.redirect(302, withQuery(url, params))
}
