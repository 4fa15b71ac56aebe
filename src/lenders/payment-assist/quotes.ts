// "4 payments of £12.50" for product and cart pages: the account's plans (/account) and each
// eligible plan's schedule (/plan), cached so a busy catalogue does not call the lender per view.
// Concurrent requests for the same quote share one lender call.
import type { PaymentAssistClient } from "./client"
import { TtlCache } from "../ttl-cache"
import type { Account, Plan, PlanQuote } from "./types"

export interface PlanOption {
  plan: Plan
  eligible: boolean
  /** Why the plan cannot take this amount (min/max), when not eligible. */
  reason?: { code: "below_minimum" | "above_maximum"; limit: number }
  quote?: PlanQuote
}

export class PaymentAssistQuotes {
  private readonly cache: TtlCache

  constructor(
    private readonly client: Pick<PaymentAssistClient, "account" | "plan">,
    ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.cache = new TtlCache(ttlMs, now)
  }

  account(): Promise<Account> {
    return this.cached("account", () => this.client.account())
  }

  /** Quotes every plan on the account (or just `planId`); ineligible plans come back without a quote. */
  async options(amountPence: number, planId?: number): Promise<PlanOption[]> {
    const { plans } = await this.account()
    const chosen = planId === undefined ? plans : plans.filter((p) => p.plan_id === planId)
    return Promise.all(
      chosen.map(async (plan): Promise<PlanOption> => {
        const reason = limitProblem(plan, amountPence)
        if (reason) return { plan, eligible: false, reason }
        // The schedule's dates depend on the day, so the day is part of the key.
        const day = new Date(this.now()).toISOString().slice(0, 10)
        const quote = await this.cached(`plan:${plan.plan_id}:${amountPence}:${day}`, () =>
          this.client.plan({ amount: amountPence, plan_id: plan.plan_id }),
        )
        return { plan, eligible: true, quote }
      }),
    )
  }

  clear(): void {
    this.cache.clear()
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.cache.get(key, load)
  }
}

export function limitProblem(plan: Plan, amountPence: number): PlanOption["reason"] | undefined {
  if (plan.min_amount !== null && amountPence < plan.min_amount)
    return { code: "below_minimum", limit: plan.min_amount }
  if (plan.max_amount !== null && amountPence > plan.max_amount)
    return { code: "above_maximum", limit: plan.max_amount }
  return undefined
}

/** The largest amount any plan (or `planId`) accepts; null = unlimited; undefined = no such plan. */
export function financeableRange(
  plans: Plan[],
  planId?: number,
): { min: number | null; max: number | null } | undefined {
  const chosen = planId === undefined ? plans : plans.filter((p) => p.plan_id === planId)
  if (!chosen.length) return undefined
  const max = chosen.some((p) => p.max_amount === null) ? null : Math.max(...chosen.map((p) => p.max_amount as number))
  const min = chosen.some((p) => p.min_amount === null) ? null : Math.min(...chosen.map((p) => p.min_amount as number))
  return { min, max }
}
