// The job's entries for things finished outside it are closed, and only those: a session Medusa no
// longer shows waiting (or removed), an interrupted call whose own entry was finished, a canceled
// order's payment that was canceled or captured meanwhile.
import { Modules } from "@medusajs/framework/utils"
import { FINANCING_MODULE } from "../../../modules/financing/constants"
import { closeFinishedWatches, operationStanding, paymentStanding, sessionStanding } from "../finished-watches"
import { watchOf } from "../schedule"

const entry = (id: string, key: string | null, lender = "vault") => ({
  id,
  idempotency_key: key,
  lender,
  detail: { result: "waiting", reason: "Vault has not settled the payment", lender_status: "PENDING" },
})

describe("watchOf and the standings", () => {
  it("reads the kind and id from the entry's key, and ignores other keys", () => {
    expect(watchOf("reconcile:session:payses_1")).toEqual({ kind: "session", id: "payses_1" })
    expect(watchOf("reconcile:operation:finop_1")).toEqual({ kind: "operation", id: "finop_1" })
    expect(watchOf("reconcile:payment-cancel:pay_1")).toEqual({ kind: "payment-cancel", id: "pay_1" })
    expect(watchOf("reconcile:poll:pa_1")).toBeUndefined()
    expect(watchOf("vault:webhook:abc")).toBeUndefined()
    expect(watchOf(null)).toBeUndefined()
  })

  it("keeps open only what is still waiting", () => {
    expect(sessionStanding({ status: "pending" })).toEqual({ open: true })
    expect(sessionStanding({ status: "requires_more" })).toEqual({ open: true })
    expect(sessionStanding({ status: "authorized" })).toEqual({ open: false, now: "authorized" })
    expect(sessionStanding(undefined)).toEqual({ open: false, now: "removed" })
    expect(operationStanding({ outcome: "pending" })).toEqual({ open: true })
    expect(operationStanding({ outcome: "succeeded" })).toEqual({ open: false, now: "succeeded" })
    expect(paymentStanding({ canceled_at: null, captured_at: null, captures: [] })).toEqual({ open: true })
    expect(paymentStanding({ canceled_at: new Date() })).toEqual({ open: false, now: "canceled" })
    expect(paymentStanding({ canceled_at: null, captures: [{}] })).toEqual({ open: false, now: "captured" })
    expect(paymentStanding(undefined)).toEqual({ open: false, now: "removed" })
  })
})

describe("closeFinishedWatches", () => {
  function stubs() {
    const entries = [
      entry("e_paid", "reconcile:session:ps_paid"),
      entry("e_waiting", "reconcile:session:ps_waiting"),
      entry("e_gone", "reconcile:session:ps_gone"),
      entry("e_call", "reconcile:operation:op_done", "newday"),
      entry("e_call_open", "reconcile:operation:op_open", "newday"),
      entry("e_cancel", "reconcile:payment-cancel:pay_1", "flexshopper"),
      entry("e_other", "reconcile:poll:x"),
    ]
    const financing = {
      listFinancingOperations: jest.fn(async (filter: { id?: string[] }) =>
        filter.id
          ? [
              { id: "op_done", outcome: "failed" },
              { id: "op_open", outcome: "pending" },
            ]
          : entries,
      ),
      updateOperation: jest.fn(async () => undefined),
    }
    const payment = {
      listPaymentSessions: jest.fn(async () => [
        { id: "ps_paid", status: "authorized" },
        { id: "ps_waiting", status: "pending" },
      ]),
      listPayments: jest.fn(async () => [{ id: "pay_1", canceled_at: new Date(), captured_at: null, captures: [] }]),
    }
    const resolve = (key: string) => ({ [FINANCING_MODULE]: financing, [Modules.PAYMENT]: payment })[key]
    return { container: { resolve } as never, financing, payment }
  }

  it("closes the finished ones with what Medusa shows, and leaves the open ones pending", async () => {
    const { container, financing, payment } = stubs()
    const closed = await closeFinishedWatches(container, { lenders: ["vault", "newday", "flexshopper"] })

    expect(closed).toEqual([
      { kind: "session", watched_id: "ps_paid", lender: "vault", now: "authorized" },
      { kind: "session", watched_id: "ps_gone", lender: "vault", now: "removed" },
      { kind: "operation", watched_id: "op_done", lender: "newday", now: "failed" },
      { kind: "payment-cancel", watched_id: "pay_1", lender: "flexshopper", now: "canceled" },
    ])
    expect(financing.listFinancingOperations).toHaveBeenNthCalledWith(
      1,
      { operation: "reconcile", outcome: "pending", lender: ["vault", "newday", "flexshopper"] },
      expect.objectContaining({ take: 100 }),
    )
    expect(payment.listPaymentSessions).toHaveBeenCalledWith(
      { id: ["ps_paid", "ps_waiting", "ps_gone"] },
      { select: ["id", "status"] },
    )
    expect(financing.updateOperation.mock.calls.map((call) => (call as unknown[])[0])).toEqual([
      "e_paid",
      "e_gone",
      "e_call",
      "e_cancel",
    ])
    expect(financing.updateOperation).toHaveBeenCalledWith("e_paid", {
      outcome: "succeeded",
      next_attempt_at: null,
      error_message: null,
      detail: {
        result: "finished_elsewhere",
        reason: "finished outside the reconcile job: Medusa shows the payment session authorized",
        lender_status: "PENDING",
        now: "authorized",
      },
    })
  })

  it("pages past the entries still open, so a finished one behind a full batch is closed too", async () => {
    const { container, financing, payment } = stubs()
    const waiting = Array.from({ length: 100 }, (_, i) => entry(`e_${i}`, `reconcile:session:ps_${i}`))
    financing.listFinancingOperations
      .mockResolvedValueOnce(waiting)
      .mockResolvedValueOnce([entry("e_late", "reconcile:session:ps_late")])
    payment.listPaymentSessions
      .mockResolvedValueOnce(waiting.map((_, i) => ({ id: `ps_${i}`, status: "pending" })))
      .mockResolvedValueOnce([{ id: "ps_late", status: "canceled" }])

    expect(await closeFinishedWatches(container)).toEqual([
      { kind: "session", watched_id: "ps_late", lender: "vault", now: "canceled" },
    ])
    expect(financing.listFinancingOperations).toHaveBeenCalledTimes(2)
    expect(financing.listFinancingOperations).toHaveBeenLastCalledWith(
      { operation: "reconcile", outcome: "pending" },
      expect.objectContaining({ take: 100, skip: 100 }),
    )
    expect(financing.updateOperation.mock.calls.map((call) => (call as unknown[])[0])).toEqual(["e_late"])
  })

  it("reads nothing more when no entry is pending", async () => {
    const { container, financing, payment } = stubs()
    financing.listFinancingOperations.mockResolvedValueOnce([])
    expect(await closeFinishedWatches(container)).toEqual([])
    expect(financing.listFinancingOperations).toHaveBeenCalledWith(
      { operation: "reconcile", outcome: "pending" },
      expect.anything(),
    )
    expect(payment.listPaymentSessions).not.toHaveBeenCalled()
    expect(payment.listPayments).not.toHaveBeenCalled()
    expect(financing.updateOperation).not.toHaveBeenCalled()
  })
})
