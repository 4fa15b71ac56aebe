import { planFigures } from "../../providers/payment-assist/promotion"
import { spendOptionFigures } from "../../providers/newday/promotion"
import {
  DEFAULT_PROMOTION_TEXT,
  figuresAreSound,
  fractionAsPercentText,
  lowestMonthly,
  moneyText,
  percentText,
  promotionTextProblems,
  renderPromotion,
  type RepresentativeFigures,
} from "../promotion"

const fourPayments: RepresentativeFigures = {
  currency: "gbp",
  cash_price: 45000,
  deposit: 11250,
  credit_amount: 33750,
  instalments: 3,
  instalment: 11250,
  duration_months: 3,
  total_payable: 45000,
  interest: 0,
  apr: "0",
  interest_rate: "0",
}
const names = { lender: "Payment Assist Ltd", store: "Oak & Iron" }

describe("a finance promotion's representative example (FCA CONC 3.5.5R)", () => {
  it("states every required figure in the default wording, next to the monthly figure it accompanies", () => {
    const promotion = renderPromotion(null, fourPayments, names, "Spread the cost")
    expect(promotion.headline).toBe("From £112.50 a month with Spread the cost")
    expect(promotion.representative_example).toBe(
      "Representative example: cash price £450.00, deposit £112.50, total amount of credit £337.50, repayable by 3 " +
        "monthly payments of £112.50 over 3 months. Total amount payable £450.00. Rate of interest 0% (fixed). " +
        "Representative 0% APR. Oak & Iron is a credit broker, not a lender, and works with a limited number of " +
        "lenders, including Payment Assist Ltd, who provides the credit. Credit is subject to status and affordability.",
    )
    expect(promotion.figures).toMatchObject({ cash_price: "450.00", credit_amount: "337.50", instalments: 3, apr: "0" })
  })

  it("uses the owner's wording, and falls back to the default if stored wording ever lacks a figure", () => {
    const owner =
      "Example: {cash_price} cash, {credit_amount} credit, {instalments} x {instalment} over {duration} months, " +
      "{total_payable} in all, {interest_rate}% fixed, {apr}% APR representative. Credit by {lender}."
    expect(renderPromotion(owner, fourPayments, names, "PA").representative_example).toBe(
      "Example: £450.00 cash, £337.50 credit, 3 x £112.50 over 3 months, £450.00 in all, 0% fixed, 0% APR " +
        "representative. Credit by Payment Assist Ltd.",
    )
    expect(renderPromotion("Only {instalment} a month!", fourPayments, names, "PA").representative_example).toContain(
      "Representative 0% APR",
    )
  })

  it("refuses wording that drops a required figure or names an unknown one", () => {
    expect(promotionTextProblems(DEFAULT_PROMOTION_TEXT)).toEqual([])
    const problems = promotionTextProblems("From {instalment} a month at {apr}% APR with {lendr}")
    expect(problems[0]).toBe("uses unknown placeholder(s) {lendr}")
    expect(problems[1]).toContain("must keep {cash_price}, {credit_amount}, {instalments}, {duration}")
    expect(problems[1]).toContain("CONC 3.5.5R")
  })

  it("writes money and rates exactly, without float noise", () => {
    expect(moneyText(123456789, "gbp")).toBe("£1,234,567.89")
    expect(moneyText(30, "gbp")).toBe("£0.30")
    expect(moneyText(5000, "jpy")).toBe("5,000 JPY")
    expect(percentText("12.900")).toBe("12.9")
    expect(percentText(0)).toBe("0")
    expect(percentText(5.5)).toBe("5.5")
    expect(percentText("-1")).toBeNull()
    expect(percentText("abc")).toBeNull()
    expect(fractionAsPercentText(0.25)).toBe("25")
    expect(fractionAsPercentText(0.299)).toBe("29.9")
    expect(fractionAsPercentText(0.07)).toBe("7")
    expect(fractionAsPercentText(0)).toBe("0")
    expect(fractionAsPercentText(-0.1)).toBeNull()
  })

  it("promotes the lowest monthly repayment, and never figures that do not add up", () => {
    const longer = {
      ...fourPayments,
      deposit: 0,
      credit_amount: 45000,
      instalments: 9,
      instalment: 5000,
      duration_months: 9,
    }
    expect(lowestMonthly([fourPayments, null, longer])).toBe(longer)
    expect(figuresAreSound({ ...fourPayments, instalment: 0 })).toBe(false)
    expect(figuresAreSound({ ...fourPayments, credit_amount: 0 })).toBe(false)
    expect(figuresAreSound({ ...fourPayments, instalment: 112.5 })).toBe(false)
    expect(figuresAreSound({ ...fourPayments, apr: "" })).toBe(false)
    expect(lowestMonthly([{ ...fourPayments, apr: "n/a" }])).toBeNull()
  })
})

describe("the lenders' quotes as representative examples", () => {
  const plan = {
    plan_id: 1,
    name: "4-Payment",
    instalments: 4,
    deposit: true,
    apr: "0",
    frequency: "monthly",
    min_amount: null,
    max_amount: 300000,
  }
  const quote = {
    plan: "4-Payment",
    amount: 45000,
    interest: 0,
    repayable: 45000,
    schedule: [11250, 11250, 11250, 11250].map((amount, i) => ({ date: `2026-0${i + 1}-01`, amount })),
  }

  it("Payment Assist: the first payment of a deposit plan is the deposit, the rest the monthly repayments", () => {
    expect(planFigures(plan, quote, 45000)).toEqual(fourPayments)
    const noDeposit = planFigures(
      { ...plan, deposit: false, apr: "12.900" },
      { ...quote, interest: 900, repayable: 45900 },
      45000,
    )
    expect(noDeposit).toMatchObject({
      deposit: 0,
      credit_amount: 45000,
      instalments: 4,
      apr: "12.9",
      total_payable: 45900,
    })
    // A single payment is not credit; a weekly plan is not "a month".
    expect(planFigures({ ...plan, instalments: 1 }, { ...quote, schedule: [quote.schedule[0]] }, 45000)).toBeNull()
    expect(planFigures({ ...plan, frequency: "weekly" }, quote, 45000)).toBeNull()
  })

  it("NewDay: the illustration as NewDay gives it, with the owner's representative APR", () => {
    const gbp = (value: number) => ({ value, currencyCode: "GBP" })
    const option = {
      name: "6 Month spend option",
      spendType: "Instalment",
      offerStatus: "Active",
      interestRate: 0.25,
      duration: 6,
      illustration: { monthlyPayment: gbp(20), interestToPay: gbp(10), totalRepayable: gbp(110) },
    }
    expect(spendOptionFigures(option, 10000, "29.9")).toEqual({
      currency: "gbp",
      cash_price: 10000,
      deposit: 0,
      credit_amount: 10000,
      instalments: 6,
      instalment: 2000,
      duration_months: 6,
      total_payable: 11000,
      interest: 1000,
      apr: "29.9",
      interest_rate: "25",
    })
    expect(spendOptionFigures({ ...option, illustration: null }, 10000, "29.9")).toBeNull()
    expect(spendOptionFigures({ ...option, offerStatus: "Expired" }, 10000, "29.9")).toBeNull()
    expect(
      spendOptionFigures(
        { ...option, illustration: { ...option.illustration, monthlyPayment: gbp(-5) } },
        10000,
        "29.9",
      ),
    ).toBeNull()
  })
})
