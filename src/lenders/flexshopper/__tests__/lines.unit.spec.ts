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

const item = (sku: string, cost: number, quantity: number, q: Partial<FsTransactionItem["quantityByStatus"]>, shipping = 0): FsTransactionItem => ({
  description: sku,
  sku,
  brand: "n/a",
  cost,
  quantity,
  shipping: { cost: shipping },
  quantityByStatus: { ordered: quantity, ...q },
})

describe("confirmed value (what FlexShopper pays for, so what Medusa may capture)", () => {
  const lines = transactionLines({ items: [item("TABLE", 599, 1, { shipped: 1 }, 14.95), item("CHAIR", 289, 2, { received: 1 })] })

  it("counts shipped units only when capturing on shipment; shipping once anything is confirmed", () => {
    expect(confirmedValueCents(lines, "shipment")).toBe(59900 + 28900 + 1495)
    expect(confirmedValueCents(lines, "receipt")).toBe(28900 + 1495)
    expect(confirmedValueCents(transactionLines({ items: [item("TABLE", 599, 1, {}, 14.95)] }), "shipment")).toBe(0)
  })

  it("numbers PO lines from 1 and derives open units", () => {
    expect(lines.map((l) => [l.lineNumber, l.open])).toEqual([[1, 0], [2, 1]])
  })
})

describe("refund → line credits / cancels", () => {
  const lines = transactionLines({
    items: [item("TABLE", 599, 1, { returned: 1 }, 14.95), item("CHAIR", 289, 2, { received: 1, returned: 1 }), item("LAMP", 45, 2, {})],
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
