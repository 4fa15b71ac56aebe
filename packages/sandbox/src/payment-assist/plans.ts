// The sandbox dealer's account and its plan quotes (spec §5.1, §5.8). Interest-free deposit plans
// only: the APR formula of interest-bearing plans is not public, so they are left out rather than
// invented. Schedules: first instalment today, then monthly on the same day (clamped to month end);
// the remainder pennies go on the first instalment so the entries sum exactly to the amount.

export interface SandboxPlan {
  plan_id: number
  name: string
  instalments: number
  deposit: boolean
  apr: number
  frequency: "monthly"
  min_amount: number | null
  max_amount: number | null
  commission_rate: string
  commission_fixed_fee: number | null
}

export const SANDBOX_ACCOUNT = {
  legal_name: "Sandbox Furniture Ltd",
  display_name: "Sandbox Furniture",
}

export const SANDBOX_PLANS: readonly SandboxPlan[] = [
  {
    plan_id: 1,
    name: "4-Payment",
    instalments: 4,
    deposit: true,
    apr: 0,
    frequency: "monthly",
    min_amount: null,
    max_amount: 300000,
    commission_rate: "8.50",
    commission_fixed_fee: null,
  },
  {
    plan_id: 6,
    name: "3-Payment",
    instalments: 3,
    deposit: true,
    apr: 0,
    frequency: "monthly",
    min_amount: null,
    max_amount: 500000,
    commission_rate: "8.50",
    commission_fixed_fee: null,
  },
  {
    plan_id: 11,
    name: "6-Payment",
    instalments: 6,
    deposit: true,
    apr: 0,
    frequency: "monthly",
    min_amount: 100000,
    max_amount: 500000,
    commission_rate: "9.50",
    commission_fixed_fee: 500,
  },
]

export function findPlan(planId: number): SandboxPlan | undefined {
  return SANDBOX_PLANS.find((p) => p.plan_id === planId)
}

/** Why `amount` cannot go on `plan`, or undefined when it can. */
export function planLimitProblem(plan: SandboxPlan, amount: number): string | undefined {
  if (plan.min_amount !== null && amount < plan.min_amount) {
    return `amount ${amount} is below the minimum of ${plan.min_amount} for plan ${plan.name}`
  }
  if (plan.max_amount !== null && amount > plan.max_amount) {
    return `amount ${amount} is above the maximum of ${plan.max_amount} for plan ${plan.name}`
  }
  return undefined
}

export function qualifyingPlans(amount: number): SandboxPlan[] {
  return SANDBOX_PLANS.filter((p) => !planLimitProblem(p, amount))
}

export interface ScheduleEntry {
  date: string
  amount: number
}

export function schedule(plan: SandboxPlan, amount: number, today: Date): ScheduleEntry[] {
  const base = Math.floor(amount / plan.instalments)
  const remainder = amount - base * plan.instalments
  const firstOffset = plan.deposit ? 0 : 1
  return Array.from({ length: plan.instalments }, (_, i) => ({
    date: isoDate(addMonths(today, i + firstOffset)),
    amount: i === 0 ? base + remainder : base,
  }))
}

export function quote(plan: SandboxPlan, amount: number, today: Date) {
  const entries = schedule(plan, amount, today)
  const last = entries[entries.length - 1]
  const later = entries.length - 1
  const summary = plan.deposit
    ? `This loan comprises of a deposit today of ${pounds(entries[0].amount)}, followed by ${later} monthly payment(s) of ${pounds(entries[1]?.amount ?? 0)}. The final payment will be on ${ukDate(last.date)}.`
    : `This loan comprises of ${entries.length} monthly payment(s) of ${pounds(entries[0].amount)}. The final payment will be on ${ukDate(last.date)}.`
  return { plan: plan.name, amount, interest: 0, repayable: amount, schedule: entries, summary }
}

export function pounds(pence: number): string {
  const whole = Math.floor(pence / 100).toLocaleString("en-GB")
  return `£${whole}.${String(pence % 100).padStart(2, "0")}`
}

function addMonths(date: Date, months: number): Date {
  const year = date.getUTCFullYear()
  const month = date.getUTCMonth() + months
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return new Date(Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay)))
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10)
}

function ukDate(iso: string): string {
  const [y, m, d] = iso.split("-")
  return `${d}/${m}/${y}`
}
