// The hosted application page at the `url` /begin returns (spec §5.3, §3.1, test-environment
// rules from §1): the shopper reviews the plan, enters the deposit card and signs, or declines.
// Demo rules copied from Payment Assist's test environment: the test card is 4111 1111 1111 1111
// and the cardholder name must match the applicant, or the application fails. Sandbox extra:
// 4000 0000 0000 0002 signs fine but its deposit is declined at /capture (or at signing with
// auto-capture), to exercise `deposit_captured: false`.
import type { Request, Response, Router } from "express"
import type { SimulatorContext } from "../types"
import { type Application, type Lifecycle, TERMINAL } from "./applications"
import type { PaymentAssistCredentials } from "./credentials"
import { type SandboxPlan, findPlan, planLimitProblem, pounds, qualifyingPlans, schedule } from "./plans"
import { signatureFor } from "./signature"

export const TEST_CARD = "4111111111111111"
export const DEPOSIT_DECLINED_CARD = "4000000000000002"

export function registerHostedPage(
  router: Router,
  ctx: SimulatorContext,
  credentials: PaymentAssistCredentials,
  lifecycle: Lifecycle,
): void {
  const pages = ctx.pages
  const html = pages.html

  const notFound = (res: Response) =>
    pages.sendPage(res, {
      title: "Application not found",
      status: 404,
      body: html`<p data-testid="pa-not-found">This application link is not valid.</p>`,
    })

  const closed = (res: Response, app: Application) =>
    pages.sendPage(res, {
      title: "Application closed",
      status: 410,
      body: html`<p data-testid="pa-closed">This application is <strong data-testid="pa-status">${app.status}</strong> and cannot be continued.</p>`,
    })

  const plansFor = (app: Application): SandboxPlan[] => {
    if (app.plan_id !== null) return [findPlan(app.plan_id)!]
    return qualifyingPlans(app.amount)
  }

  const render = (res: Response, app: Application, error?: string) => {
    const plans = plansFor(app)
    const today = ctx.clock.now()
    const choices = plans.map((plan) => {
      const entries = schedule(plan, app.amount, today)
      return html`<li data-testid="pa-plan-${plan.plan_id}">${plan.name}: ${entries.map((e) => html`<span>${e.date} ${pounds(e.amount)}</span> `)}</li>`
    })
    const planField =
      plans.length > 1
        ? pages.formFields([
            {
              name: "plan_id",
              label: "Plan",
              type: "select",
              value: String(plans[0].plan_id),
              options: plans.map((p) => ({ value: String(p.plan_id), label: p.name })),
            },
          ])
        : pages.hiddenFields({ plan_id: plans[0].plan_id })
    // formnovalidate: a browser must let the shopper cancel without filling in the card fields.
    const cancelButton = html`<button type="submit" class="secondary" name="decision" value="decline" formnovalidate data-testid="pa-decline">Cancel application</button>`
    pages.sendPage(res, {
      title: "Spread the cost with Payment Assist",
      status: error ? 400 : 200,
      body: html`${error ? html`<p class="error" role="alert" data-testid="pa-error">${error}</p>` : ""}
<p>Applicant: <strong data-testid="pa-applicant">${app.applicant.f_name} ${app.applicant.s_name}</strong>, ${app.applicant.postcode}</p>
<p>Amount: <strong data-testid="pa-amount">${pounds(app.amount)}</strong>${app.description ? html` for ${app.description}` : ""}</p>
<ul data-testid="pa-plans">${choices}</ul>
<form method="post" data-testid="pa-form">
${planField}
${pages.formFields([
  {
    name: "cardholder_name",
    label: "Cardholder name (must match the applicant)",
    autocomplete: "cc-name",
    required: true,
  },
  {
    name: "card_number",
    label: "Deposit card number",
    autocomplete: "cc-number",
    placeholder: "4111 1111 1111 1111",
    required: true,
  },
])}
<div class="actions">${pages.button({ label: "Sign and pay deposit", testId: "pa-approve", name: "decision", value: "approve" })}
${cancelButton}</div>
</form>`,
    })
  }

  /** Sends the shopper back as Payment Assist does: token, status, signature appended (§3.1). */
  const finish = (res: Response, app: Application) => {
    const success = app.status === "completed" || app.status === "pending_capture"
    const target = success ? app.success_url : app.failure_url
    if (!target) {
      return pages.sendPage(res, {
        title: success ? "Application complete" : "Application unsuccessful",
        body: html`<p data-testid="pa-result">${app.status}</p>`,
      })
    }
    const status = success ? "success" : "failed"
    const signature = signatureFor({ status, token: app.token }, credentials.secret)
    res.redirect(303, pages.redirectWithParams(target, { token: app.token, status, signature }))
  }

  router.get("/apply/:token", (req: Request, res: Response) => {
    const app = lifecycle.touch(req.params.token)
    if (!app) return notFound(res)
    if (TERMINAL.includes(app.status) || app.status === "pending_capture") return closed(res, app)
    app.last_accessed_at = ctx.clock.nowMs()
    if (app.status === "pending") {
      app.status = "in_progress"
      ctx.ledger.record({ type: "application.in_progress", ref: app.token })
    }
    render(res, app)
  })

  router.post("/apply/:token", ctx.body.urlencoded(), (req: Request, res: Response) => {
    const app = lifecycle.touch(req.params.token)
    if (!app) return notFound(res)
    if (TERMINAL.includes(app.status) || app.status === "pending_capture") return closed(res, app)
    const form = req.body as Record<string, string | undefined>
    if (form.decision !== "approve") {
      lifecycle.transition(app, "failed", { reason: "cancelled by the customer" })
      return finish(res, app)
    }
    const plan = findPlan(Number(form.plan_id ?? app.plan_id ?? NaN))
    if (!plan || !plansFor(app).includes(plan) || planLimitProblem(plan, app.amount))
      return render(res, app, "Choose one of the plans offered.")
    const card = (form.card_number ?? "").replace(/\s+/g, "")
    if (!/^\d{12,19}$/.test(card)) return render(res, app, "Enter the deposit card number.")
    const typedName = normaliseName(form.cardholder_name)
    if (!typedName) return render(res, app, "Enter the cardholder name.")

    app.plan_id = plan.plan_id
    if (typedName !== normaliseName(`${app.applicant.f_name} ${app.applicant.s_name}`)) {
      lifecycle.transition(app, "failed", { reason: "cardholder name does not match the applicant" })
    } else if (card !== TEST_CARD && card !== DEPOSIT_DECLINED_CARD) {
      lifecycle.transition(app, "failed", { reason: "card declined" })
    } else if (app.auto_capture) {
      if (card === DEPOSIT_DECLINED_CARD) lifecycle.transition(app, "failed", { reason: "deposit declined" })
      else lifecycle.transition(app, "completed", { auto: true })
    } else {
      app.deposit_will_fail = card === DEPOSIT_DECLINED_CARD
      app.status = "pending_capture"
      ctx.ledger.record({
        type: "application.pending_capture",
        ref: app.token,
        amount: String(app.amount),
        currency: "GBP",
      })
    }
    finish(res, app)
  })
}

function normaliseName(name: string | undefined): string {
  return (name ?? "").trim().replace(/\s+/g, " ").toLowerCase()
}
