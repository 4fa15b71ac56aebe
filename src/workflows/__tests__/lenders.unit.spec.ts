// The workflow-level lender registry against the provider-level one, and each lender's named
// retry policy (the attempt counts and pauses the reliability tests rely on).
import { LENDER_SLUGS, providerIdFor } from "../../lenders/slugs"
import { nextAttemptAt, retryDelayMs } from "../../provider-kit/durable-operation"
import { lenderBySlug } from "../../providers/lenders"
import { FLEXSHOPPER_RETRY } from "../flexshopper/tracked-once"
import { LENDER_OPERATIONS, lenderOperations } from "../lenders"
import { NEWDAY_CONFIRMATION_RETRY } from "../newday/confirmations"
import { PAYMENT_ASSIST_INVOICE_RETRY } from "../payment-assist/steps/upload-invoice"
import { RECONCILE_CANCELED_ORDER_RETRY, RECONCILE_ORDER_RETRY, RECONCILE_SESSION_RETRY } from "../reconcile/schedule"
import { SESSION_RECONCILERS } from "../reconcile/sessions"

const MIN = 60_000
const HOUR = 60 * MIN

describe("src/workflows/lenders.ts", () => {
  it("lists every lender once, in LENDER_SLUGS order, and the session reconcilers follow it", () => {
    expect(LENDER_OPERATIONS.map((ops) => ops.lender)).toEqual([...LENDER_SLUGS])
    expect(SESSION_RECONCILERS.map((r) => r.lender)).toEqual([...LENDER_SLUGS])
    for (const ops of LENDER_OPERATIONS) expect(ops.reconciler.providerId).toBe(providerIdFor(ops.lender))
  })

  it.each([...LENDER_SLUGS])("%s: the admin can retry exactly the lender's retryable operations", (slug) => {
    expect(Object.keys(lenderOperations(slug).redo).sort()).toEqual([...lenderBySlug(slug).retryableOperations].sort())
  })

  it("runs due retries for the three lenders with lender side effects, and polls Payment Assist", () => {
    expect(LENDER_OPERATIONS.filter((ops) => ops.retryDue).map((ops) => [ops.lender, ops.retryDue!.label])).toEqual([
      ["payment-assist", "payment-assist invoices"],
      ["flexshopper", "flexshopper confirmations"],
      ["newday", "newday confirmations"],
    ])
    expect(LENDER_OPERATIONS.filter((ops) => ops.poll).map((ops) => ops.lender)).toEqual(["payment-assist"])
  })
})

describe("retry policies", () => {
  const pauses = (policy: Parameters<typeof retryDelayMs>[0], n: number) =>
    Array.from({ length: n }, (_, i) => retryDelayMs(policy, i + 1))

  it("FlexShopper: 8 attempts, 1 minute doubling without a cap", () => {
    expect(pauses(FLEXSHOPPER_RETRY, 7)).toEqual([1, 2, 4, 8, 16, 32, 64].map((m) => m * MIN))
    expect(nextAttemptAt(FLEXSHOPPER_RETRY, 7, 0)).toEqual(new Date(64 * MIN))
    expect(nextAttemptAt(FLEXSHOPPER_RETRY, 8, 0)).toBeNull()
  })

  it("NewDay settle/reverse: 10 attempts, 5 minutes doubling up to 6 hours", () => {
    expect(pauses(NEWDAY_CONFIRMATION_RETRY, 9)).toEqual([5, 10, 20, 40, 80, 160, 320, 360, 360].map((m) => m * MIN))
    expect(nextAttemptAt(NEWDAY_CONFIRMATION_RETRY, 9, 0)).toEqual(new Date(6 * HOUR))
    expect(nextAttemptAt(NEWDAY_CONFIRMATION_RETRY, 10, 0)).toBeNull()
  })

  it("Payment Assist invoices: 15 attempts in all, a run every 15 minutes", () => {
    expect(new Set(pauses(PAYMENT_ASSIST_INVOICE_RETRY, 14))).toEqual(new Set([15 * MIN]))
    expect(nextAttemptAt(PAYMENT_ASSIST_INVOICE_RETRY, 14, 0)).toEqual(new Date(15 * MIN))
    expect(nextAttemptAt(PAYMENT_ASSIST_INVOICE_RETRY, 15, 0)).toBeNull()
  })

  it("reconcile: sessions 12 checks, interrupted calls 8 syncs, canceled orders 10 cancels; 5 minutes doubling up to 6 hours", () => {
    expect(
      [RECONCILE_SESSION_RETRY, RECONCILE_ORDER_RETRY, RECONCILE_CANCELED_ORDER_RETRY].map((p) => p.maxAttempts),
    ).toEqual([12, 8, 10])
    expect(pauses(RECONCILE_SESSION_RETRY, 8)).toEqual([5, 10, 20, 40, 80, 160, 320, 360].map((m) => m * MIN))
    expect(nextAttemptAt(RECONCILE_ORDER_RETRY, 8, 0)).toBeNull()
    expect(nextAttemptAt(RECONCILE_CANCELED_ORDER_RETRY, 9, 0)).toEqual(new Date(6 * HOUR))
  })
})
