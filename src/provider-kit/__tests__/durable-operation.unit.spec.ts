// The durable-operation engine against an in-memory financing log: one entry per key, attempts
// counted across runs, the policy's next attempt time, and a lost answer found applied.
import { MedusaError } from "@medusajs/framework/utils"
import { LenderError } from "../../lenders/errors"
import type { FinancingLog } from "../../modules/financing/types"
import {
  failureOutcome,
  nextAttemptAt,
  retryDelayMs,
  retryDueOperations,
  trackedOnce,
  type DurableLender,
  type RetryPolicy,
} from "../durable-operation"
import { messageOf } from "../message-of"

const MIN = 60_000
const POLICY: RetryPolicy = { maxAttempts: 4, baseMs: MIN, maxMs: 5 * MIN }
const BY: DurableLender = {
  lender: "acme",
  provider_id: "pp_acme_acme",
  lenderName: "Acme",
  currency_code: "usd",
  policy: POLICY,
}

type Row = Record<string, any> & { id: string; attempts: number; outcome: string }

function fakeLog() {
  const rows: Row[] = []
  const log = {
    rows,
    recordOperation: jest.fn(async (input: Record<string, unknown>) => {
      const row = { id: `op_${rows.length + 1}`, attempts: 1, ...input } as Row
      rows.push(row)
      return row
    }),
    updateOperation: jest.fn(async (id: string, patch: Record<string, unknown>) =>
      Object.assign(
        rows.find((r) => r.id === id)!,
        patch,
      ),
    ),
    findOperationByIdempotencyKey: jest.fn(
      async (key: string) => [...rows].reverse().find((r) => r.idempotency_key === key) ?? null,
    ),
  }
  return log as typeof log & FinancingLog
}

const input = {
  key: "acme:ship:ful_1",
  operation: "ship-confirm",
  order_id: "order_1",
  fulfillment_id: "ful_1",
  amount: "10.00",
  detail: { kind: "shipment" },
}
const down = () =>
  new LenderError({
    lender: "acme",
    lenderName: "Acme",
    operation: "ship-confirm",
    kind: "http",
    httpStatus: 503,
    description: "down",
  })

describe("retry policy", () => {
  it("doubles the pause from baseMs up to maxMs", () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(POLICY, n))).toEqual([MIN, 2 * MIN, 4 * MIN, 5 * MIN, 5 * MIN])
    expect(retryDelayMs(POLICY, 0)).toBe(MIN)
  })

  it("gives a next attempt time until maxAttempts, then none", () => {
    const now = new Date("2026-01-01T00:00:00Z")
    expect(nextAttemptAt(POLICY, 1, now)).toEqual(new Date("2026-01-01T00:01:00Z"))
    expect(nextAttemptAt(POLICY, 3, now.getTime())).toEqual(new Date("2026-01-01T00:04:00Z"))
    expect(nextAttemptAt(POLICY, 4, now)).toBeNull()
    expect(failureOutcome(POLICY, 3, now)).toEqual({
      outcome: "failed",
      next_attempt_at: new Date("2026-01-01T00:04:00Z"),
    })
    expect(failureOutcome(POLICY, 4, now)).toEqual({ outcome: "action_required", next_attempt_at: null })
  })
})

