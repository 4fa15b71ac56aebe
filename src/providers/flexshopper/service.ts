// FlexShopper as a Medusa payment provider. Thin: the lease is signed in FlexShopper's modal, so
// authorize re-reads the transaction, checks it against the cart and finalizes; capture records
// what Medusa captures, never more than FlexShopper was told was delivered; refund maps onto
// cancels and line credits.
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
import { MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"
import { FLEXSHOPPER_NAME, type FlexShopperClient } from "../../lenders/flexshopper/client"
import { leaseDigest, leaseMismatches, transactionTotalCents } from "../../lenders/flexshopper/lease-order"
import {
  confirmedValueCents,
  hasDeliveredUnits,
  isFullyCanceled,
  transactionLines,
} from "../../lenders/flexshopper/lines"
import { formatDollars } from "../../lenders/flexshopper/money"
import type { FsTransaction } from "../../lenders/flexshopper/types"
import { isLenderRefusal } from "../../lenders/errors"
import { fromMinorUnits, toMinorUnits } from "../../lenders/money"
import { captureAmountOf } from "../../provider-kit/capture-amount"
import { LenderPaymentProvider } from "../../provider-kit/lender-provider"
import { withOwnerChoices } from "../../provider-kit/owner-options"
import { nextSessionData, ownSessionData, paymentSessionIdOf } from "../../provider-kit/session-data"
import type { TrackedOperation } from "../../provider-kit/track-operation"
import { flexShopperLender } from "./lender"
import { captureOnOf, flexShopperClient, sdkScriptUrl, type FlexShopperOptions } from "./options"
import { planRefund } from "./refund"
import {
  FLEXSHOPPER,
  SECRET,
  flexData,
  type CartCheckSecret,
  type FlexShopperSessionData,
  type OrderSecret,
} from "./session-data"
import { sessionStatusOf } from "./status"

const START_HINT = "start FlexShopper through POST /store/financing/flexshopper/session"
const CANCEL_RETRY_DELAY_MS = 60_000
const FLEXSHOPPER_LENDER = flexShopperLender

export default class FlexShopperProviderService extends LenderPaymentProvider<FlexShopperOptions> {
  static override identifier = FLEXSHOPPER_LENDER.identifier
  static override lender = FLEXSHOPPER_LENDER
  protected readonly options_: FlexShopperOptions

  static override validateOptions(options: Record<string, unknown>): void {
    flexShopperLender.validateOptions(options)
  }

  constructor(cradle: Record<string, unknown>, options: FlexShopperOptions) {
    super(cradle, options)
    this.options_ = options
  }

  /** The options as they apply to this call: the owner's credentials and choices over the configuration. */
  protected async currentOptions(): Promise<FlexShopperOptions> {
    return await withOwnerChoices(flexShopperLender, this.options_)
  }

  /** The client for the credentials that apply now (one per credentials set: client-cache.ts). */
  protected async client(): Promise<FlexShopperClient> {
    return flexShopperClient(await this.currentOptions(), this.logger_)
  }

  private dataOf(input: { data?: Record<string, unknown> }): FlexShopperSessionData {
    return flexData(input.data)
  }

  /**
   * The lease as FlexShopper has it now: the transaction, or null when the modal never created it.
   * Its path id is the merchant transaction id this plugin generated (session data it wrote,
   * checked against the server-side lease order); Get Transaction does not echo it back.
   */
  protected async statusOf(data: FlexShopperSessionData, operation: TrackedOperation): Promise<FsTransaction | null> {
    const transactionId = data.transaction_id
    if (!transactionId) return null
    try {
      return await this.track(
        operation,
        async () => (await this.client()).getTransaction(transactionId),
        () => ({ lender_reference: transactionId }),
      )
    } catch (error) {
      if ((error as MedusaError).type === MedusaError.Types.NOT_FOUND) return null
      throw error
    }
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    if (input.currency_code?.toLowerCase() !== "usd") {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `FlexShopper leases are in US dollars; this cart is in ${input.currency_code?.toUpperCase()}.`,
      )
    }
    await this.refuseUnlessOffered(input.amount, input.currency_code)
    const data = this.dataOf(input)
    if (!data.cart_id || !data.transaction_id)
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `FlexShopper: ${START_HINT}.`)
    // The browser may call the stock session route with any data: only an order this plugin
    // built from the cart (kept server-side) can back a session.
    const secret = await this.financingLog({ required: true }).getSecret<OrderSecret>({
      lender: FLEXSHOPPER,
      purpose: SECRET.order,
      cart_id: data.cart_id,
    })
    if (!secret || secret.transactionId !== data.transaction_id)
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `FlexShopper: ${START_HINT}.`)
    const amountCents = toMinorUnits(input.amount, "usd")
    if (amountCents !== secret.totalCents) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `FlexShopper: the cart total changed since the lease order was built; ${START_HINT} again.`,
      )
    }
    const sessionId = paymentSessionIdOf(input)
    const sessionData: FlexShopperSessionData = {
      session_id: sessionId,
      cart_id: data.cart_id,
      transaction_id: secret.transactionId,
      order: secret.order,
      sdk_script_url: sdkScriptUrl(await this.currentOptions()),
      amount_cents: amountCents,
      status: "awaiting_signature",
    }
    await this.track(
      { operation: "initiate", payment_session_id: sessionId, amount: input.amount, currency_code: "usd" },
      async () => secret.transactionId,
      (id) => ({ lender_reference: id }),
    )
    // Medusa merges the sent data under ours: lease_number, captured_cents, credits, …
    // sent by a browser come back null, so every key read later was written here.
    return {
      id: secret.transactionId,
      status: PaymentSessionStatus.PENDING,
      data: ownSessionData(input.data, sessionData),
    }
  }

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const data = this.dataOf(input)
    if (data.status === "finalized" && data.lease_number) return { status: PaymentSessionStatus.AUTHORIZED, data }
    const sessionId = paymentSessionIdOf(input)
    const transactionId = data.transaction_id
    const tx = await this.statusOf(data, { operation: "authorize", payment_session_id: sessionId })
    if (!tx) return { status: PaymentSessionStatus.PENDING, data }
    if (isFullyCanceled(transactionLines(tx)))
      return { status: PaymentSessionStatus.CANCELED, data: { ...data, status: "canceled" } }
    // Waiting for the shopper to sign in the modal.
    if (tx.lease.status !== "signed") return { status: PaymentSessionStatus.REQUIRES_MORE, data }

    const log = this.financingLog({ required: true })
    const [expected, check] = await Promise.all([
      log.getSecret<OrderSecret>({
        lender: FLEXSHOPPER,
        purpose: SECRET.order,
        payment_session_id: sessionId,
        cart_id: data.cart_id,
      }),
      sessionId
        ? log.getSecret<CartCheckSecret>({
            lender: FLEXSHOPPER,
            purpose: SECRET.cartCheck,
            payment_session_id: sessionId,
          })
        : null,
    ])
    if (
      !check ||
      !transactionId ||
      check.transactionId !== transactionId ||
      (expected && expected.transactionId !== transactionId)
    ) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "FlexShopper: complete this cart through POST /store/financing/flexshopper/complete, which checks the signed lease against the current cart.",
      )
    }
    const problems = [
      ...(expected ? leaseMismatches(expected.order, tx) : ["the lease order for this cart is missing"]),
      ...(check.digest !== leaseDigest(tx) ? ["the lease changed after it was checked against the cart"] : []),
      ...(transactionTotalCents(tx) !== data.amount_cents
        ? [`the lease total is not the payment amount (${formatDollars(data.amount_cents ?? 0)})`]
        : []),
      // `customer` is on the 3.0 page only: checked when FlexShopper sends it.
      ...(expected && tx.customer?.id && tx.customer.id !== expected.userId
        ? ["the lease was signed by a different FlexShopper customer"]
        : []),
    ]
    if (problems.length) {
      await this.voidTransaction(transactionId, sessionId, "authorize-mismatch")
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `FlexShopper: the signed lease does not match the cart (${problems.join("; ")}); the lease was canceled.`,
      )
    }

    let finalized
    let lenderFailure: unknown
    try {
      finalized = await this.track(
        {
          operation: "finalize",
          payment_session_id: sessionId,
          amount: fromMinorUnits(data.amount_cents ?? 0, "usd"),
          currency_code: "usd",
          recordBeforeCall: true,
        },
        async () =>
          (await this.client()).finalizeTransaction(transactionId).catch((error: unknown) => {
            lenderFailure = error
            throw error
          }),
        (r) => ({ lender_reference: r.leaseNumber ?? null }),
      )
    } catch (error) {
      if (!isLenderRefusal(lenderFailure)) {
        // No answer, or FlexShopper failed (timeout, reset, 5xx, 429, unreadable body): it may
        // have finalized. Finalize is idempotent, so the lease is kept for the shopper's retry;
        // canceling here would cancel a lease FlexShopper may already have funded.
        throw new MedusaError(
          MedusaError.Types.UNEXPECTED_STATE,
          `${(error as Error).message}. The signed lease is kept: try completing the order again (POST /store/financing/flexshopper/complete).`,
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
      await this.track(
        { operation: "cancel", payment_session_id: sessionId, detail: { reason } },
        async () => (await this.client()).cancelItems(transactionId),
        () => ({ lender_reference: transactionId }),
      )
    } catch {
      // Already in the financing log as failed; the original problem is what the caller reports.
    }
  }

  /**
   * Records exactly the amount Medusa captures (read back from its capture row: Medusa does not
   * pass it), never more than FlexShopper was told was handed over (it pays on that). captureOn
   * only decides WHEN the confirmation workflow captures (capture-confirmed.ts).
   */
  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    const data = this.dataOf(input)
    const captureId = input.context?.idempotency_key
    const tx = await this.statusOf(data, { operation: "capture", idempotency_key: captureId })
    if (!tx)
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `FlexShopper: transaction ${data.transaction_id} was not found.`,
      )
    const cents = toMinorUnits(await captureAmountOf(this.container, captureId, FLEXSHOPPER_NAME), "usd", {
      rounding: "reject",
    })
    const confirmed = confirmedValueCents(transactionLines(tx))
    const captured = data.captured_cents ?? 0
    if (cents <= 0 || captured + cents > confirmed) {
      const captureOn = captureOnOf(await this.currentOptions())
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `FlexShopper pays on delivery confirmation, so Medusa captures as shipments${captureOn === "receipt" ? " are delivered" : " are confirmed"}: ` +
          `FlexShopper has confirmed ${formatDollars(confirmed)} and ${formatDollars(captured)} is captured.`,
      )
    }
    // What FlexShopper's transaction confirmed and Medusa now captures: reconciliation's figure.
    // Keyed by Medusa's capture, so a repeated call records it once.
    await this.recordOperation({
      operation: "capture",
      outcome: "succeeded",
      payment_session_id: data.session_id ?? null,
      lender_reference: data.transaction_id ?? null,
      idempotency_key: captureId ? `flexshopper:captured:${captureId}` : null,
      amount: fromMinorUnits(cents, "usd"),
      currency_code: "usd",
      detail: { confirmed_cents: confirmed, captured_before_cents: captured },
    })
    // pending_capture: cleared where an earlier version of the plugin staged the amount there.
    return { data: nextSessionData(data, { captured_cents: captured + cents, pending_capture: null }) }
  }

  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const data = this.dataOf(input)
    const tx = await this.statusOf(data, { operation: "refund", idempotency_key: input.context?.idempotency_key })
    if (!tx)
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `FlexShopper: transaction ${data.transaction_id} was not found.`,
      )
    const next = await planRefund({
      client: await this.client(),
      log: this.financingLog({ required: true }),
      track: this.track.bind(this),
      tx,
      data,
      amount: input.amount,
      key: input.context?.idempotency_key,
    })
    return { data: next }
  }

  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    const data = this.dataOf(input)
    const tx = await this.statusOf(data, { operation: "cancel" })
    if (!tx) return { data: nextSessionData(data, { status: "canceled" }) }
    const lines = transactionLines(tx)
    if (isFullyCanceled(lines)) return { data: nextSessionData(data, { status: "canceled" }) }
    if (hasDeliveredUnits(lines)) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `FlexShopper: items of lease ${data.lease_number ?? data.transaction_id} have already shipped or been delivered, so it cannot be canceled; create a return instead (returned items are credited to FlexShopper).`,
      )
    }
    // Medusa's cancel step swallows this call's errors and cancels the order anyway, so a failure
    // is logged against the payment with a next attempt: the reconcile job finishes it.
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
      async () => (await this.client()).cancelItems(data.transaction_id!),
      () => ({ lender_reference: data.transaction_id ?? null }),
    )
    if (result.failed.length) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `FlexShopper could not cancel ${result.failed.map((f) => `${f.quantity} × ${f.sku} (${f.reason ?? "refused"})`).join(", ")}.`,
      )
    }
    return { data: nextSessionData(data, { status: "canceled" }) }
  }

  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    const data = this.dataOf(input)
    const sessionId = paymentSessionIdOf(input)
    if (sessionId)
      await this.financingLog({ required: true })
        .deleteSecrets({ payment_session_id: sessionId, lender: FLEXSHOPPER, purpose: SECRET.cartCheck })
        .catch(() => 0)
    // A replaced session must not leave an open (or signed, unfinalized) lease behind.
    if (data.status !== "finalized") {
      const tx = await this.statusOf(data, { operation: "delete", payment_session_id: sessionId }).catch(() => null)
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
    const data = this.dataOf(input)
    const tx = await this.statusOf(data, { operation: "status" })
    return { data: nextSessionData(data, { lease_status: tx?.lease.status }) }
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const data = this.dataOf(input)
    const tx = await this.statusOf(data, { operation: "status" })
    // Finalized is what this plugin recorded: FlexShopper's transaction has no such flag.
    return { status: sessionStatusOf({ transaction: tx, finalized: data.status === "finalized" }), data }
  }

  // FlexShopper sends no webhooks: the modal reports to the browser and the store verifies
  // server-side (the base's getWebhookActionAndData ignores anything sent to /hooks/payment).
}
