import {
  addCredits,
  confirmedValueCents,
  explainUnmatchedRefund,
  matchRefund,
  refundCandidates,
  toCreditItems,
  toRefundPlan,
  transactionLines,
} from "../lines"
import type { FsTransactionItem } from "../types"

const item = (
  sku: string,
  cost: number,
  quantity: number,
  q: Partial<FsTransactionItem["quantityByStatus"]>,
): FsTransactionItem => ({
  description: sku,
  sku,
  brand: "n/a",
  cost,
  quantity,
  quantityByStatus: { ordered: quantity, ...q },
})

describe("confirmed value (what FlexShopper pays for, so what Medusa may capture)", () => {
  // Get Transaction documents the shipping only as the top-level shippingCost (line 1 carries it).
  const lines = transactionLines({
    shippingCost: 14.95,
    items: [item("TABLE", 599, 1, { shipped: 1 }), item("CHAIR", 289, 2, { received: 1 })],
  })

  it("counts every unit FlexShopper was told of; shipping once anything is confirmed", () => {
    expect(lines.map((l) => l.shippingCents)).toEqual([1495, 0])
    expect(confirmedValueCents(lines)).toBe(59900 + 28900 + 1495)
    expect(confirmedValueCents(transactionLines({ shippingCost: 14.95, items: [item("TABLE", 599, 1, {})] }))).toBe(0)
  })

  it("captureOn=receipt: per SKU, at most the units Medusa recorded as delivered", () => {
    expect(confirmedValueCents(lines, new Map([["CHAIR", 1]]))).toBe(28900 + 1495)
    expect(
      confirmedValueCents(
        lines,
        new Map([
          ["TABLE", 1],
          ["CHAIR", 2],
        ]),
      ),
    ).toBe(59900 + 28900 + 1495)
    expect(confirmedValueCents(lines, new Map())).toBe(0)
  })

  it("numbers PO lines from 1 and derives open units", () => {
    expect(lines.map((l) => [l.lineNumber, l.open])).toEqual([
      [1, 0],
      [2, 1],
    ])
  })
})

describe("refund → line credits / cancels", () => {
  const lines = transactionLines({
    shippingCost: 14.95,
    items: [
      item("TABLE", 599, 1, { returned: 1 }),
      item("CHAIR", 289, 2, { received: 1, returned: 1 }),
      item("LAMP", 45, 2, {}),
    ],
  })

  it("offers returned-but-uncredited lines, unshipped SKUs to cancel, and shipping, in that order", () => {
    expect(refundCandidates(lines, {}).map((c) => [c.kind, c.cents])).toEqual([
      ["item-credit", 59900],
      ["item-credit", 28900],
      ["cancel", 9000],
      ["shipping-credit", 1495],
    ])
  })

  it("matches an amount to the fewest whole parts and builds the lender calls", () => {
    const parts = matchRefund(refundCandidates(lines, {}), 59900 + 28900)!
    const plan = toRefundPlan(parts)
    expect(plan.cancels).toEqual([])
    expect(toCreditItems(plan.credits)).toEqual([
      { lineNumber: 1, sku: "TABLE", itemCredit: 599 },
      { lineNumber: 2, sku: "CHAIR", itemCredit: 289 },
    ])
    const withCancel = toRefundPlan(matchRefund(refundCandidates(lines, {}), 9000 + 1495)!)
    expect(withCancel.cancels).toEqual([{ sku: "LAMP", quantity: 2 }])
    expect(withCancel.credits).toEqual([{ lineNumber: 1, sku: "TABLE", shippingCents: 1495 }])
  })

  it("does not credit a line twice", () => {
    const credits = addCredits({}, [{ lineNumber: 1, sku: "TABLE", itemCents: 59900 }])
    expect(credits).toEqual({ "1": { item: 59900, shipping: 0 } })
    expect(refundCandidates(lines, credits).map((c) => c.kind + ":" + c.cents)).not.toContain("item-credit:59900")
    expect(matchRefund(refundCandidates(lines, credits), 59900)).toBeUndefined()
  })

  it("explains the lender's rule when an amount matches nothing", () => {
    const candidates = refundCandidates(lines, {})
    expect(matchRefund(candidates, 10000)).toBeUndefined()
    const message = explainUnmatchedRefund(10000, candidates)
    expect(message).toMatch(/cannot refund \$100\.00/)
    expect(message).toMatch(/returned items are credited at their full cost per line/)
    expect(message).toContain("$599.00 (credit returned TABLE, line 1)")
    expect(explainUnmatchedRefund(500, [])).toMatch(/return the items first/)
  })
})
