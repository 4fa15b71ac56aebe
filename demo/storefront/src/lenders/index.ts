// Every lender the storefront knows, by provider id. The payment step offers those the cart's
// region enables (GET /store/payment-providers?region_id=).
import flexshopper from "./flexshopper"
import newday from "./newday"
import paymentAssist from "./payment-assist"
import type { LenderCheckoutModule } from "./types"
import vault from "./vault"

export const lenderModules: LenderCheckoutModule[] = [paymentAssist, newday, flexshopper, vault]

export function lenderModule(providerId: string): LenderCheckoutModule | undefined {
  return lenderModules.find((module) => module.providerId === providerId)
}
