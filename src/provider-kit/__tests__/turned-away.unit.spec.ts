import type { FinancingOperationDTO, RecordFinancingOperationInput } from "../../modules/financing/types"
import {
  basketMinorUnits,
  refuseIfTurnedAway,
  rememberTurnedAway,
  turnedAwayReason,
  turnedAwayReasonOf,
} from "../turned-away"

function memoryLog() {
  const rows: RecordFinancingOperationInput[] = []
  return {
    rows,
    async findOperationByIdempotencyKey(key: string) {
      const row = rows.find((r) => r.idempotency_key === key)
      return (row ?? null) as unknown as FinancingOperationDTO | null
    },
    async recordOperation(input: RecordFinancingOperationInput) {
      rows.push(input)
      return input
    },
  }
}

describe("decline fallback record (turned-away)", () => {
  it("remembers a decline once per lender and cart, and keeps the first reason", async () => {
    const log = memoryLog()
    await rememberTurnedAway(log, { lender: "newday", cartId: "cart_1", reason: "declined", amountMinor: 12995 })
    await rememberTurnedAway(log, { lender: "newday", cartId: "cart_1", reason: "abandoned" })
    expect(log.rows).toHaveLength(1)
    expect(log.rows[0]).toMatchObject({
      lender: "newday",
      provider_id: "pp_newday_newday",
      operation: "turned-away",
      detail: { cart_id: "cart_1", reason: "declined", amount_minor: 12995 },
    })
    expect(await turnedAwayReason(log, "newday", "cart_1")).toBe("declined")
    // Another cart and another lender are untouched.
    expect(await turnedAwayReason(log, "newday", "cart_2")).toBeNull()
    expect(await turnedAwayReason(log, "vault", "cart_1")).toBeNull()
  })

  it("holds a declined amount and above; a smaller basket may ask again", async () => {
    const log = memoryLog()
    await rememberTurnedAway(log, { lender: "newday", cartId: "cart_1", reason: "declined", amountMinor: 12995 })
    expect(await turnedAwayReason(log, "newday", "cart_1", 12995)).toBe("declined")
    expect(await turnedAwayReason(log, "newday", "cart_1", 20000)).toBe("declined")
    expect(await turnedAwayReason(log, "newday", "cart_1", 12994)).toBeNull()
  })

  it("a decline about the shopper, not the amount, holds for every total", async () => {
    const log = memoryLog()
    await rememberTurnedAway(log, { lender: "flexshopper", cartId: "cart_1", reason: "declined" })
    expect(await turnedAwayReason(log, "flexshopper", "cart_1", 1)).toBe("declined")
  })

  it("refuses a new session in the shopper's words, naming the lender", async () => {
    const log = memoryLog()
    await rememberTurnedAway(log, { lender: "vault", cartId: "cart_1", reason: "abandoned" })
    await expect(refuseIfTurnedAway(log, { slug: "vault", name: "Vault" }, "cart_1")).rejects.toMatchObject({
      type: "not_allowed",
      message: expect.stringMatching(/^The Vault application for this basket wasn't finished/),
    })
    await expect(refuseIfTurnedAway(log, { slug: "vault", name: "Vault" }, "cart_2")).resolves.toBeUndefined()
    await expect(refuseIfTurnedAway(log, { slug: "vault", name: "Vault" }, null)).resolves.toBeUndefined()
  })

  it("never throws when the log is missing or failing, and records nothing without a cart", async () => {
    const log = memoryLog()
    await rememberTurnedAway(undefined, { lender: "vault", cartId: "cart_1", reason: "declined" })
    await rememberTurnedAway(log, { lender: "vault", cartId: null, reason: "declined" })
    expect(log.rows).toHaveLength(0)
    const broken = {
      findOperationByIdempotencyKey: async () => {
        throw new Error("database down")
      },
      recordOperation: async () => undefined,
    }
    await expect(
      rememberTurnedAway(broken, { lender: "vault", cartId: "cart_1", reason: "declined" }),
    ).resolves.toBeUndefined()
  })

  it("reads a lender's word for an ended payment as declined or abandoned", () => {
    expect(["DECLINED", "failed", "Rejected"].map(turnedAwayReasonOf)).toEqual(["declined", "declined", "declined"])
    expect(["EXPIRED", "CANCELLED", undefined].map(turnedAwayReasonOf)).toEqual(["abandoned", "abandoned", "abandoned"])
  })

  it("turns a basket total into minor units, or undefined when it is not one", () => {
    expect(basketMinorUnits(129.95, "gbp")).toBe(12995)
    expect(basketMinorUnits("1000", "jpy")).toBe(1000)
    expect(basketMinorUnits("abc", "gbp")).toBeUndefined()
    expect(basketMinorUnits(10, null)).toBeUndefined()
  })
})
