// Application records and the lifecycle (spec §4): pending → in_progress → (pending_capture →)
// completed | failed | expired. Every transition goes through `transition`, which records the
// effect in the ledger and fires the webhook for terminal states, so no route can skip either.
import type { Collection } from "../state"
import type { SimulatorContext } from "../types"

export type Status = "pending" | "in_progress" | "pending_capture" | "completed" | "failed" | "expired"
export const TERMINAL: readonly Status[] = ["completed", "failed", "expired"]

export interface Applicant {
  f_name: string
  s_name: string
  addr1: string
  postcode: string
  addr2?: string
  addr3?: string
  town?: string
  county?: string
  email?: string
  telephone?: string
  dob?: string
}

export interface Application {
  token: string
  order_id: string
  amount: number
  applicant: Applicant
  plan_id: number | null
  multi_plan: boolean
  auto_capture: boolean
  success_url?: string
  failure_url?: string
  webhook_url?: string
  description?: string
  status: Status
  created_at: number
  expires_at: number
  last_accessed_at: number | null
  pa_ref: string | null
  requires_invoice: boolean
  invoice: { filetype: string; bytes: number; uploaded_at: number } | null
  /** Set on the hosted page: whether the deposit card will fail at /capture (magic test card). */
  deposit_will_fail: boolean
  failure_reason: string | null
}

export interface Lifecycle {
  applications: Collection<Application>
  get(token: string): Application | undefined
  /** Expires the application if its time is up; returns it (fresh) or undefined. */
  touch(token: string): Application | undefined
  transition(app: Application, to: Status, note?: { reason?: string; auto?: boolean }): void
  sweep(): void
}

export function createLifecycle(ctx: SimulatorContext, onTerminal: (app: Application) => void): Lifecycle {
  const applications = ctx.store.collection<Application>("applications")

  const transition: Lifecycle["transition"] = (app, to, note = {}) => {
    const from = app.status
    app.status = to
    if (to === "completed") {
      app.pa_ref = `SBX-${ctx.store.ids.sequence("pa_ref")}`
      // With auto-capture the plan is set up (deposit taken) the moment the shopper signs; without
      // it, at /capture. Either way this is the one money effect, recorded once.
      ctx.ledger.record({
        type: "capture",
        ref: app.token,
        amount: String(app.amount),
        currency: "GBP",
        data: { auto: Boolean(note.auto), unit: "pence" },
      })
    } else {
      ctx.ledger.record({
        type: `application.${to}`,
        ref: app.token,
        amount: String(app.amount),
        currency: "GBP",
        data: { from, ...(note.reason ? { reason: note.reason } : {}) },
      })
    }
    if (to === "failed") app.failure_reason = note.reason ?? "declined"
    if (TERMINAL.includes(to)) onTerminal(app)
  }

  const expireIfDue = (app: Application) => {
    if (!TERMINAL.includes(app.status) && ctx.clock.nowMs() >= app.expires_at)
      transition(app, "expired", { reason: "expiry reached" })
  }

  return {
    applications,
    get: (token) => applications.get(token),
    touch(token) {
      const app = applications.get(token)
      if (app) expireIfDue(app)
      return app
    },
    transition,
    sweep() {
      for (const app of applications.list()) expireIfDue(app)
    },
  }
}

/** `2022-05-24T19:28:06+00:00`: ISO-8601 with an explicit offset, as /status shows expires_at. */
export function isoWithOffset(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00")
}

/** PHP `Y-m-d H:i:s T` in UTC, the webhook's event_time format. */
export function phpEventTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`
}
