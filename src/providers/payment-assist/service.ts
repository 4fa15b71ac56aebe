// Payment Assist as a Medusa payment provider. Thin: each method maps onto one or two client
// calls; every call is logged through the base's track(); statuses go through status.ts.
import { randomUUID } from "node:crypto"
import { MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"
import type {
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  DeletePaymentInput,
  DeletePaymentOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
} from "@medusajs/framework/types"
import { isLenderError, isLenderRefusal, LenderError } from "../../lenders/errors"
import { toMedusaError } from "../../provider-kit/medusa-error"
import { fromMinorUnits, toMajorUnitString, toMinorUnits } from "../../lenders/money"
import type { PaymentAssistClient } from "../../lenders/payment-assist/client"
import type { ApplicationStatusResult } from "../../lenders/payment-assist/types"
import { captureAmountOf } from "../../provider-kit/capture-amount"
import { LenderPaymentProvider } from "../../provider-kit/lender-provider"
import { withOwnerChoices } from "../../provider-kit/owner-options"
import { openRouteTicket } from "../../provider-kit/route-ticket"
import { nextSessionData, ownSessionData, paymentSessionIdOf } from "../../provider-kit/session-data"
import { declinedError, wasDeclined } from "./decline-guard"
import { authorizeOutageError } from "../../provider-kit/shopper-message"
import type { TrackedResult } from "../../provider-kit/track-operation"
import { financingUrls, withQuery } from "../../provider-kit/urls"
import { paymentAssistLender } from "./lender"
import { autoCaptureOf, paymentAssistClient, type PaymentAssistOptions } from "./options"
import { penceOf } from "./support"
import { applicantFrom, tokenOf, type BeginApplicant, type PaymentAssistSessionData } from "./session-data"
import { sessionStatusOf } from "./status"

const PAYMENT_ASSIST = paymentAssistLender
const LENDER = PAYMENT_ASSIST.slug
const LENDER_NAME = PAYMENT_ASSIST.name
export const PAYMENT_ASSIST_PROVIDER_ID = PAYMENT_ASSIST.providerId
const OPEN_STATUSES = ["pending", "in_progress", "pending_capture"]
/** The lender's default when /begin gets no expiry (lender doc §5.3). */
const DEFAULT_EXPIRY_SECONDS = 86_400
const DASHBOARD = "the Payment Assist dealer dashboard (https://secure.payment-assist.co.uk)"

type Data = PaymentAssistSessionData

export class PaymentAssistProviderService extends LenderPaymentProvider<PaymentAssistOptions> {
  static override identifier = PAYMENT_ASSIST.identifier
  static override lender = PAYMENT_ASSIST

  static override validateOptions(options: Record<string, unknown>): void {
    paymentAssistLender.validateOptions(options)
  }

  protected readonly options_: PaymentAssistOptions

  constructor(cradle: Record<string, unknown>, options: PaymentAssistOptions) {
    super(cradle, options)
    this.options_ = options
  }

  /** The options as they apply to this call: the owner's credentials and choices over the configuration. */
  protected async currentOptions(): Promise<PaymentAssistOptions> {
    return await withOwnerChoices(PAYMENT_ASSIST, this.options_)
  }

  /** The client for the credentials that apply now (one per credentials set: client-cache.ts). */
  protected async client(): Promise<PaymentAssistClient> {
    return paymentAssistClient(await this.currentOptions())
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const amountPence = penceOf(input.amount, input.currency_code)
    await this.refuseUnlessOffered(input.amount, input.currency_code)
    // The applicant comes from the cart, read by our store route; never from data a browser sent
    // (the stock payment-session route would otherwise open an application for anyone).
    const route = await openRouteTicket(LENDER, input.data)
    if (!route) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "Payment Assist applications start from the cart: create the session with POST /store/financing/payment-assist/sessions { cart_id }.",
      )
    }
    const applicant = applicantFrom(route)
    const cartId = String(route.cart_id)
    const log = this.financingLog()
    if (
      log &&
      (await wasDeclined(log as never, { cartId, email: applicant.email }, (await this.currentOptions()).apiSecret))
    )
      throw declinedError()
    const sessionId = paymentSessionIdOf(input) ?? `pa_${randomUUID()}`
    const own = ownSessionData(input.data, { session_id: sessionId, cart_id: cartId, applicant })
    const data = await this.beginApplication(own, { sessionId, amountPence, applicant, lenderOrderId: sessionId })
    return { id: data.token!, status: PaymentSessionStatus.PENDING, data }
  }

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const data = this.dataOf(input)
    // An outage reaches the shopper as { type: "cart", error } in plain words, never a 500.
    const app = await this.statusOf("authorize", data, paymentSessionIdOf(input)).catch((error) => {
      throw authorizeOutageError(LENDER_NAME, error)
    })
    const session = sessionStatusOf(app.status)
    if (session === PaymentSessionStatus.ERROR || session === PaymentSessionStatus.CANCELED) {
      throw new MedusaError(
        MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
        `Payment Assist application is ${app.status}${app.status === "failed" ? " (declined or abandoned by the shopper)" : ""}; choose another payment method or start a new application.`,
      )
    }
    // Never authorize more than the lender approved (an application can be lowered with /update).
    if (
      (session === PaymentSessionStatus.AUTHORIZED || session === PaymentSessionStatus.CAPTURED) &&
      typeof app.amount === "number" &&
      typeof data.amount_pence === "number" &&
      app.amount < data.amount_pence
    ) {
      throw new MedusaError(
        MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
        `Payment Assist approved ${app.amount} pence but this payment is for ${data.amount_pence} pence; start a new application.`,
      )
    }
    // Auto-capture: the lender completed the agreement itself, and Medusa records the capture
    // without calling capturePayment, so the confirmation is noted here.
    if (session === PaymentSessionStatus.CAPTURED) await this.noteCompleted(data, app)
    return { status: session, data: this.withApplication(data, app) }
  }

  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    const data = this.dataOf(input)
    const token = this.requireRef(data, "capture")
    await this.refusePartialCapture(data, input.context?.idempotency_key)
    try {
      return await this.captureWhole(data, token, input.context?.idempotency_key)
    } catch (error) {
      throw captureProblem(error)
    }
  }

  /**
   * Payment Assist captures the whole agreement, never part of it: a capture of another amount
   * would leave Medusa and the lender disagreeing about what was taken.
   */
  private async refusePartialCapture(data: Data, captureId: string | undefined): Promise<void> {
    if (typeof data.amount_pence !== "number" || !captureId) return
    let requested: number
    try {
      requested = toMinorUnits(await captureAmountOf(this.container, captureId, LENDER_NAME), "gbp")
    } catch {
      return // Medusa's capture row is unreadable here (unit tests without a capture service)
    }
    if (requested !== data.amount_pence) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Payment Assist captures the whole agreement (£${fromMinorUnits(data.amount_pence, "gbp")}) in one go; ` +
          `capture £${fromMinorUnits(data.amount_pence, "gbp")}, not £${fromMinorUnits(requested, "gbp")}.`,
      )
    }
  }

  private async captureWhole(data: Data, token: string, captureId: string | undefined): Promise<CapturePaymentOutput> {
    // "completed" is terminal: Medusa calling capture again (a second partial capture) costs nothing.
    if (data.application_status === "completed") return { data }
    // An earlier attempt whose answer may have been lost, or a status we never saw as approved:
    // read the application first so a retry can never capture twice. Fresh: an answer read
    // earlier in this request predates a capture another process may have made since.
    const statusFirst = data.application_status !== "pending_capture" || (await this.hadCaptureAttempt(token))
    if (statusFirst) {
      const app = await (
        await this.client()
      )
        .status(token, { fresh: true })
        .catch((e: unknown) => Promise.reject(toMedusaError(e, { lenderName: LENDER_NAME, operation: "status" })))
      if (app.status === "completed") {
        await this.noteCompleted(data, app)
        return { data: this.withApplication(data, app) }
      }
      if (app.status !== "pending_capture") throw this.captureRefused(app.status)
      return this.captureApplication(data, token, captureId)
    }
    // Authorized as pending_capture: capture straight away. The lender only captures an application
    // awaiting capture, so when it refuses, /status tells whether it is already captured.
    const seen: { refused?: boolean } = {}
    try {
      return await this.captureApplication(data, token, captureId, seen)
    } catch (error) {
      if (!seen.refused) throw error
      const app = await (await this.client()).status(token).catch(() => Promise.reject(error))
      if (app.status === "completed") {
        await this.noteCompleted(data, app)
        return { data: this.withApplication(data, app) }
      }
      throw app.status === "pending_capture" ? error : this.captureRefused(app.status)
    }
  }

  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    return { data: await this.closeApplication("cancel", this.dataOf(input), input.context?.idempotency_key) }
  }

  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    const data = this.dataOf(input)
    if (!tokenOf(data)) return { data }
    return { data: await this.closeApplication("delete", data) }
  }

  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const data = this.dataOf(input)
    const amount = toMajorUnitString(input.amount, "gbp")
    if (!this.options_.manualRefunds) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Payment Assist has no refund API: refund £${amount} in ${DASHBOARD}. ` +
          `To record such refunds in Medusa, enable the manualRefunds option (env PAYMENT_ASSIST_MANUAL_REFUNDS=true).`,
      )
    }
    const refundId = input.context?.idempotency_key
    await this.recordManualRefund({
      ...this.entryRefs(data),
      amount: input.amount,
      currency_code: "gbp",
      idempotency_key: refundId ?? null,
      error_message: `Refund of £${amount} recorded in Medusa only: refund it in ${DASHBOARD}.`,
    })
    const manual = [
      ...(data.manual_refunds ?? []),
      { amount, recorded_at: new Date().toISOString(), ...(refundId ? { refund_id: refundId } : {}) },
    ]
    return { data: nextSessionData(data, { manual_refunds: manual }) }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    let data = this.dataOf(input)
    const token = this.requireRef(data, "update")
    const amountPence = penceOf(input.amount, input.currency_code)
    const current = data.amount_pence
    if (amountPence === current) return { data }
    const sessionId = data.session_id
    if (typeof current === "number" && amountPence < current) {
      // /update amount is allowed only while the application is open (lender doc §5.5): the
      // shopper may have finished since we last looked, so ask first. One that moved on is
      // handled below like a higher amount (a new application, or a clear refusal if completed).
      data = this.withApplication(data, await this.statusOf("status", data))
    }
    if (typeof current === "number" && amountPence < current && OPEN_STATUSES.includes(data.application_status ?? "")) {
      await this.track(
        {
          operation: "update",
          payment_session_id: sessionId,
          amount: input.amount,
          currency_code: "gbp",
          recordBeforeCall: true,
        },
        async () => (await this.client()).update({ token, amount: amountPence }),
        () => ({ lender_reference: token, detail: { amount_pence: amountPence, previous_pence: current } }),
      )
      return { data: nextSessionData(data, { amount_pence: amountPence }) }
    }
    // Payment Assist only lowers amounts of open applications: a higher amount (or an application
    // that failed or expired meanwhile) needs a new application, and the old one is expired FIRST
    // so the shopper can never sign two. A completed one cannot change: closeApplication says so.
    await this.closeApplication("update", data)
    const count = Number(data.application_count ?? 1) + 1
    const next = await this.beginApplication(data, {
      sessionId: sessionId ?? `pa_${randomUUID()}`,
      amountPence,
      applicant: applicantFrom(data),
      lenderOrderId: `${sessionId ?? "pa"}-${count}`,
    })
    return { status: PaymentSessionStatus.PENDING, data: { ...next, application_count: count } }
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const data = this.dataOf(input)
    return { data: this.withApplication(data, await this.statusOf("status", data)) }
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const data = this.dataOf(input)
    const app = await this.statusOf("status", data)
    return { status: sessionStatusOf(app.status), data: this.withApplication(data, app) }
  }

  // Payment Assist webhooks go to the plugin's own route (/hooks/financing/payment-assist), which
  // verifies them synchronously and completes carts itself (see that route for why): anything
  // reaching Medusa's generic /hooks/payment route is ignored (the base's getWebhookActionAndData).

  // ── helpers ─────────────────────────────────────────────────────────────────────────────────

  private async captureApplication(
    data: Data,
    token: string,
    medusaCaptureId?: string,
    seen: { refused?: boolean } = {},
  ): Promise<CapturePaymentOutput> {
    const captured = await this.track(
      {
        operation: "capture",
        payment_session_id: data.session_id,
        // One key per application (not Medusa's capture id, new on every attempt), so a retry finds this attempt.
        idempotency_key: captureKey(token),
        references: medusaCaptureId ? { capture_id: medusaCaptureId } : null,
        // The whole agreement is captured: reconciliation sets this against Medusa's capture.
        ...agreementAmount(data.amount_pence),
        recordBeforeCall: true,
      },
      async () => {
        const result = await (await this.client()).capture(token).catch((error: unknown) => {
          seen.refused = isLenderRefusal(error)
          throw error
        })
        if (result.deposit_captured === false) {
          throw new LenderError({
            lender: LENDER,
            lenderName: LENDER_NAME,
            operation: "capture",
            kind: "http",
            declined: true,
            lenderCode: "deposit_not_captured",
            lenderMessage: result.deposit_reason ?? "the deposit was not taken",
          })
        }
        return result
      },
      (r) => ({ lender_reference: token, detail: { status: r.status, deposit_captured: r.deposit_captured ?? null } }),
    )
    return { data: nextSessionData(data, { application_status: captured.status }) }
  }

  /**
   * The lender reports the agreement completed (captured) although no capture call of ours was
   * answered: the log's capture entry says so, with the lender's amount, for reconciliation. Once.
   */
  private async noteCompleted(data: Data, app: ApplicationStatusResult): Promise<void> {
    const log = this.financingLog()
    if (!log) return
    const key = captureKey(app.token)
    try {
      if ((await log.findOperationByIdempotencyKey(key))?.outcome === "succeeded") return
    } catch {
      return // the audit trail never decides a payment
    }
    await this.recordOperation({
      operation: "capture",
      outcome: "succeeded",
      payment_session_id: data.session_id,
      idempotency_key: key,
      lender_reference: app.token,
      ...agreementAmount(typeof app.amount === "number" ? app.amount : data.amount_pence),
      detail: { status: app.status, found_completed: true },
    })
  }

  /** A capture of this application was tried before (its answer may have been lost). Unknown → assume so. */
  private async hadCaptureAttempt(token: string): Promise<boolean> {
    const log = this.financingLog()
    if (!log) return true
    try {
      return Boolean(await log.findOperationByIdempotencyKey(captureKey(token)))
    } catch {
      return true
    }
  }

  private captureRefused(status: string): MedusaError {
    return new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Payment Assist capture refused: the application is ${status}, not awaiting capture.`,
    )
  }

  private async beginApplication(
    previous: Record<string, unknown>,
    args: { sessionId: string; amountPence: number; applicant: BeginApplicant; lenderOrderId: string },
  ): Promise<Data> {
    const urls = financingUrls(this.options_.backendUrl, LENDER)
    const ours = { session_id: args.sessionId }
    // The owner's choices in Settings → Financing (capture, plans offered), else the options.
    const chosen = await this.currentOptions()
    const planId = chosen.planId
    const autoCapture = autoCaptureOf(chosen)
    // Taken before the call: a local expiry can then only be earlier than the lender's.
    const startedAt = Date.now()
    const result = await this.track(
      {
        operation: "initiate",
        payment_session_id: args.sessionId,
        amount: fromMinorUnits(args.amountPence, "gbp"),
        currency_code: "gbp",
      },
      async () =>
        (await this.client()).begin({
          ...args.applicant,
          order_id: args.lenderOrderId,
          amount: args.amountPence,
          success_url: withQuery(urls.returnUrl, ours),
          failure_url: withQuery(urls.returnUrl, ours),
          webhook_url: withQuery(urls.webhookUrl, ours),
          auto_capture: autoCapture,
          ...(planId ? { plan_id: planId } : { multi_plan: true }),
          expiry: this.options_.applicationExpirySeconds,
        }),
      (r) => ({ lender_reference: r.token }),
    )
    // /begin answers only token and url; the application starts "pending" and expires `expiry`
    // seconds from now (lender doc §5.3), so no /status read is needed to know either.
    const expirySeconds = this.options_.applicationExpirySeconds ?? DEFAULT_EXPIRY_SECONDS
    return nextSessionData(previous, {
      session_id: args.sessionId,
      token: result.token,
      redirect_url: result.url,
      expires_at: isoWithOffset(startedAt + expirySeconds * 1000),
      application_status: "pending",
      amount_pence: args.amountPence,
      lender_order_id: args.lenderOrderId,
      auto_capture: autoCapture,
      // null, not undefined: Medusa merges sent data under ours, so only null clears a forged one.
      pa_ref: null,
      route_ticket: null,
    })
  }

  /** Cancel/delete: expire an open application; completed ones cannot be undone through the API. */
  private async closeApplication(
    operation: "cancel" | "delete" | "update",
    data: Data,
    idempotencyKey?: string,
  ): Promise<Data> {
    const token = this.requireRef(data, operation)
    // Last seen open: expire it straight away. The lender only expires open applications, so a
    // refusal means it moved on (completed, failed, expired) and /status says which.
    if (OPEN_STATUSES.includes(data.application_status ?? "")) {
      const seen: { refused?: boolean } = {}
      try {
        return await this.expireApplication(operation, data, data.application_status!, idempotencyKey, seen)
      } catch (error) {
        if (!seen.refused) throw error
      }
    }
    const app = await this.statusOf("status", data)
    if (app.status === "failed" || app.status === "expired") return this.withApplication(data, app)
    if (app.status === "completed") {
      const message =
        `Payment Assist has no cancellation API and application ${app.pa_ref ?? token} is already completed: ` +
        `cancel the agreement in ${DASHBOARD}.`
      await this.recordOperation({
        ...this.entryRefs(data),
        operation: operation === "update" ? "cancel" : operation,
        outcome: "action_required",
        idempotency_key: idempotencyKey ?? null,
        error_message: message,
      })
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, message)
    }
    if (!OPEN_STATUSES.includes(app.status)) {
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `Payment Assist ${operation}: unknown application status "${app.status}"; nothing was changed.`,
      )
    }
    return this.expireApplication(operation, this.withApplication(data, app), app.status, idempotencyKey)
  }

  private async expireApplication(
    operation: "cancel" | "delete" | "update",
    data: Data,
    from: string,
    idempotencyKey?: string,
    seen: { refused?: boolean } = {},
  ): Promise<Data> {
    const token = this.requireRef(data, operation)
    await this.track(
      {
        operation: operation === "update" ? "cancel" : operation,
        payment_session_id: data.session_id,
        idempotency_key: idempotencyKey,
        recordBeforeCall: true,
      },
      async () =>
        (await this.client()).update({ token, expiry: 0 }).catch((error: unknown) => {
          seen.refused = isLenderRefusal(error)
          throw error
        }),
      () => ({ lender_reference: token, detail: { expired_from: from } }),
    )
    return nextSessionData(data, { application_status: "expired" })
  }

  private async statusOf(operation: string, data: Data, sessionId?: string): Promise<ApplicationStatusResult> {
    const token = this.requireRef(data, operation)
    return this.track(
      { operation, payment_session_id: sessionId ?? data.session_id },
      async () => (await this.client()).status(token),
      (r): TrackedResult => ({ lender_reference: token, detail: { status: r.status } }),
    )
  }

  private withApplication(data: Data, app: ApplicationStatusResult): Data {
    return nextSessionData(data, {
      application_status: app.status,
      expires_at: app.expires_at ?? data.expires_at,
      pa_ref: app.pa_ref ?? data.pa_ref ?? undefined,
    })
  }

  private dataOf(input: { data?: Record<string, unknown> }): Data {
    return (input.data ?? {}) as Data
  }

  /** Which application a log entry is about. */
  private entryRefs(data: Data) {
    return { payment_session_id: data.session_id ?? null, lender_reference: tokenOf(data) ?? null }
  }

  private requireRef(data: Data, operation: string): string {
    const token = tokenOf(data)
    if (!token) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Payment Assist ${operation}: the payment session has no application token (data.token).`,
      )
    }
    return token
  }
}

