// The Partner API endpoints (spec §5): same paths, verbs, bodies (form, JSON, multipart),
// signature check, validation and state rules as Payment Assist documents.
import type { NextFunction, Request, Response, Router } from "express"
import type { SimulatorContext } from "../types"
import { type Application, type Lifecycle, isoWithOffset } from "./applications"
import type { PaymentAssistCredentials } from "./credentials"
import { PaError, invalid, sendError, sendOk, sendPaError } from "./envelope"
import { Params } from "./params"
import { SANDBOX_ACCOUNT, SANDBOX_PLANS, findPlan, planLimitProblem, qualifyingPlans, quote } from "./plans"
import { signatureMatches } from "./signature"

const OPEN: readonly string[] = ["pending", "in_progress", "pending_capture"]
const FILETYPES = ["pdf", "html", "txt", "doc", "xls"]
const MAX_INVOICE_BYTES = 10 * 1024 * 1024
const DEFAULT_EXPIRY_SECONDS = 86400
/** Magic surname: /preapproval declines it (and remembers the applicant, spec §5.2). */
export const DECLINED_SURNAME = "Declined"

type Handler = (params: Params, req: Request) => unknown

export interface ApiDeps {
  ctx: SimulatorContext
  credentials: PaymentAssistCredentials
  lifecycle: Lifecycle
}

