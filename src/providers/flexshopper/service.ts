// FlexShopper as a Medusa payment provider. Thin: the lease is signed in FlexShopper's modal, so
// authorize re-reads the transaction, checks it against the cart and finalizes; capture records
// what FlexShopper was told was delivered; refund maps onto cancels and line credits.
import type {
  AuthorizePaymentInput, AuthorizePaymentOutput, CancelPaymentInput, CancelPaymentOutput, CapturePaymentInput,
  CapturePaymentOutput, DeletePaymentInput, DeletePaymentOutput, GetPaymentStatusInput, GetPaymentStatusOutput,
  InitiatePaymentInput, InitiatePaymentOutput, Logger, ProviderWebhookPayload, RefundPaymentInput, RefundPaymentOutput,
  RetrievePaymentInput, RetrievePaymentOutput, UpdatePaymentInput, UpdatePaymentOutput, WebhookActionResult,
} from "@medusajs/framework/types"
import { AbstractPaymentProvider, MedusaError, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import {
  FLEXSHOPPER_NAME, confirmedValueCents, formatDollars, hasDeliveredUnits, isFullyCanceled, leaseDigest, leaseMismatches,
  sessionStatusOf, transactionLines, transactionTotalCents, type FlexShopperClient, type FsTransaction,
} from "../../lenders/flexshopper"
import { isLenderError } from "../../lenders/errors"
import { fromMinorUnits, toMinorUnits } from "../../lenders/money"
import { getFinancingLog, type FinancingLog } from "../../modules/financing/registry"
import { nextSessionData, ownSessionData, paymentSessionIdOf, trackLenderOperation, type TrackedOperation } from "../../provider-kit"
import { flexShopperClient, sdkScriptUrl, validateFlexShopperOptions, type FlexShopperOptions } from "./options"
import { planRefund } from "./refund"
import { FLEXSHOPPER, FLEXSHOPPER_PROVIDER_ID, SECRET, flexData, type CartCheckSecret, type FlexShopperSessionData, type OrderSecret } from "./session-data"

const START_HINT = "start FlexShopper through POST /store/financing/flexshopper/session"
const CANCEL_RETRY_DELAY_MS = 60_000

/** FlexShopper answered and said no (a 4xx other than 429): repeating the call cannot help. */
function isRefusal(error: unknown): boolean {
  if (!isLenderError(error)) return false
  const status = error.httpStatus ?? 0
  return error.kind === "http" && status >= 400 && status < 500 && status !== 408 && status !== 429
}

export default class FlexShopperProviderService extends AbstractPaymentProvider<FlexShopperOptions> {
  static override identifier = FLEXSHOPPER
  protected readonly options_: FlexShopperOptions
  protected readonly logger_?: Logger

  static override validateOptions(options: Record<string, unknown>): void {
    validateFlexShopperOptions(options)
  }

  constructor(cradle: Record<string, unknown>, options: FlexShopperOptions) {
    super(cradle, options)
    this.options_ = options
    try {
      this.logger_ = cradle.logger as Logger
    } catch {
      this.logger_ = undefined
    }
  }

  protected get client(): FlexShopperClient {
    return flexShopperClient(this.options_, this.logger_)
  }

  protected get log(): FinancingLog {
    const log = getFinancingLog()
    if (!log) throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "FlexShopper needs the financing module (medusa-plugin-financing) to be loaded.")
    return log
  }

  protected track<T>(operation: TrackedOperation, call: () => Promise<T>, reference?: (r: T) => string | undefined): Promise<T> {
    const target = { lender: FLEXSHOPPER, lenderName: FLEXSHOPPER_NAME, providerId: FLEXSHOPPER_PROVIDER_ID, logger: this.logger_ }
    return trackLenderOperation(target, operation, call, reference ? (r) => ({ lender_reference: reference(r) ?? null }) : undefined)
  }

  /**
   * The transaction, or null when the modal never created it. Its path id is the merchant
   * transaction id this plugin generated (session data it wrote, checked against the server-side
   * lease order); Get Transaction does not echo it back.
   */
  protected async transactionOf(data: FlexShopperSessionData, operation: TrackedOperation): Promise<FsTransaction | null> {
    const transactionId = data.transaction_id
    if (!transactionId) return null
    try {
      return await this.track(operation, () => this.client.getTransaction(transactionId), () => transactionId)
    } catch (error) {
      if ((error as MedusaError).type === MedusaError.Types.NOT_FOUND) return null
      throw error
    }
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    if (input.currency_code?.toLowerCase() !== "usd") {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `FlexShopper leases are in US dollars; this cart is in ${input.currency_code?.toUpperCase()}.`)
    }
    const data = flexData(input.data)
    if (!data.cart_id || !data.transaction_id) throw new MedusaError(MedusaError.Types.INVALID_DATA, `FlexShopper: ${START_HINT}.`)
    // The browser may call the stock session route with any data: only an order this plugin
    // built from the cart (kept server-side) can back a session.
    const secret = await this.log.getSecret<OrderSecret>({ lender: FLEXSHOPPER, purpose: SECRET.order, cart_id: data.cart_id })
    if (!secret || secret.transactionId !== data.transaction_id) throw new MedusaError(MedusaError.Types.INVALID_DATA, `FlexShopper: ${START_HINT}.`)
    const amountCents = toMinorUnits(input.amount, "usd")
    if (amountCents !== secret.totalCents) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `FlexShopper: the cart total changed since the lease order was built; ${START_HINT} again.`)
    }
    const sessionId = paymentSessionIdOf(input)
    const sessionData: FlexShopperSessionData = {
      session_id: sessionId,
      cart_id: data.cart_id,
      transaction_id: secret.transactionId,
      order: secret.order,
      sdk_script_url: sdkScriptUrl(this.options_),
      amount_cents: amountCents,
      status: "awaiting_signature",
    }
    await this.track({ operation: "initiate", payment_session_id: sessionId, amount: input.amount, currency_code: "usd" }, async () => secret.transactionId, (id) => id)
    // Medusa merges the sent data under ours: lease_number, captured_cents, pending_capture, …
    // sent by a browser come back null, so every key read later was written here.
    return { id: secret.transactionId, status: PaymentSessionStatus.PENDING, data: ownSessionData(input.data, sessionData) }
  }

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const data = flexData(input.data)
    if (data.status === "finalized" && data.lease_number) return { status: PaymentSessionStatus.AUTHORIZED, data }
    const sessionId = paymentSessionIdOf(input)
    const transactionId = data.transaction_id
    const tx = await this.transactionOf(data, { operation: "authorize", payment_session_id: sessionId })
    if (!tx) return { status: PaymentSessionStatus.PENDING, data }
    if (isFullyCanceled(transactionLines(tx))) return { status: PaymentSessionStatus.CANCELED, data: { ...data, status: "canceled" } }
    // Waiting for the shopper to sign in the modal.
    if (tx.lease.status !== "signed") return { status: PaymentSessionStatus.REQUIRES_MORE, data }

    const [expected, check] = await Promise.all([
      this.log.getSecret<OrderSecret>({ lender: FLEXSHOPPER, purpose: SECRET.order, payment_session_id: sessionId, cart_id: data.cart_id }),
      sessionId ? this.log.getSecret<CartCheckSecret>({ lender: FLEXSHOPPER, purpose: SECRET.cartCheck, payment_session_id: sessionId }) : null,
    ])
    if (!check || !transactionId || check.transactionId !== transactionId || (expected && expected.transactionId !== transactionId)) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "FlexShopper: complete this cart through POST /store/financing/flexshopper/complete, which checks the signed lease against the current cart."
      )
    }
    const problems = [
      ...(expected ? leaseMismatches(expected.order, tx) : ["the lease order for this cart is missing"]),
      ...(check.digest !== leaseDigest(tx) ? ["the lease changed after it was checked against the cart"] : []),
      ...(transactionTotalCents(tx) !== data.amount_cents ? [`the lease total is not the payment amount (${formatDollars(data.amount_cents ?? 0)})`] : []),
      // `customer` is on the 3.0 page only: checked when FlexShopper sends it.
      ...(expected && tx.customer?.id && tx.customer.id !== expected.userId ? ["the lease was signed by a different FlexShopper customer"] : []),
    ]
    if (problems.length) {
      await this.voidTransaction(transactionId, sessionId, "authorize-mismatch")
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `FlexShopper: the signed lease does not match the cart (${problems.join("; ")}); the lease was canceled.`)
    }

    let finalized
    let lenderFailure: unknown
    try {
      finalized = await this.track(
        { operation: "finalize", payment_session_id: sessionId, amount: fromMinorUnits(data.amount_cents ?? 0, "usd"), currency_code: "usd", recordBeforeCall: true },
        () => this.client.finalizeTransaction(transactionId).catch((error: unknown) => {
          lenderFailure = error
          throw error
        }),
        (r) => r.leaseNumber
      )
    } catch (error) {
      if (!isRefusal(lenderFailure)) {
        // No answer, or FlexShopper failed (timeout, reset, 5xx, 429, unreadable body): it may
        // have finalized. Finalize is idempotent, so the lease is kept for the shopper's retry;
        // canceling here would cancel a lease FlexShopper may already have funded.
        throw new MedusaError(
          MedusaError.Types.UNEXPECTED_STATE,
          `${(error as Error).message}. The signed lease is kept: try completing the order again (POST /store/financing/flexshopper/complete).`
        )
      }
      // FlexShopper refused it. Its own Magento module cancels then, so no lease is left dangling.
      await this.voidTransaction(transactionId, sessionId, "finalize-failed")
      throw error
    }
    return {
      status: PaymentSessionStatus.AUTHORIZED,
      data: nextSessionData(data, {
        status: "finalized",
        lease_number: finalized.leaseNumber,
        loan_number: finalized.loanNumber,
        finalized_at: new Date().toISOString(),
        captured_cents: 0,
        credits: {},
      }),
    }
  }

  protected async voidTransaction(transactionId: string, sessionId: string | undefined, reason: string): Promise<void> {
    try {
      await this.track({ operation: "cancel", payment_session_id: sessionId, detail: { reason } }, () => this.client.cancelItems(transactionId), () => transactionId)
    } catch {
      // Already in the financing log as failed; the original problem is what the caller reports.
    }
  }

  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    const data = flexData(input.data)
    const tx = await this.transactionOf(data, { operation: "capture", idempotency_key: input.context?.idempotency_key })
    if (!tx) throw new MedusaError(MedusaError.Types.NOT_FOUND, `FlexShopper: transaction ${data.transaction_id} was not found.`)
    // The most Medusa may hold: what FlexShopper was told was handed over (it pays on that).
    // captureOn only decides WHEN the confirmation workflow captures (capture-confirmed.ts).
    const confirmed = confirmedValueCents(transactionLines(tx))
    const captured = data.captured_cents ?? 0
    let cents = data.pending_capture?.cents
    if (cents === undefined) {
      // A capture not started by a delivery confirmation (e.g. from the admin): only once
      // FlexShopper has been told everything was delivered, and only the rest.
      cents = confirmed >= (data.amount_cents ?? Infinity) ? (data.amount_cents ?? 0) - captured : 0
    }
    if (cents <= 0 || captured + cents > confirmed) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `FlexShopper pays on delivery confirmation, so Medusa captures as shipments${this.options_.captureOn === "receipt" ? " are delivered" : " are confirmed"}: ` +
          `FlexShopper has confirmed ${formatDollars(confirmed)} and ${formatDollars(captured)} is captured.`
      )
    }
    return { data: nextSessionData(data, { captured_cents: captured + cents, pending_capture: null }) }
  }

  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const data = flexData(input.data)
    const tx = await this.transactionOf(data, { operation: "refund", idempotency_key: input.context?.idempotency_key })
    if (!tx) throw new MedusaError(MedusaError.Types.NOT_FOUND, `FlexShopper: transaction ${data.transaction_id} was not found.`)
    const next = await planRefund({ client: this.client, log: this.log, track: this.track.bind(this), tx, data, amount: input.amount, key: input.context?.idempotency_key })
    return { data: next }
  }

  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    const data = flexData(input.data)
    const tx = await this.transactionOf(data, { operation: "cancel" })
    if (!tx) return { data: nextSessionData(data, { status: "canceled" }) }
    const lines = transactionLines(tx)
    if (isFullyCanceled(lines)) return { data: nextSessionData(data, { status: "canceled" }) }
    if (hasDeliveredUnits(lines)) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `FlexShopper: items of lease ${data.lease_number ?? data.transaction_id} have already shipped or been delivered, so it cannot be canceled; create a return instead (returned items are credited to FlexShopper).`
      )
    }
    // Medusa's cancel step swallows this call's errors and cancels the order anyway, so a failure
    // is logged against the payment with a next attempt: the flexshopper-retry job finishes it.
    const paymentId = input.context?.idempotency_key?.startsWith("pay_") ? input.context.idempotency_key : undefined
    const result = await this.track(
      {
        operation: "cancel",
        recordBeforeCall: true,
        payment_id: paymentId ?? null,
        lender_reference: data.transaction_id,
        ...(paymentId ? { next_attempt_at: new Date(Date.now() + CANCEL_RETRY_DELAY_MS) } : {}),
        detail: { kind: "payment-cancel" },
      },
      () => this.client.cancelItems(data.transaction_id!),
      () => data.transaction_id
    )
    if (result.failed.length) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `FlexShopper could not cancel ${result.failed.map((f) => `${f.quantity} × ${f.sku} (${f.reason ?? "refused"})`).join(", ")}.`)
    }
    return { data: nextSessionData(data, { status: "canceled" }) }
  }

  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    const data = flexData(input.data)
    const sessionId = paymentSessionIdOf(input)
    if (sessionId) await this.log.deleteSecrets({ payment_session_id: sessionId, lender: FLEXSHOPPER, purpose: SECRET.cartCheck }).catch(() => 0)
    // A replaced session must not leave an open (or signed, unfinalized) lease behind.
    if (data.status !== "finalized") {
      const tx = await this.transactionOf(data, { operation: "delete", payment_session_id: sessionId }).catch(() => null)
      if (tx && !isFullyCanceled(transactionLines(tx)) && !hasDeliveredUnits(transactionLines(tx))) {
        await this.voidTransaction(data.transaction_id!, sessionId, "session-deleted")
      }
    }
    return { data }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    // A different amount no longer matches the lease order; authorize will refuse it.
    return { data: nextSessionData(input.data, { amount_cents: toMinorUnits(input.amount, "usd") }) }
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const data = flexData(input.data)
    const tx = await this.transactionOf(data, { operation: "status" })
    return { data: nextSessionData(data, { lease_status: tx?.lease.status }) }
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const data = flexData(input.data)
    const tx = await this.transactionOf(data, { operation: "status" })
    // Finalized is what this plugin recorded: FlexShopper's transaction has no such flag.
    const status = sessionStatusOf({ transaction: tx, finalized: data.status === "finalized" })
    return { status: status as PaymentSessionStatus, data }
  }

  async getWebhookActionAndData(_payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    // FlexShopper sends no webhooks: the modal reports to the browser and the store verifies server-side.
    return { action: PaymentActions.NOT_SUPPORTED }
  }
}
