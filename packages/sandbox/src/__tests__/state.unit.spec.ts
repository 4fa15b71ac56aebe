import { createClock } from "../clock"
import { LenderLedger } from "../ledger"
import { StateStore } from "../state"

describe("StateStore", () => {
  type Application = { token: string; status: string; amount: number }

  it("namespaces collections per lender", () => {
    const state = new StateStore()
    state
      .namespace("payment-assist")
      .collection<Application>("applications")
      .set("a", { token: "a", status: "pending", amount: 1 })
    expect(state.namespace("vault").collection<Application>("applications").has("a")).toBe(false)
    expect(state.namespace("payment-assist").collection<Application>("applications").get("a")?.status).toBe("pending")
  })

  it("offers get/set/has/update/delete/list/find/filter", () => {
    const apps = new StateStore().namespace("pa").collection<Application>("applications")
    apps.set("a", { token: "a", status: "pending", amount: 100 })
    apps.set("b", { token: "b", status: "completed", amount: 200 })
    expect(apps.update("a", { status: "in_progress" })).toEqual({ token: "a", status: "in_progress", amount: 100 })
    expect(apps.update("b", (cur) => ({ ...cur, amount: cur.amount - 50 }))?.amount).toBe(150)
    expect(apps.update("missing", { status: "x" })).toBeUndefined()
    expect(apps.find((app) => app.status === "completed")?.token).toBe("b")
    expect(apps.filter((_app, id) => id !== "b").map((app) => app.token)).toEqual(["a"])
    expect(apps.list().map((app) => app.token)).toEqual(["a", "b"])
    expect(apps.delete("a")).toBe(true)
    expect(apps.has("a")).toBe(false)
    expect(apps.size).toBe(1)
  })

  it("generates prefixed unique ids, UUIDs and per-name sequences", () => {
    const { ids } = new StateStore().namespace("vault")
    const a = ids.next("pay")
    expect(a).toMatch(/^pay_[0-9a-f]{16}$/)
    expect(ids.next("pay")).not.toBe(a)
    expect(ids.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect([ids.sequence("lease"), ids.sequence("lease"), ids.sequence("other")]).toEqual([1, 2, 1])
  })

  it("reset() clears every namespace but keeps collection objects usable", () => {
    const state = new StateStore()
    const store = state.namespace("pa")
    const apps = store.collection<Application>("applications")
    apps.set("a", { token: "a", status: "pending", amount: 1 })
    store.ids.sequence("n")
    state.reset()
    expect(apps.size).toBe(0)
    expect(store.counts()).toEqual({ applications: 0 })
    expect(store.ids.sequence("n")).toBe(1)
    apps.set("b", { token: "b", status: "pending", amount: 1 })
    expect(store.collection<Application>("applications").get("b")).toBeDefined()
  })
})

describe("clock", () => {
  it("advances and sets sandbox time without sleeping, and notifies listeners", () => {
    let real = 1_000_000
    const clock = createClock(() => real)
    const seen: number[] = []
    clock.onChange((now) => seen.push(now.getTime()))
    expect(clock.nowMs()).toBe(1_000_000)
    clock.advance(15 * 60_000)
    expect(clock.now().getTime()).toBe(1_000_000 + 900_000)
    real += 10 // time keeps flowing
    expect(clock.nowMs()).toBe(1_900_010)
    clock.set("2030-01-01T00:00:00.000Z")
    expect(clock.now().toISOString()).toBe("2030-01-01T00:00:00.000Z")
    clock.reset()
    expect(clock.nowMs()).toBe(real)
    expect(seen).toEqual([1_900_000, Date.parse("2030-01-01T00:00:00Z"), real])
    expect(() => clock.advance(-1)).toThrow(RangeError)
    expect(() => clock.set("never")).toThrow(RangeError)
  })
})

describe("ledger", () => {
  it("appends entries stamped with sandbox time and filters them", () => {
    const clock = createClock(() => Date.parse("2025-01-01T00:00:00Z"))
    const ledger = new LenderLedger("newday", clock)
    ledger.record({ type: "settle", ref: "auth_1", amount: "49.99", currency: "GBP" })
    clock.advance(1000)
    ledger.record({ type: "refund", ref: "txn_1", amount: "10.00", currency: "GBP", data: { reason: "return" } })
    expect(ledger.list()).toEqual([
      {
        type: "settle",
        ref: "auth_1",
        amount: "49.99",
        currency: "GBP",
        seq: 1,
        lender: "newday",
        at: "2025-01-01T00:00:00.000Z",
      },
      expect.objectContaining({ type: "refund", seq: 2, at: "2025-01-01T00:00:01.000Z", data: { reason: "return" } }),
    ])
    expect(ledger.list({ type: "refund" })).toHaveLength(1)
    expect(ledger.list({ ref: "auth_1" })).toHaveLength(1)
    expect(() => ledger.record({ type: "", ref: "x" })).toThrow(/type/)
    expect(Object.isFrozen(ledger.list()[0])).toBe(true)
  })
})
