// Medusa's captures and refunds bracketed in the financing log under Medusa's row id, the lender
// calls inside tagged with it, and the lender's own capture/refund reachable for the reconcile job.
import type { CapturePaymentInput, RefundPaymentInput } from "@medusajs/framework/types"
import { FakeFinancingLog } from "../../providers/newday/__tests__/helpers/fake-financing-log"
import { setFinancingLog } from "../../modules/financing/registry"
import { StubLenderProvider } from "./helpers/stub-provider"
import { movementFinisherFor } from "../medusa-movement"

class SettlingProvider extends StubLenderProvider {
  static override identifier = "movement-test"
  static override lender = {
    slug: "newday",
    name: "Movement Lender",
    identifier: "movement-test",
    providerId: "pp_movement-test_movement-test",
  } as const
  lenderCalls = 0
  override async capturePayment(input: CapturePaymentInput) {
    // A read: not money moving, so not tagged.
    await this.track({ operation: "status" }, async () => ({ status: "authorised" }))
    const settled = await this.track(
      { operation: "settle", idempotency_key: "lender-key-1", recordBeforeCall: true },
      async () => ({ transactionId: `tx_${++this.lenderCalls}` }),
      (r) => ({ lender_reference: r.transactionId, references: { authorisation_id: "auth_1" } }),
    )
    return { data: { ...input.data, settled: settled.transactionId } }
  }
  override async refundPayment(_input: RefundPaymentInput): Promise<never> {
    await this.track({ operation: "refund", recordBeforeCall: true }, async () => {
      throw new Error("lender unreachable")
    })
    throw new Error("unreachable")
  }
}

let log: FakeFinancingLog
beforeEach(() => {
  log = new FakeFinancingLog()
  setFinancingLog(log)
})
afterEach(() => setFinancingLog(undefined))

const entries = () => log.operations.map((op) => [op.operation, op.outcome, op.idempotency_key])

describe("Medusa movements", () => {
  it("brackets a capture under Medusa's capture id and tags the lender call with it", async () => {
    const provider = new SettlingProvider({}, {})
    const out = await provider.capturePayment({ data: { a: 1 }, context: { idempotency_key: "capt_1" } } as never)
    expect(out.data).toEqual({ a: 1, settled: "tx_1" })
    expect(entries()).toEqual([
      ["medusa-capture", "succeeded", "capt_1"],
      ["status", "succeeded", undefined],
      ["settle", "succeeded", "lender-key-1"],
    ])
    expect(log.operations[1].references).toBeUndefined()
    // The lender's own references are kept beside the tag (merged, not replaced, on completion).
    expect(log.operations[2].references).toEqual({ authorisation_id: "auth_1", medusa_movement_id: "capt_1" })
  })

  it("marks the bracket failed when the provider throws (Medusa then removes its row)", async () => {
    const provider = new SettlingProvider({}, {})
    await expect(
      provider.refundPayment({ data: {}, amount: 5, context: { idempotency_key: "ref_1" } } as never),
    ).rejects.toThrow(/Movement Lender refund failed/)
    expect(entries()).toEqual([
      ["medusa-refund", "failed", "ref_1"],
      ["refund", "failed", undefined],
    ])
    expect(log.operations[1].references).toEqual({ medusa_movement_id: "ref_1" })
  })

  it("writes no bracket and no tag without Medusa's row id", async () => {
    const provider = new SettlingProvider({}, {})
    await provider.capturePayment({ data: {} } as never)
    expect(entries()).toEqual([
      ["status", "succeeded", undefined],
      ["settle", "succeeded", "lender-key-1"],
    ])
    expect(log.operations[1].references).toEqual({ authorisation_id: "auth_1" })
  })

  it("lets the reconcile job run the lender's own capture for a row, tagged, without a second bracket", async () => {
    const provider = new SettlingProvider({}, {})
    const finish = movementFinisherFor(SettlingProvider.lender.providerId)!
    expect(finish).toBeDefined()
    const out = await finish("capture", { data: {}, context: { idempotency_key: "capt_9" } })
    expect(out.data).toEqual({ settled: "tx_1" })
    expect(provider.lenderCalls).toBe(1)
    expect(entries()).toEqual([
      ["status", "succeeded", undefined],
      ["settle", "succeeded", "lender-key-1"],
    ])
    expect(log.operations[1].references).toMatchObject({ medusa_movement_id: "capt_9" })
  })
})
