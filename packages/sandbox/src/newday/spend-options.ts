// SpendOptionsForProduct (unknown customer, no spendOptionId) and SpendOptionsForCustomerRef
// (personalised: basket amount, filters, the customer's available credit; each option carries
// the spendOptionId to authorise with). Illustrations are computed in whole pence:
// interest = basket × rate × months / 12 (flat, half-up), first instalment takes the remainder.
import { createHash } from "node:crypto"
import type { Request, Response, Router } from "express"
import type { SimulatorContext } from "../types"
import { type CustomerFixture, type OfferFixture, SANDBOX_OFFERS } from "./fixtures"
import type { NewDayState } from "./state"
import { PROBLEM, sendProblem, toMoney, validationProblem } from "./wire"

export interface SpendQuery {
  basketMinor: number
  promoOnly: boolean
  zeroPercentOnly: boolean
  spendType?: string
  orderBy?: string
}

const ORDER_BY = ["InstalmentPaymentAmount"]

function flag(value: unknown, name: string, errors: Record<string, string[]>): boolean {
  if (value === undefined) return false
  if (value === "true" || value === "false") return value === "true"
  errors[name] = [`The ${name} parameter must be true or false.`]
  return false
}

export function parseSpendQuery(req: Request): SpendQuery | { errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {}
  const raw = req.query.basketAmount
  const match = typeof raw === "string" ? /^(\d+)(?:\.(\d{1,2}))?$/.exec(raw) : null
  const basketMinor = match ? Number(match[1]) * 100 + Number((match[2] ?? "0").padEnd(2, "0")) : 0
  if (!match || basketMinor <= 0)
    errors.basketAmount = ["The basketAmount parameter must be a positive amount in pounds."]
  const promoOnly = flag(req.query.promoOnly, "promoOnly", errors)
  const zeroPercentOnly = flag(req.query.zeroPercentOnly, "zeroPercentOnly", errors)
  const spendType = typeof req.query.spendType === "string" ? req.query.spendType : undefined
  const orderBy = typeof req.query.orderBy === "string" ? req.query.orderBy : undefined
  if (orderBy !== undefined && !ORDER_BY.includes(orderBy))
    errors.orderBy = [`The orderBy parameter must be one of ${ORDER_BY.join(", ")}.`]
  if (Object.keys(errors).length) return { errors }
  return { basketMinor, promoOnly, zeroPercentOnly, spendType, orderBy }
}

export function spendOptionIdFor(customerRef: string, offerId: string): string {
  const hex = createHash("sha256").update(`spend-option|${customerRef}|${offerId}`).digest("hex")
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

export function illustration(offer: OfferFixture, basketMinor: number) {
  if (offer.spendType !== "Instalment" || !offer.duration) return undefined
  const numerator = basketMinor * offer.interestRateBps * offer.duration
  const denominator = 12 * 10000
  const interest = Math.floor((numerator * 2 + denominator) / (2 * denominator))
  const total = basketMinor + interest
  const monthly = Math.ceil(total / offer.duration)
  return {
    monthlyPayment: toMoney(monthly),
    interestToPay: toMoney(interest),
    totalRepayable: toMoney(total),
    monthlyMinor: monthly,
  }
}

function isoWithOffset(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00")
}

export function eligibleOffers(query: SpendQuery): OfferFixture[] {
  return SANDBOX_OFFERS.filter(
    (o) =>
      query.basketMinor >= o.minBasketMinor &&
      query.basketMinor <= o.maxBasketMinor &&
      (!query.promoOnly || o.offerSource === "Promotional") &&
      (!query.zeroPercentOnly || o.interestRateBps === 0) &&
      (!query.spendType || o.spendType.toLowerCase() === query.spendType.toLowerCase()),
  )
}

function render(offers: OfferFixture[], query: SpendQuery, nowMs: number, customerRef?: string) {
  const options = offers.map((offer) => {
    const ill = illustration(offer, query.basketMinor)
    return {
      sortKey: ill?.monthlyMinor ?? Number.MAX_SAFE_INTEGER,
      option: {
        name: offer.name,
        description: offer.description,
        offerId: offer.offerId,
        offerCode: offer.offerCode,
        offerStatus: "Active",
        offerSource: offer.offerSource,
        spendType: offer.spendType,
        interestRate: offer.interestRateBps / 10000,
        ...(customerRef ? { spendOptionId: spendOptionIdFor(customerRef, offer.offerId) } : {}),
        ...(offer.duration ? { duration: offer.duration } : {}),
        illustration: ill
          ? { monthlyPayment: ill.monthlyPayment, interestToPay: ill.interestToPay, totalRepayable: ill.totalRepayable }
          : null,
        endDate: isoWithOffset(nowMs + 180 * 24 * 60 * 60 * 1000),
        settlementPercentage: offer.settlementPercentage,
        refundPercentage: offer.refundPercentage,
        chargebackPercentage: offer.chargebackPercentage,
      },
    }
  })
  if (query.orderBy === "InstalmentPaymentAmount") options.sort((a, b) => a.sortKey - b.sortKey)
  return { options: options.map((o) => o.option) }
}

/** The offer behind a customer's spendOptionId, if it is theirs and fits the amount. */
export function offerForSpendOption(
  customer: CustomerFixture,
  spendOptionId: string,
  amountMinor: number,
): OfferFixture | undefined {
  return SANDBOX_OFFERS.find(
    (o) =>
      spendOptionIdFor(customer.customerRef, o.offerId) === spendOptionId.toLowerCase() &&
      amountMinor >= o.minBasketMinor &&
      amountMinor <= o.maxBasketMinor,
  )
}

export function registerSpendOptions(router: Router, ctx: SimulatorContext, state: NewDayState): void {
  router.get("/merchant/spend-options", (req: Request, res: Response) => {
    const query = parseSpendQuery(req)
    if ("errors" in query) return validationProblem(res, query.errors)
    res.json(render(eligibleOffers(query), query, ctx.clock.nowMs()))
  })

  router.get("/merchant/:customerRef/spend-options", (req: Request, res: Response) => {
    const customer = state.customers.get(req.params.customerRef.toLowerCase())
    if (!customer) return sendProblem(res, { status: 404, type: PROBLEM.missing, detail: "Customer not found." })
    const query = parseSpendQuery(req)
    if ("errors" in query) return validationProblem(res, query.errors)
    // Personalised by risk: nothing is offered beyond the customer's available credit.
    const affordable = state.availableCreditMinor(customer) >= query.basketMinor
    res.json(render(affordable ? eligibleOffers(query) : [], query, ctx.clock.nowMs(), customer.customerRef))
  })
}
