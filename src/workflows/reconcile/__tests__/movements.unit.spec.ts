// What the reconcile job does with a Medusa capture/refund whose provider call never finished:
// finish it with the lender, finish only Medusa's side, remove a duplicate of a retry, remove what
// the lender refuses, and back off when the lender cannot be reached.
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { FINANCING_MODULE } from "../../../modules/financing/constants"
import type { FinancingOperationDTO } from "../../../modules/financing/types"
import { outcomeUnknown, registerMovementFinisher, type MovementFinisher } from "../../../provider-kit/medusa-movement"
import { finishInterruptedMovements } from "../movements"

const PROVIDER = "pp_movement-unit_movement-unit"
const NOW = new Date("2026-12-07T12:00:00Z")
const LONG_AGO = new Date(NOW.getTime() - 20 * 60 * 1000)

let ops: FinancingOperationDTO[]
let captures: Array<{ id: string; amount: number; payment_id: string }>
let refunds: Array<{ id: string; amount: number; payment_id: string }>
let payment: {
  id: string
  provider_id: string
  data: Record<string, unknown>
  amount: number
  captured_at: Date | null
}
let collection: Record<string, unknown>
let finisher: jest.Mock

function op(fields: Partial<FinancingOperationDTO>): FinancingOperationDTO {
  const row = {
    id: `finop_${ops.length + 1}`,
    provider_id: PROVIDER,
    lender: "newday",
    attempts: 1,
    references: null,
    created_at: LONG_AGO,
    ...fields,
  } as FinancingOperationDTO
  ops.push(row)
  return row
}

const matches = (value: unknown, filter: unknown): boolean => {
  if (filter && typeof filter === "object" && !Array.isArray(filter) && !(filter instanceof Date)) {
    const f = filter as { $nin?: unknown[]; $lte?: Date; $gte?: Date }
    if (f.$nin) return !f.$nin.includes(value)
    if (f.$lte) return new Date(value as Date) <= f.$lte
    if (f.$gte) return new Date(value as Date) >= f.$gte
  }
  return Array.isArray(filter) ? filter.includes(value) : value === filter
}

const container = {
  resolve(name: string) {
    if (name === FINANCING_MODULE)
      return {
        listFinancingOperations: async (filters: Record<string, unknown>) =>
          ops.filter((row) =>
            Object.entries(filters).every(([key, f]) => matches((row as unknown as Record<string, unknown>)[key], f)),
          ),
        updateOperation: async (id: string, patch: Partial<FinancingOperationDTO>) =>
          Object.assign(
            ops.find((row) => row.id === id)!,
            patch,
          ),
      }
    if (name === Modules.PAYMENT)
      return {
        listCaptures: async ({ id }: { id: string[] }) => captures.filter((c) => id.includes(c.id)),
        listRefunds: async ({ id }: { id: string[] }) => refunds.filter((r) => id.includes(r.id)),
        deleteCaptures: async (ids: string[]) => void (captures = captures.filter((c) => !ids.includes(c.id))),
        deleteRefunds: async (ids: string[]) => void (refunds = refunds.filter((r) => !ids.includes(r.id))),
        retrievePayment: async () => ({ ...payment, payment_collection_id: "paycol_1", captures }),
        updatePayment: async (patch: Record<string, unknown>) => Object.assign(payment, patch),
        listPaymentCollections: async () => [{ id: "paycol_1", amount: 100, payments: [{ captures, refunds }] }],
        updatePaymentCollections: async (_id: string, patch: Record<string, unknown>) => (collection = patch),
      }
    throw new Error(`unexpected ${name}`)
  },
} as never

beforeEach(() => {
  ops = []
  captures = [{ id: "capt_1", amount: 100, payment_id: "pay_1" }]
  refunds = []
  payment = { id: "pay_1", provider_id: PROVIDER, data: { state: "before" }, amount: 100, captured_at: null }
  collection = {}
  finisher = jest.fn<ReturnType<MovementFinisher>, Parameters<MovementFinisher>>(async () => ({
    data: { state: "settled" },
  }))
  registerMovementFinisher(PROVIDER, finisher)
})

const run = () => finishInterruptedMovements(container, { now: NOW })
const amountOf = (value: unknown) => Number(JSON.parse(JSON.stringify(value)))

