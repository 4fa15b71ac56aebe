// The applicant Payment Assist needs, read from the cart on the server (never from the browser),
// with an error naming the cart field to fix when something is missing.
import { MedusaError } from "@medusajs/framework/utils"
import type { Applicant } from "../../../../lenders/payment-assist/types"
import type { FinancingCart } from "../../../../provider-kit/cart"

const REQUIRED = [
  ["first_name", "f_name", "first name"],
  ["last_name", "s_name", "last name"],
  ["address_1", "addr1", "first address line"],
  ["postal_code", "postcode", "postcode"],
] as const

export function requireGbpCart(cart: FinancingCart): void {
  if ((cart.currency_code ?? "").toLowerCase() !== "gbp") {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Payment Assist only finances carts in GBP; cart ${cart.id} is in ${String(cart.currency_code).toUpperCase()}.`,
    )
  }
}

/**
 * The applicant for /preapproval (name, first line, postcode) or, with `forBegin`, for /begin,
 * which also requires the e-mail address (GitBook methods/begin.md): a cart without one gets a
 * 400 naming the field before any application is started.
 */
export function applicantFromCart(cart: FinancingCart, { forBegin = false } = {}): Applicant {
  const address = cart.billing_address
  if (!address) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "Payment Assist needs the cart's billing address (billing_address) before an application can start.",
    )
  }
  const applicant: Partial<Applicant> = {}
  for (const [cartField, paField, label] of REQUIRED) {
    const value = address[cartField]
    if (typeof value !== "string" || !value.trim()) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Payment Assist needs the billing address ${label} (billing_address.${cartField}).`,
      )
    }
    applicant[paField] = value.trim()
  }
  if (forBegin && !(typeof cart.email === "string" && cart.email.trim())) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "Payment Assist needs the shopper's e-mail address on the cart (email) before an application can start.",
    )
  }
  if (address.country_code && address.country_code.toLowerCase() !== "gb") {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Payment Assist only lends to UK addresses; billing_address.country_code is ${address.country_code.toUpperCase()}.`,
    )
  }
  const optional: Array<[keyof Applicant, string | null | undefined]> = [
    ["addr2", address.address_2],
    ["town", address.city],
    ["county", address.province],
    ["telephone", address.phone],
    ["email", cart.email],
  ]
  for (const [field, value] of optional) if (typeof value === "string" && value.trim()) applicant[field] = value.trim()
  return applicant as Applicant
}
