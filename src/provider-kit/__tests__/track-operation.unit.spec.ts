import { MedusaError } from "@medusajs/framework/utils"
import { LenderError } from "../../lenders/errors"
import type { FinancingLog, FinancingOperationDTO, RecordFinancingOperationInput } from "../../modules/financing"
import { trackLenderOperation, type TrackTarget } from "../track-operation"

function memoryLog() {
  const rows: Array<Record<string, unknown>> = []
  let next = 1
  const log = {
    rows,
    recordOperation: jest.fn(async (input: RecordFinancingOperationInput) => {
      const row = { id: `finop_${next++}`, ...input }
      rows.push(row)
      return row as unknown as FinancingOperationDTO
    }),
    updateOperation: jest.fn(async (id: string, patch: Record<string, unknown>) => {
      const row = rows.find((r) => r.id === id)!
      Object.assign(row, patch)
      return row as unknown as FinancingOperationDTO
    }),
  }
  return log
}

const target = (log: unknown, warn = jest.fn()): TrackTarget => ({
  lender: "payment-assist",
  lenderName: "Payment Assist",
  providerId: "pp_payment-assist_payment-assist",
  log: log as FinancingLog,
  logger: { warn },
})

describe("trackLenderOperation", () => {
  it("logs one succeeded entry after the call, with what describe() extracts", async () => {
    const log = memoryLog()
    const result = await trackLenderOperation(
      target(log),
      { operation: "status", payment_session_id: "payses_1" },
      async () => ({ status: "pending_capture", token: "tok_1" }),
      (r) => ({ lender_reference: r.token, detail: { status: r.status } }),
    )
    expect(result.token).toBe("tok_1")
    expect(log.recordOperation).toHaveBeenCalledTimes(1)
    expect(log.updateOperation).not.toHaveBeenCalled()
    expect(log.rows).toEqual([
      expect.objectContaining({
        lender: "payment-assist",
        provider_id: "pp_payment-assist_payment-assist",
        operation: "status",
        payment_session_id: "payses_1",
        outcome: "succeeded",
        lender_reference: "tok_1",
        detail: { status: "pending_capture" },
      }),
    ])
  })

  it("writes a pending entry before money-moving calls and completes that same entry", async () => {
    const log = memoryLog()
    let seenDuringCall: unknown
    await trackLenderOperation(
      target(log),
      { operation: "capture", payment_id: "pay_1", recordBeforeCall: true },
      async () => {
        seenDuringCall = log.rows.map((r) => r.outcome)
        return "ok"
      },
    )
    expect(seenDuringCall).toEqual(["pending"])
    expect(log.rows).toHaveLength(1)
    expect(log.rows[0]).toMatchObject({ outcome: "succeeded", payment_id: "pay_1" })
    expect(log.rows[0]).not.toHaveProperty("recordBeforeCall")
  })

  it("records a lender failure with its code, status and correlation id, and throws a MedusaError naming the lender", async () => {
    const log = memoryLog()
    const failure = new LenderError({
      lender: "payment-assist",
      lenderName: "Payment Assist",
      operation: "capture",
      kind: "http",
      httpStatus: 409,
      lenderCode: "not_awaiting_capture",
      lenderMessage: "Application is not awaiting capture",
      correlationId: "corr-1",
    })
    const error = await trackLenderOperation(
      target(log),
      { operation: "capture", recordBeforeCall: true },
      async () => {
        throw failure
      },
    ).catch((e) => e)

    expect(error).toBeInstanceOf(MedusaError)
    expect(error.message).toContain("Payment Assist")
    expect(error.message).toContain("Application is not awaiting capture")
    expect(log.rows).toHaveLength(1)
    expect(log.rows[0]).toMatchObject({
      outcome: "failed",
      error_code: "not_awaiting_capture",
      http_status: 409,
      correlation_id: "corr-1",
    })
  })

  it("never lets a broken log fail or repeat the lender call", async () => {
    const warn = jest.fn()
    const broken = {
      recordOperation: jest.fn(async () => {
        throw new Error("database is down")
      }),
      updateOperation: jest.fn(),
    }
    const call = jest.fn(async () => 42)
    await expect(
      trackLenderOperation(target(broken, warn), { operation: "capture", recordBeforeCall: true }, call),
    ).resolves.toBe(42)
    expect(call).toHaveBeenCalledTimes(1)
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("could not write the financing log"))
  })

  it("hides unexpected (non-lender) error text from the caller", async () => {
    const error = await trackLenderOperation(target(memoryLog()), { operation: "initiate" }, async () => {
      throw new Error("connect to https://user:hunter2@example.test failed")
    }).catch((e) => e)
    expect(error).toBeInstanceOf(MedusaError)
    expect(error.message).not.toContain("hunter2")
    expect(error.message).toContain("Payment Assist initiate")
  })
})