describe("finishInterruptedMovements", () => {
  it("runs the lender's capture again for the row (same Medusa id), then finishes Medusa's side", async () => {
    const entry = op({ operation: "medusa-capture", outcome: "pending", idempotency_key: "capt_1" })
    op({ operation: "settle", outcome: "pending", idempotency_key: "k1", references: { medusa_movement_id: "capt_1" } })

    expect(await run()).toMatchObject([{ result: "finished", medusa_id: "capt_1" }])
    expect(finisher).toHaveBeenCalledWith("capture", {
      data: { state: "before" },
      context: { idempotency_key: "capt_1" },
    })
    expect(payment.data).toEqual({ state: "settled" })
    expect(payment.captured_at).toEqual(NOW)
    expect(amountOf(collection.captured_amount)).toBe(100)
    expect(collection.status).toBe("completed")
    expect(entry).toMatchObject({ outcome: "succeeded", payment_id: "pay_1" })
  })

  it("does not call the lender again when a call for this row succeeded: only Medusa's side is finished", async () => {
    op({ operation: "medusa-capture", outcome: "pending", idempotency_key: "capt_1" })
    op({
      operation: "settle",
      outcome: "succeeded",
      idempotency_key: "k1",
      references: { medusa_movement_id: "capt_1" },
    })

    expect(await run()).toMatchObject([{ result: "lender-had-acted" }])
    expect(finisher).not.toHaveBeenCalled()
    expect(payment.captured_at).toEqual(NOW)
  })

  it("removes a refund row whose lender call was made (or replayed) under the admin's retry", async () => {
    refunds = [
      { id: "ref_orphan", amount: 5, payment_id: "pay_1" },
      { id: "ref_retry", amount: 5, payment_id: "pay_1" },
    ]
    const entry = op({ operation: "medusa-refund", outcome: "pending", idempotency_key: "ref_orphan" })
    op({
      operation: "refund",
      outcome: "failed",
      idempotency_key: "k5",
      references: { medusa_movement_id: "ref_orphan" },
    })
    op({ operation: "medusa-refund", outcome: "succeeded", idempotency_key: "ref_retry" })
    op({
      operation: "refund",
      outcome: "succeeded",
      idempotency_key: "k5",
      references: { medusa_movement_id: "ref_retry" },
    })

    expect(await run()).toMatchObject([{ result: "removed-duplicate", medusa_id: "ref_orphan" }])
    expect(refunds.map((r) => r.id)).toEqual(["ref_retry"])
    expect(amountOf(collection.refunded_amount)).toBe(5)
    expect(finisher).not.toHaveBeenCalled()
    expect(entry.outcome).toBe("failed")
  })

  it("removes the row when the lender refuses it, and says why", async () => {
    finisher.mockRejectedValueOnce(
      new MedusaError(MedusaError.Types.NOT_ALLOWED, "NewDay NewPay settle failed: expired"),
    )
    const entry = op({ operation: "medusa-capture", outcome: "pending", idempotency_key: "capt_1" })

    expect(await run()).toMatchObject([{ result: "removed-refused" }])
    expect(captures).toEqual([])
    expect(amountOf(collection.captured_amount)).toBe(0)
    expect(entry.error_message).toMatch(/refused .* \(NewDay NewPay settle failed: expired\)/)
  })

  it("keeps the row and hands it to a person when the lender cannot say whether it acted", async () => {
    finisher.mockRejectedValueOnce(
      outcomeUnknown(new MedusaError(MedusaError.Types.NOT_ALLOWED, "FlexShopper credit: check the merchant portal")),
    )
    const entry = op({ operation: "medusa-capture", outcome: "pending", idempotency_key: "capt_1" })

    expect(await run()).toMatchObject([{ result: "action_required" }])
    expect(captures).toHaveLength(1)
    expect(entry).toMatchObject({ outcome: "action_required", payment_id: "pay_1" })
    expect(entry.error_message).toMatch(/cannot say whether it acted: FlexShopper credit: check the merchant portal/)
  })

  it("waits and tries again later when the lender cannot be reached; the row stays", async () => {
    finisher.mockRejectedValueOnce(new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "timed out"))
    const entry = op({ operation: "medusa-capture", outcome: "pending", idempotency_key: "capt_1" })

    expect(await run()).toMatchObject([{ result: "waiting" }])
    expect(entry).toMatchObject({ outcome: "pending", attempts: 2 })
    expect(new Date(entry.next_attempt_at!).getTime()).toBeGreaterThan(NOW.getTime())
    expect(captures).toHaveLength(1)
    expect(await run()).toEqual([]) // not due yet
  })

  it("closes the entry when Medusa no longer has the row, and leaves recent entries alone", async () => {
    captures = []
    const gone = op({ operation: "medusa-capture", outcome: "pending", idempotency_key: "capt_1" })
    const fresh = op({ operation: "medusa-capture", outcome: "pending", idempotency_key: "capt_2", created_at: NOW })

    expect(await run()).toMatchObject([{ result: "gone", medusa_id: "capt_1" }])
    expect(gone.outcome).toBe("failed")
    expect(fresh.outcome).toBe("pending")
  })
})
