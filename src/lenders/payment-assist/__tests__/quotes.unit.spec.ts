import { PaymentAssistQuotes, financeableRange } from "../quotes"
import type { Account, Plan, PlanQuote } from "../types"

const plan = (plan_id: number, min: number | null, max: number | null): Plan => ({
  plan_id,
  name: `${plan_id}-Payment`,
  instalments: 4,
  deposit: true,
  apr: "0",
  frequency: "monthly",
  min_amount: min,
  max_amount: max,
})

function fakeClient(account: Account) {
  const calls = { account: 0, plan: [] as Array<{ amount: number; plan_id?: number }> }
  let failNext = false
  return {
    calls,
    failOnce: () => (failNext = true),
    account: async () => {
      calls.account++
      if (failNext) {
        failNext = false
        throw new Error("down")
      }
      return account
    },
    plan: async (p: { amount: number; plan_id?: number }): Promise<PlanQuote> => {
      calls.plan.push(p)
      return { plan: "x", amount: p.amount, interest: 0, repayable: p.amount, schedule: [] }
    },
  }
}

describe("PaymentAssistQuotes", () => {
  const account = { legal_name: "L", display_name: "D", plans: [plan(1, null, 300000), plan(11, 100000, 500000)] }

  it("quotes only eligible plans and says why the others are not", async () => {
    const client = fakeClient(account)
    const options = await new PaymentAssistQuotes(client, 60_000).options(45000)
    expect(options.map((o) => [o.plan.plan_id, o.eligible, o.reason?.code])).toEqual([
      [1, true, undefined],
      [11, false, "below_minimum"],
    ])
    expect(client.calls.plan).toEqual([{ amount: 45000, plan_id: 1 }])
  })

  it("serves repeat and concurrent requests from the cache until the TTL passes", async () => {
    let now = 1_000_000
    const client = fakeClient(account)
    const quotes = new PaymentAssistQuotes(client, 60_000, () => now)
    await Promise.all([quotes.options(45000), quotes.options(45000)])
    await quotes.options(45000)
    expect(client.calls.account).toBe(1)
    expect(client.calls.plan).toHaveLength(1)
    now += 60_001
    await quotes.options(45000)
    expect(client.calls.account).toBe(2)
    expect(client.calls.plan).toHaveLength(2)
  })

  it("does not cache failures", async () => {
    const client = fakeClient(account)
    const quotes = new PaymentAssistQuotes(client, 60_000)
    client.failOnce()
    await expect(quotes.account()).rejects.toThrow("down")
    await expect(quotes.account()).resolves.toBe(account)
  })

  it("computes the financeable range across plans", () => {
    expect(financeableRange(account.plans)).toEqual({ min: null, max: 500000 })
    expect(financeableRange(account.plans, 11)).toEqual({ min: 100000, max: 500000 })
    expect(financeableRange(account.plans, 99)).toBeUndefined()
  })
})