export function registerApiRoutes(router: Router, { ctx, credentials, lifecycle }: ApiDeps): void {
  const invoices = ctx.store.collection<{ token: string; filetype: string; data: Buffer; uploaded_at: string }>(
    "invoices",
  )
  const declinedApplicants = ctx.store.collection<{ name: string; attempts: number }>("declined_applicants")

  const endpoint = (verbs: Array<"get" | "post">, path: string, handler: Handler) => {
    for (const verb of verbs) {
      router[verb](
        path,
        ...(verb === "post" ? [ctx.body.any()] : []),
        authenticate(credentials),
        (req: Request, res: Response) => {
          try {
            sendOk(res, handler(res.locals.params as Params, req))
          } catch (err) {
            if (!sendPaError(res, err)) throw err
          }
        },
      )
    }
    router.all(path, (_req, res) => sendError(res, 405, "Method Not Allowed"))
  }

  const application = (params: Params): Application => {
    const app = lifecycle.touch(params.string("token"))
    if (!app) throw new PaError(404, "Application not found")
    return app
  }

  endpoint(["get"], "/account", () => ({ ...SANDBOX_ACCOUNT, plans: SANDBOX_PLANS }))

  endpoint(["post"], "/preapproval", (p) => {
    const applicant = {
      f_name: p.string("f_name"),
      s_name: p.string("s_name"),
      addr1: p.string("addr1"),
      postcode: p.string("postcode"),
    }
    const name = `${applicant.f_name} ${applicant.s_name}`.trim().toLowerCase()
    const previous = declinedApplicants.get(name)
    if (previous) {
      // A declined applicant must not retry with changed details; we keep declining and say so in the ledger.
      previous.attempts++
      ctx.ledger.record({ type: "preapproval.retry_after_decline", ref: name, data: { attempts: previous.attempts } })
      return { approved: false }
    }
    const approved = applicant.s_name.trim().toLowerCase() !== DECLINED_SURNAME.toLowerCase()
    if (!approved) declinedApplicants.set(name, { name, attempts: 1 })
    ctx.ledger.record({ type: approved ? "preapproval.approved" : "preapproval.declined", ref: name })
    return { approved }
  })

  endpoint(["post"], "/begin", (p) => {
    const orderId = p.string("order_id")
    const amount = p.integer("amount", { min: 1 })
    const applicant = {
      f_name: p.string("f_name"),
      s_name: p.string("s_name"),
      addr1: p.string("addr1"),
      postcode: p.string("postcode"),
      addr2: p.optionalString("addr2"),
      addr3: p.optionalString("addr3"),
      town: p.optionalString("town"),
      county: p.optionalString("county"),
      // Required on /begin (GitBook methods/begin.md), though the Go/C# SDKs only ask for it with send_email.
      email: p.string("email"),
      telephone: p.optionalString("telephone"),
      dob: p.optionalString("dob"),
    }
    const sendEmail = p.boolean("send_email", false)
    const sendSms = p.boolean("send_sms", false)
    if (sendSms && !applicant.telephone)
      throw invalid("telephone", "The telephone field is required when send_sms is true.")
    if (applicant.dob && !/^\d{4}-\d{2}-\d{2}$/.test(applicant.dob))
      throw invalid("dob", "The dob field must be a date in the format YYYY-MM-DD.")
    const urls = Object.fromEntries(["success_url", "failure_url", "webhook_url"].map((name) => [name, url(p, name)]))
    const multiPlan = p.boolean("multi_plan", false)
    const autoCapture = p.boolean("auto_capture", true)
    const qrCode = p.boolean("qr_code", false)
    // Assumption (listed): an application that expires the moment it is begun is refused; the
    // documents allow expiry=0 only on /update (the cancellation route).
    const expiry = p.optionalInteger("expiry", { min: 1 }) ?? DEFAULT_EXPIRY_SECONDS
    const planId = p.optionalInteger("plan_id", { min: 1 }) ?? null
    if (planId !== null) {
      const plan = findPlan(planId)
      if (!plan) throw invalid("plan_id", "The selected plan_id is invalid.")
      const problem = planLimitProblem(plan, amount)
      if (problem) throw invalid("amount", problem)
    } else if (multiPlan) {
      if (qualifyingPlans(amount).length === 0) {
        const largest = Math.max(...SANDBOX_PLANS.map((plan) => plan.max_amount ?? Infinity))
        throw invalid(
          "amount",
          `amount ${amount} is outside the limits of every plan on this account (largest maximum ${largest})`,
        )
      }
    } else if (SANDBOX_PLANS.length > 1) {
      throw invalid(
        "plan_id",
        "The plan_id field is required when the account has several plans and multi_plan is false.",
      )
    }
    if (lifecycle.applications.find((a) => a.order_id === orderId))
      throw invalid("order_id", "The order_id has already been taken.")

    const token = ctx.store.ids.uuid()
    const now = ctx.clock.nowMs()
    const app: Application = {
      token,
      order_id: orderId,
      amount,
      applicant,
      plan_id: planId,
      multi_plan: multiPlan,
      auto_capture: autoCapture,
      ...urls,
      description: p.optionalString("description"),
      status: "pending",
      created_at: now,
      expires_at: now + expiry * 1000,
      last_accessed_at: null,
      pa_ref: null,
      requires_invoice: true,
      invoice: null,
      deposit_will_fail: false,
      failure_reason: null,
    }
    lifecycle.applications.set(token, app)
    ctx.ledger.record({
      type: "application.begin",
      ref: token,
      amount: String(amount),
      currency: "GBP",
      data: { order_id: orderId, auto_capture: autoCapture },
    })
    if (sendEmail) ctx.ledger.record({ type: "notification.email", ref: token })
    if (sendSms) ctx.ledger.record({ type: "notification.sms", ref: token })
    const continuation = `${ctx.baseUrl}/apply/${token}`
    return {
      token,
      url: continuation,
      ...(qrCode ? { qr_code: Buffer.from(`QR:${continuation}`).toString("base64") } : {}),
    }
  })

  endpoint(["get", "post"], "/status", (p) => {
    const app = application(p)
    return {
      token: app.token,
      status: app.status,
      amount: app.amount,
      expires_at: isoWithOffset(app.expires_at),
      pa_ref: app.pa_ref,
      requires_invoice: app.requires_invoice,
      has_invoice: app.invoice !== null,
      last_accessed_at: app.last_accessed_at === null ? null : isoWithOffset(app.last_accessed_at),
    }
  })

  endpoint(["post"], "/update", (p) => {
    const app = application(p)
    const amount = p.optionalInteger("amount", { min: 1 })
    const expiry = p.optionalInteger("expiry", { min: 0 })
    const orderId = p.optionalString("order_id")
    // Validate everything first: a rejected update changes nothing.
    if ((amount !== undefined || expiry !== undefined) && !OPEN.includes(app.status)) {
      throw invalid(
        amount !== undefined ? "amount" : "expiry",
        `The application is ${app.status} and can no longer be updated.`,
      )
    }
    if (amount !== undefined && amount >= app.amount)
      throw invalid("amount", `The amount must be lower than the current amount (${app.amount}).`)
    if (orderId !== undefined) {
      if (app.status !== "completed")
        throw invalid("order_id", "The order_id can only be changed once the application is completed.")
      if (lifecycle.applications.find((a) => a.order_id === orderId && a.token !== app.token))
        throw invalid("order_id", "The order_id has already been taken.")
    }
    const echo: Record<string, unknown> = { token: app.token }
    if (amount !== undefined) {
      ctx.ledger.record({
        type: "update.amount",
        ref: app.token,
        amount: String(amount),
        currency: "GBP",
        data: { previous: app.amount },
      })
      app.amount = amount
      echo.amount = p.echo("amount")
    }
    if (orderId !== undefined) {
      ctx.ledger.record({ type: "update.order_id", ref: app.token, data: { order_id: orderId } })
      app.order_id = orderId
      echo.order_id = p.echo("order_id")
    }
    if (expiry !== undefined) {
      app.expires_at = ctx.clock.nowMs() + expiry * 1000
      if (expiry === 0) lifecycle.transition(app, "expired", { reason: "expired by the merchant" })
      echo.expiry = p.echo("expiry")
    }
    return echo
  })

  endpoint(["post"], "/capture", (p) => {
    const app = application(p)
    if (app.status !== "pending_capture") throw new PaError(400, "Application is not awaiting capture")
    if (app.deposit_will_fail) {
      ctx.ledger.record({
        type: "capture.failed",
        ref: app.token,
        amount: String(app.amount),
        currency: "GBP",
        data: { reason: "deposit declined" },
      })
      return {
        token: app.token,
        status: app.status,
        deposit_captured: false,
        deposit_reason: "The deposit card was declined by the issuer",
      }
    }
    lifecycle.transition(app, "completed", { auto: false })
    return { token: app.token, status: app.status, deposit_captured: true, deposit_reason: null }
  })

  endpoint(["post"], "/invoice", (p) => {
    const filetype = p.string("filetype")
    if (!FILETYPES.includes(filetype))
      throw invalid("filetype", `The selected filetype is invalid (allowed: ${FILETYPES.join(", ")}).`)
    const encoded = p.has("filedata") ? String(p.echo("filedata")) : ""
    if (!encoded) throw invalid("filedata", "The filedata field is required.")
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0)
      throw invalid("filedata", "The filedata field must be base64 encoded.")
    const data = Buffer.from(encoded, "base64")
    if (data.length > MAX_INVOICE_BYTES) throw invalid("filedata", "The filedata may not be greater than 10 MB.")
    const app = application(p)
    if (app.status !== "completed") throw new PaError(404, "Application is not yet completed")
    const uploadedAt = ctx.clock.now()
    app.invoice = { filetype, bytes: data.length, uploaded_at: uploadedAt.getTime() }
    invoices.set(app.token, { token: app.token, filetype, data, uploaded_at: uploadedAt.toISOString() })
    ctx.ledger.record({ type: "invoice.upload", ref: app.token, data: { filetype, bytes: data.length } })
    return { token: app.token, upload_status: "success" }
  })

  endpoint(["post"], "/plan", (p) => {
    const amount = p.integer("amount", { min: 1 })
    const planId = p.optionalInteger("plan_id", { min: 1 })
    const plan = planId === undefined ? SANDBOX_PLANS[0] : findPlan(planId)
    if (!plan) throw invalid("plan_id", "The selected plan_id is invalid.")
    const length = p.optionalInteger("plan_length", { min: 1 })
    if (length !== undefined && length !== plan.instalments)
      throw invalid("plan_length", `The plan_length must be ${plan.instalments} for plan ${plan.name}.`)
    const problem = planLimitProblem(plan, amount)
    if (problem) throw invalid("amount", problem)
    return quote(plan, amount, ctx.clock.now())
  })
}

function url(p: Params, name: string): string | undefined {
  const value = p.optionalString(name)
  if (value === undefined) return undefined
  try {
    const parsed = new URL(value)
    if (parsed.protocol === "http:" || parsed.protocol === "https:") return value
  } catch {
    // fall through
  }
  throw invalid(name, `The ${name} field must be a valid http(s) URL.`)
}

/** Every endpoint: api_key must be the dealer's and the signature must match the received params. */
function authenticate(credentials: PaymentAssistCredentials) {
  return (req: Request, res: Response, next: NextFunction) => {
    const source = req.method === "GET" ? req.query : { ...(req.body ?? {}) }
    const params = source as Record<string, unknown>
    if (params.api_key !== credentials.apiKey) return sendError(res, 401, "Unauthorized")
    if (!signatureMatches(params, params.signature, credentials.secret)) return sendError(res, 401, "Invalid signature")
    res.locals.params = new Params(params)
    next()
  }
}
