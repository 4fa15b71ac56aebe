import { reconciliationPeriod } from "../../../api/admin/financing/validators"
import { lenderBySlug } from "../../../providers/lenders"
import {
  csvCell,
  reconcilePayments,
  reconciliationCsv,
  type ReconciliationOperation,
  type ReconciliationPayment,
} from "../reconciliation"

const payment = (over: Partial<ReconciliationPayment> = {}): ReconciliationPayment => ({
  id: "pay_1",
  order_id: "order_1",
  payment_session_id: "payses_1",
  created_at: "2026-12-01T10:00:00Z",
  amount: 100,
  currency_code: "gbp",
  captures: [],
  refunds: [],
  lender_references: [],
  ...over,
})

let seq = 0
const op = (over: Partial<ReconciliationOperation>): ReconciliationOperation => ({
  id: `finop_${++seq}`,
  operation: "settle",
  outcome: "succeeded",
  amount: null,
  payment_id: null,
  payment_session_id: "payses_1",
  lender_reference: null,
  idempotency_key: null,
  created_at: "2026-12-01T11:00:00Z",
  ...over,
})

const newday = lenderBySlug("newday")
const reconcile = (payments: ReconciliationPayment[], ops: ReconciliationOperation[], lender = newday) =>
  reconcilePayments(payments, ops, lender.confirmedBy, lender.name)

describe("reconciliation of Medusa's captures and refunds against the lender's confirmations", () => {
  it("matches when every captured and refunded amount was confirmed, summed in minor units (no float drift)", () => {
    const { rows, counts } = reconcile(
      [payment({ captures: [0.1, 0.2], refunds: ["0.3"] })],
      [
        op({ amount: "0.1", idempotency_key: "s1" }),
        op({ amount: "0.2", idempotency_key: "s2" }),
        op({ operation: "refund", amount: "0.3", idempotency_key: "r1" }),
      ],
    )
    expect(rows[0]).toMatchObject({
      status: "matched",
      medusa_captured: "0.30",
      lender_captured: "0.30",
      medusa_refunded: "0.30",
      lender_refunded: "0.30",
      authorized: "100.00",
      problems: [],
    })
    expect(counts).toEqual({ mismatch: 0, awaiting: 0, matched: 1 })
  })

  it("names the difference when Medusa captured more than the lender confirmed", () => {
    const { rows } = reconcile([payment({ captures: [60, 40] })], [op({ amount: "60", idempotency_key: "s1" })])
    expect(rows[0].status).toBe("mismatch")
    expect(rows[0].problems).toEqual(["Medusa recorded 100.00 captured; NewDay NewPay confirmed 60.00."])
  })

  it("counts an intent once however many attempts it took, and a failed attempt that later succeeded as confirmed", () => {
    const { rows } = reconcile(
      [payment({ captures: [50] })],
      [
        op({ amount: "50", idempotency_key: "s1", outcome: "failed", created_at: "2026-12-01T11:00:00Z" }),
        op({ amount: "50", idempotency_key: "s1", outcome: "succeeded", created_at: "2026-12-01T11:05:00Z" }),
        op({ amount: "50", idempotency_key: "s1", outcome: "succeeded", created_at: "2026-12-01T11:06:00Z" }),
      ],
    )
    expect(rows[0]).toMatchObject({ status: "matched", lender_captured: "50.00", awaiting: 0 })
  })

  it("keeps an unanswered confirmation as awaiting, and a manual refund nobody confirmed as a mismatch", () => {
    const { rows, counts } = reconcile(
      [
        payment({ id: "pay_a", payment_session_id: "ps_a", captures: [20] }),
        payment({ id: "pay_b", payment_session_id: "ps_b", captures: [30], refunds: [5] }),
      ],
      [
        op({ payment_session_id: "ps_a", amount: "20", idempotency_key: "a1" }),
        op({ payment_session_id: "ps_a", amount: "10", idempotency_key: "a2", outcome: "pending" }),
        op({ payment_session_id: "ps_b", amount: "30", idempotency_key: "b1" }),
        op({ payment_session_id: "ps_b", operation: "refund", amount: "5", outcome: "action_required" }),
      ],
    )
    expect(rows.map((r) => [r.payment_id, r.status])).toEqual([
      ["pay_b", "mismatch"],
      ["pay_a", "awaiting"],
    ])
    expect(rows[0].problems).toEqual([
      "Medusa recorded 5.00 refunded; NewDay NewPay confirmed 0.00.",
      "1 NewDay NewPay operation has not been confirmed yet (see the order's financing history).",
    ])
    expect(counts).toEqual({ mismatch: 1, awaiting: 1, matched: 0 })
  })

  it("finds confirmations by payment, payment session or the lender's reference, and ignores other payments' and other operations", () => {
    const vault = lenderBySlug("vault")
    const { rows } = reconcile(
      [payment({ id: "pay_v", payment_session_id: null, captures: [12.5], lender_references: ["vault-pay-1"] })],
      [
        // Status reads without a key of their own: one payment is paid once.
        op({ operation: "authorize", payment_session_id: null, lender_reference: "vault-pay-1", amount: "12.50" }),
        op({ operation: "authorize", payment_session_id: null, lender_reference: "vault-pay-1", amount: "12.50" }),
        op({ operation: "authorize", payment_session_id: null, lender_reference: "vault-pay-2", amount: "99.00" }),
        op({ operation: "initiate", payment_id: "pay_v", amount: "12.50" }),
      ],
      vault,
    )
    expect(rows[0]).toMatchObject({ status: "matched", lender_captured: "12.50" })
  })

  it("orders mismatches first, then awaiting, then matched, newest first within each", () => {
    const { rows } = reconcile(
      [
        payment({ id: "old_match", payment_session_id: "p1", created_at: "2026-11-01T00:00:00Z" }),
        payment({ id: "new_match", payment_session_id: "p2", created_at: "2026-11-20T00:00:00Z" }),
        payment({ id: "mismatch", payment_session_id: "p3", created_at: "2026-10-01T00:00:00Z", captures: [1] }),
      ],
      [],
    )
    expect(rows.map((r) => r.payment_id)).toEqual(["mismatch", "new_match", "old_match"])
  })

  it("works in the payment's own currency exponent (JPY has none)", () => {
    const { rows } = reconcile(
      [payment({ currency_code: "JPY", amount: 1500, captures: [1500] })],
      [op({ amount: "1500", idempotency_key: "j" })],
    )
    expect(rows[0]).toMatchObject({ status: "matched", medusa_captured: "1500", currency_code: "jpy" })
  })
})

