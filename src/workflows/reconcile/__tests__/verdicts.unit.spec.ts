// What the reconcile job decides for a waiting session: Payment Assist's answer as a verdict, and
// when "still waiting" becomes a person's job.
import { paymentAssistVerdict } from "../payment-assist"
import { giveUpWaiting } from "../sessions"

const DAY = 24 * 60 * 60 * 1000

describe("paymentAssistVerdict", () => {
  it("maps the workflow's actions", () => {
    expect(paymentAssistVerdict({ action: "completed_cart", order_id: "order_1", lender_status: "completed" })).toEqual(
      { result: "completed", order_id: "order_1", lender_status: "completed" },
    )
    expect(paymentAssistVerdict({ action: "marked_failed", lender_status: "failed" })).toEqual({
      result: "canceled",
      reason: "the application is failed",
      lender_status: "failed",
    })
    expect(paymentAssistVerdict({ action: "canceled_order", lender_status: "expired" })).toMatchObject({
      result: "canceled",
      reason: "the application is expired",
    })
    expect(paymentAssistVerdict({ action: "action_required", lender_status: "completed" })).toEqual({
      result: "action_required",
      reason: "review the order",
      lender_status: "completed",
    })
    expect(paymentAssistVerdict({ action: "ignored", reason: "unknown session" })).toEqual({
      result: "skipped",
      reason: "unknown session",
    })
  })

  it("reads the status when nothing was done: an existing order is completed, a dead application canceled, anything else waits", () => {
    expect(paymentAssistVerdict({ action: "none", order_id: "order_1", lender_status: "pending_capture" })).toEqual({
      result: "completed",
      order_id: "order_1",
      lender_status: "pending_capture",
    })
    expect(paymentAssistVerdict({ action: "none", lender_status: "pending_capture" })).toMatchObject({
      result: "waiting",
      reason: "the shopper has not finished",
    })
    expect(paymentAssistVerdict({ action: "none", lender_status: "expired" })).toMatchObject({
      result: "canceled",
      reason: "the application is expired",
    })
    expect(paymentAssistVerdict({ action: "none", lender_status: "in_progress", reason: "still signing" })).toEqual({
      result: "waiting",
      reason: "still signing",
      lender_status: "in_progress",
    })
  })
})

describe("giveUpWaiting", () => {
  const waiting = { result: "waiting" as const, reason: "the shopper has not signed", lender_status: "pending" }

  it("keeps waiting within the session policy's 12 checks and the lender's wait", () => {
    expect(giveUpWaiting(waiting, 11, DAY, 3 * DAY)).toBe(waiting)
  })

  it("hands the session to a person on the 12th check or past the lender's wait", () => {
    const flagged = {
      result: "action_required",
      reason: "still undecided after 12 checks: the shopper has not signed",
      lender_status: "pending",
    }
    expect(giveUpWaiting(waiting, 12, DAY, 3 * DAY)).toEqual(flagged)
    expect(giveUpWaiting(waiting, 2, 3 * DAY + 1, 3 * DAY)).toMatchObject({
      result: "action_required",
      reason: "still undecided after 2 checks: the shopper has not signed",
    })
  })

  it("never touches a decided verdict", () => {
    const completed = { result: "completed" as const, order_id: "order_1" }
    expect(giveUpWaiting(completed, 50, 10 * DAY, 3 * DAY)).toBe(completed)
  })
})
