// Test customers and the credit offers behind spend options. Each customer's behaviour is
// visible on the sign-in page and on GET /__sandbox, so demo users and tests pick by email.
export type CustomerBehaviour = "normal" | "decline" | "always-sca" | "unavailable"

export interface CustomerFixture {
  customerRef: string
  name: string
  email: string
  /** Shown masked on the SCA widget ("ending 0123"). */
  mobile: string
  creditLimitMinor: number
  behaviour: CustomerBehaviour
  note: string
}

export const SANDBOX_CUSTOMERS: readonly CustomerFixture[] = [
  {
    customerRef: "6a0e5c1e-2b7d-4c1a-9f3e-5d8b7a6c4e21",
    name: "Alice Approve",
    email: "approve@newpay.test",
    mobile: "07700900123",
    creditLimitMinor: 500000,
    behaviour: "normal",
    note: "£5,000 limit; SCA only above the exemption threshold",
  },
  {
    customerRef: "3f9d2a7b-8c41-4e6f-a2b5-9c0d1e7f3a58",
    name: "Sam Strong",
    email: "sca@newpay.test",
    mobile: "07700900456",
    creditLimitMinor: 500000,
    behaviour: "always-sca",
    note: "£5,000 limit; SCA always required",
  },
  {
    customerRef: "b2c4e6a8-1d3f-4b5a-8c7e-0f2a4c6e8b13",
    name: "Larry Lowlimit",
    email: "lowlimit@newpay.test",
    mobile: "07700900789",
    creditLimitMinor: 15000,
    behaviour: "normal",
    note: "£150 limit: larger baskets are declined for insufficient credit",
  },
  {
    customerRef: "d4e6f8a0-3b5c-4d7e-9f1a-2b4c6d8e0f35",
    name: "Dana Decline",
    email: "decline@newpay.test",
    mobile: "07700900321",
    creditLimitMinor: 500000,
    behaviour: "decline",
    note: "every authorisation is declined",
  },
  {
    customerRef: "e5f7a9b1-4c6d-4e8f-a0b2-3c5d7e9f1a46",
    name: "Una Unavailable",
    email: "unavailable@newpay.test",
    mobile: "07700900654",
    creditLimitMinor: 500000,
    behaviour: "unavailable",
    note: "initiate and authorise answer 503 (for retry tests)",
  },
]

export interface OfferFixture {
  offerId: string
  offerCode: string
  name: string
  description: string
  spendType: "Instalment" | "Purchase"
  offerSource: "Product" | "Promotional"
  /** Basis points (1990 = 19.9 %): integers keep the illustration exact. */
  interestRateBps: number
  /** Months; revolving (Purchase) credit has none. */
  duration?: number
  minBasketMinor: number
  maxBasketMinor: number
  settlementPercentage: number
  refundPercentage: number
  chargebackPercentage: number
}

export const SANDBOX_OFFERS: readonly OfferFixture[] = [
  {
    offerId: "71b17112-4c0e-4b9a-8d3f-2a6e5c9b1d07",
    offerCode: "IFC6",
    name: "6 months interest free",
    description: "Spread the cost over 6 months with 0% interest",
    spendType: "Instalment",
    offerSource: "Promotional",
    interestRateBps: 0,
    duration: 6,
    minBasketMinor: 9900,
    maxBasketMinor: 300000,
    settlementPercentage: 0.05,
    refundPercentage: 0.1,
    chargebackPercentage: 0.1,
  },
  {
    offerId: "8e2d4f61-93a7-4b1c-a5e0-6f8b2d4c7a19",
    offerCode: "INST12",
    name: "12 Month spend option",
    description: "A 12 month instalment spend option",
    spendType: "Instalment",
    offerSource: "Product",
    interestRateBps: 1990,
    duration: 12,
    minBasketMinor: 25000,
    maxBasketMinor: 500000,
    settlementPercentage: 0.04,
    refundPercentage: 0.1,
    chargebackPercentage: 0.1,
  },
  {
    offerId: "c9a1b3d5-e7f9-4a2b-8c4d-6e8f0a2b4c61",
    offerCode: "INST24",
    name: "24 Month spend option",
    description: "A 24 month instalment spend option",
    spendType: "Instalment",
    offerSource: "Product",
    interestRateBps: 1990,
    duration: 24,
    minBasketMinor: 50000,
    maxBasketMinor: 500000,
    settlementPercentage: 0.04,
    refundPercentage: 0.1,
    chargebackPercentage: 0.1,
  },
  {
    offerId: "f1e3d5c7-b9a0-4c2e-9d4f-8a0b2c4d6e83",
    offerCode: "FLEX",
    name: "Flexible credit",
    description: "Pay on your NewPay account balance",
    spendType: "Purchase",
    offerSource: "Product",
    interestRateBps: 2990,
    minBasketMinor: 100,
    maxBasketMinor: 500000,
    settlementPercentage: 0.03,
    refundPercentage: 0.1,
    chargebackPercentage: 0.1,
  },
]

/** What the sandbox's SMS "sends": one fixed code, printed on the widget. */
export const SANDBOX_OTP = "123456"