describe("trackedOnce", () => {
  it("logs a pending entry, calls once, and marks it succeeded; a second run does not call again", async () => {
    const log = fakeLog()
    const call = jest.fn(async () => undefined)
    expect(await trackedOnce(log, BY, input, call)).toBe("done")
    expect(log.rows).toEqual([
      expect.objectContaining({
        lender: "acme",
        provider_id: "pp_acme_acme",
        operation: "ship-confirm",
        idempotency_key: input.key,
        outcome: "succeeded",
        attempts: 1,
        currency_code: "usd",
        amount: "10.00",
        next_attempt_at: null,
      }),
    ])
    expect(await trackedOnce(log, BY, input, call)).toBe("already-done")
    expect(call).toHaveBeenCalledTimes(1)
    expect(log.rows).toHaveLength(1)
  })

  it("records a failure with the lender's status and the policy's next attempt, and throws it as a MedusaError", async () => {
    const log = fakeLog()
    const before = Date.now()
    const thrown = await trackedOnce(log, BY, input, async () => Promise.reject(down())).catch((e) => e)
    expect(thrown).toBeInstanceOf(MedusaError)
    expect(thrown.message).toContain("Acme")
    const [row] = log.rows
    expect(row).toMatchObject({ outcome: "failed", attempts: 1, http_status: 503 })
    expect(new Date(row.next_attempt_at).getTime()).toBeGreaterThanOrEqual(before + MIN)
    expect(new Date(row.next_attempt_at).getTime()).toBeLessThan(before + 2 * MIN)
  })

  it("counts attempts across runs on the same entry and stops scheduling at the cap", async () => {
    const log = fakeLog()
    for (let run = 1; run <= 4; run++)
      await trackedOnce(log, BY, input, async () => Promise.reject(down())).catch(() => undefined)
    expect(log.rows).toHaveLength(1)
    expect(log.rows[0]).toMatchObject({ outcome: "failed", attempts: 4, next_attempt_at: null })
  })

  it("asks alreadyApplied before repeating a failed call, and does not call when the lender has it", async () => {
    const log = fakeLog()
    await trackedOnce(log, BY, input, async () => Promise.reject(down())).catch(() => undefined)
    const call = jest.fn(async () => undefined)
    expect(await trackedOnce(log, BY, input, call, async () => true)).toBe("found-applied")
    expect(call).not.toHaveBeenCalled()
    expect(log.rows[0]).toMatchObject({ outcome: "succeeded", next_attempt_at: null, error_message: null })
  })

  it("counts a lender that cannot even be asked as an attempt", async () => {
    const log = fakeLog()
    await trackedOnce(log, BY, input, async () => Promise.reject(down())).catch(() => undefined)
    const call = jest.fn(async () => undefined)
    await expect(trackedOnce(log, BY, input, call, async () => Promise.reject(down()))).rejects.toBeInstanceOf(
      MedusaError,
    )
    expect(call).not.toHaveBeenCalled()
    expect(log.rows[0]).toMatchObject({ outcome: "failed", attempts: 2 })
  })

  it("retries when alreadyApplied says no, on the same entry", async () => {
    const log = fakeLog()
    await trackedOnce(log, BY, input, async () => Promise.reject(down())).catch(() => undefined)
    const call = jest.fn(async () => undefined)
    expect(await trackedOnce(log, BY, input, call, async () => false)).toBe("done")
    expect(call).toHaveBeenCalledTimes(1)
    expect(log.rows).toEqual([expect.objectContaining({ outcome: "succeeded", attempts: 2 })])
  })
})

describe("retryDueOperations", () => {
  it("claims every due entry, runs each target once, and skips entries without one", async () => {
    const due = [
      { id: "op_1", order_id: "order_1", attempts: 2 },
      { id: "op_2", order_id: null, attempts: 1 },
      { id: "op_3", order_id: "order_1", attempts: 3 },
      { id: "op_4", order_id: "order_2", attempts: 1 },
    ]
    const log = { listFinancingOperations: jest.fn(async () => due), updateOperation: jest.fn(async () => undefined) }
    const now = new Date("2026-01-01T00:00:00Z")
    const ran = await retryDueOperations(
      log,
      { lender: "acme", operation: "invoice-upload", now },
      (op) => op.order_id,
      async (op, target) => `${target}@${op.attempts}`,
    )
    expect(ran).toEqual(["order_1@2", "order_2@1"])
    expect(log.updateOperation.mock.calls).toEqual(due.map((op) => [op.id, { next_attempt_at: null }]))
    expect(log.listFinancingOperations).toHaveBeenCalledWith(
      { lender: "acme", operation: "invoice-upload", outcome: "failed", next_attempt_at: { $lte: now } },
      { take: 50, order: { created_at: "ASC" } },
    )
  })
})

describe("messageOf", () => {
  it("reads a message by shape, with a fallback", () => {
    expect(messageOf(new Error("boom"))).toBe("boom")
    expect(messageOf({ message: "plain object" })).toBe("plain object")
    expect(messageOf("a string")).toBe("a string")
    expect(messageOf(new Error(""))).toBe("unknown error")
    expect(messageOf(null, "unexpected error")).toBe("unexpected error")
    expect(messageOf({ message: 42 })).toBe("unknown error")
  })
})