describe("reconciliation CSV", () => {
  it("writes a header and one line per row, quoting commas and quotes", () => {
    const { rows } = reconcile([payment({ captures: [1] })], [])
    const csv = reconciliationCsv(rows)
    const [header, line, end] = csv.split("\r\n")
    expect(header).toBe(
      "status,payment_id,order_id,created_at,currency_code,authorized,medusa_captured,lender_captured,medusa_refunded,lender_refunded,awaiting,problems",
    )
    expect(line).toBe(
      "mismatch,pay_1,order_1,2026-12-01T10:00:00.000Z,gbp,100.00,1.00,0.00,0.00,0.00,0,Medusa recorded 1.00 captured; NewDay NewPay confirmed 0.00.",
    )
    expect(end).toBe("")
    expect(csvCell('say "hi", then')).toBe('"say ""hi"", then"')
  })

  it("defuses text a spreadsheet would run as a formula", () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"')
    expect(csvCell("+1")).toBe("'+1")
    expect(csvCell("-2")).toBe("'-2")
    expect(csvCell("@cmd")).toBe("'@cmd")
    expect(csvCell("12.50")).toBe("12.50")
    expect(csvCell(null)).toBe("")
  })
})

describe("reconciliation period", () => {
  const now = new Date("2026-12-05T15:00:00Z")
  it("defaults to the 30 days up to and including today (UTC)", () => {
    const period = reconciliationPeriod({}, now)
    expect(period).toMatchObject({ from: "2026-11-06", to: "2026-12-05" })
    expect(period.start.toISOString()).toBe("2026-11-06T00:00:00.000Z")
    expect(period.end.toISOString()).toBe("2026-12-06T00:00:00.000Z")
  })
  it("refuses a period that ends before it starts or is longer than a year", () => {
    expect(() => reconciliationPeriod({ from: "2026-12-02", to: "2026-12-01" }, now)).toThrow(
      "from (2026-12-02) must not be after to (2026-12-01)",
    )
    expect(() => reconciliationPeriod({ from: "2025-01-01", to: "2026-12-01" }, now)).toThrow("longer than 366 days")
    expect(reconciliationPeriod({ from: "2026-12-01", to: "2026-12-01" }, now).end.toISOString()).toBe(
      "2026-12-02T00:00:00.000Z",
    )
  })
})
