import type Medusa from "@medusajs/js-sdk"
import type { HttpTypes } from "@medusajs/types"
export interface CheckoutContext {
  sdk: Medusa
  backendUrl: string
  publishableKey: string
  storefrontUrl: string // location.origin
  cart: HttpTypes.StoreCart // with items, region, totals, shipping/billing address, email
  refreshCart(): Promise<HttpTypes.StoreCart>
  /** Element the lender module renders its journey UI into (forms, status). */
  mount: HTMLElement
  /** Shows a message in the payment step's alert area; tone "error" for declines etc. */
  notify(message: string, tone?: "info" | "error"): void
}
export type JourneyResult =
  | { kind: "order"; orderId: string } // app shows the confirmation page
  | { kind: "failed"; message: string } // app shows message, returns to provider choice
  | { kind: "redirecting" } // module navigated away (hosted page)
export interface LenderCheckoutModule {
  providerId: string // e.g. "pp_newday_newday"
  title: string // e.g. "Pay monthly with NewDay"
  /** Financing messaging under the option, from the plugin's store routes. Never throws: renders a short fallback text on error. */
  renderOffer(el: HTMLElement, ctx: CheckoutContext): Promise<void>
  /** The shopper chose this lender and clicked Continue. */
  start(ctx: CheckoutContext): Promise<JourneyResult>
  /** The app loaded on one of this lender's return paths. */
  resume?(ctx: CheckoutContext, url: URL): Promise<JourneyResult>
  /** Paths (pathname prefixes) that mean "returned from this lender". */
  returnPaths?: string[]
}