/**
 * A capture the lender did not answer (down, reset, 5xx) is not an internal error of the store:
 * the admin gets a 400 in plain words, the detail stays in the financing log, and Medusa deletes
 * its capture row, so trying again is safe (the next attempt reads the application first).
 */
function captureProblem(error: unknown): unknown {
  const medusa = error instanceof MedusaError ? error : undefined
  if (medusa && medusa.type !== MedusaError.Types.UNEXPECTED_STATE) return error
  if (!medusa && !isLenderError(error)) return error
  if (isLenderError(error) && isLenderRefusal(error))
    return toMedusaError(error, { lenderName: LENDER_NAME, operation: "capture" })
  return new MedusaError(
    MedusaError.Types.NOT_ALLOWED,
    // Not "nothing was captured": when only the answer was lost, Payment Assist did capture.
    "Payment Assist didn't answer the capture — Medusa recorded no capture. Try again in a moment: the next capture checks Payment Assist first and never captures twice.",
  )
}

/** `2022-05-24T19:28:06+00:00`: the shape /status gives expires_at, so stored values look alike. */
const isoWithOffset = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00")

const captureKey = (token: string) => `payment-assist:capture:${token}`

/** The agreement's amount for a log entry, when known (integer pence → pounds). */
const agreementAmount = (pence: number | undefined) =>
  typeof pence === "number" ? { amount: fromMinorUnits(pence, "gbp"), currency_code: "gbp" } : {}

export default PaymentAssistProviderService
