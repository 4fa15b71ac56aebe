// The invoice-payment state machine of the spec (§7):
//   PENDING ──confirm PLATFORM, funds ok──▶ SUCCESS      ──confirm PLATFORM, no funds──▶ FAILED
//           ──Checkout.com approved────────▶ SUCCESS      ──Checkout.com declined/3DS──▶ FAILED
//           ──external webhook(status)─────▶ SUCCESS|FAILED|CANCELLED
//           ──ttl──────────────────────────▶ EXPIRED
// Terminal states never change again, the invoice is PAID once, an account is debited once, and
// every terminal transition is forwarded (signed) to the merchant's notify URL.
import { createHmac, randomBytes } from "node:crypto"
import type { SimulatorContext } from "../types"
import { fromMinor, toMinor } from "./decimal"
import type { SimAccount, SimPayment, SimPaymentStatus, VaultState } from "./model"
import type { VaultSimSettings } from "./settings"

export type Failure = { status: number; error: string; message: string; field?: string; data?: Record<string, unknown> }

export class VaultEngine {
  constructor(
    private readonly ctx: SimulatorContext,
    private readonly state: VaultState,
    private readonly settings: VaultSimSettings,
    private readonly duplicateAll: () => boolean = () => false,
  ) {}

  nowIso(): string {
    return this.ctx.clock.now().toISOString()
  }

  /** Expires every overdue payment (run on clock changes and before reads). */
  sweep(): void {
    for (const payment of this.state.payments.list()) this.touch(payment)
  }

  touch(payment: SimPayment): SimPayment {
    if (payment.status === "PENDING" && payment.expiresAt <= this.ctx.clock.nowMs()) {
      this.finish(payment, "EXPIRED", { reason: "Payment expired before completion" })
    }
    return payment
  }

  /** Moves a PENDING payment to a terminal status; false (and nothing changes) otherwise. */
  finish(
    payment: SimPayment,
    status: Exclude<SimPaymentStatus, "PENDING">,
    detail: { reason?: string; externalData?: string | null; checkoutPaymentId?: string } = {},
  ): boolean {
    if (payment.status !== "PENDING") return false
    payment.status = status
    payment.paymentDate = this.ctx.clock.nowMs()
    if (detail.externalData !== undefined) payment.externalData = detail.externalData
    if (detail.checkoutPaymentId) payment.checkoutPaymentId = detail.checkoutPaymentId
    const data = { invoiceId: payment.invoiceId, type: payment.type, reason: detail.reason }
    if (status === "SUCCESS") {
      const invoice = this.state.invoices.get(payment.invoiceId)
      if (invoice) invoice.status = "PAID"
      this.ctx.ledger.record({
        type: "invoice.paid",
        ref: payment.paymentId,
        amount: payment.amount,
        currency: payment.currency,
        data,
      })
    } else {
      this.ctx.ledger.record({
        type: `payment.${status.toLowerCase()}`,
        ref: payment.paymentId,
        amount: payment.amount,
        currency: payment.currency,
        data,
      })
    }
    this.notify(payment)
    return true
  }

  /** PLATFORM settlement: debits the account once, or fails the payment on insufficient funds. */
  settlePlatform(payment: SimPayment): Failure | undefined {
    const account = payment.accountId ? this.state.accounts.get(payment.accountId) : undefined
    if (!account) return { status: 404, error: "ACCOUNT_NOT_FOUND", message: "Account not found", field: "accountId" }
    if (account.currency !== payment.currency) {
      return {
        status: 400,
        error: "CURRENCY_MISMATCH",
        message: `Account currency ${account.currency} does not match the invoice currency ${payment.currency}`,
        field: "accountId",
      }
    }
    const balance = toMinor(account.balance, account.currency)
    const amount = toMinor(payment.amount, payment.currency)
    if (balance < amount) {
      this.finish(payment, "FAILED", { reason: "INSUFFICIENT_FUNDS" })
      return {
        status: 400,
        error: "INSUFFICIENT_FUNDS",
        message: "Insufficient funds on the selected account",
        field: "accountId",
        data: { paymentId: payment.paymentId, status: payment.status },
      }
    }
    this.debit(account, balance - amount)
    this.ctx.ledger.record({
      type: "platform.debit",
      ref: payment.paymentId,
      amount: payment.amount,
      currency: payment.currency,
      data: { accountId: account.id },
    })
    this.finish(payment, "SUCCESS")
    return undefined
  }

  private debit(account: SimAccount, remainingMinor: bigint): void {
    account.balance = fromMinor(remainingMinor, account.currency)
  }

  /** The payment as Vault's API returns it (spec §6.1, [INFERRED] shape). */
  present(payment: SimPayment) {
    const session = payment.checkoutSessionId ? this.state.ckoSessions.get(payment.checkoutSessionId) : undefined
    return {
      paymentId: payment.paymentId,
      invoiceId: payment.invoiceId,
      type: payment.type,
      status: payment.status,
      amount: payment.amount,
      currency: payment.currency,
      discountCode: payment.discountCode,
      discountAmount: payment.discountAmount,
      accountId: payment.accountId,
      checkoutUrl: session && payment.status === "PENDING" ? `${this.ctx.baseUrl}/sim/cko/pay/${session.id}` : null,
      checkoutSessionId: payment.checkoutSessionId,
      checkoutPaymentId: payment.checkoutPaymentId,
      externalData: payment.externalData,
      createdAt: payment.createdAt,
      expiresAt: new Date(payment.expiresAt).toISOString(),
    }
  }

  /** Forwards the terminal status to the merchant, signed (X-Signature is invented, spec §6.4). */
  notify(payment: SimPayment, options: { duplicate?: boolean } = {}): void {
    const invoice = this.state.invoices.get(payment.invoiceId)
    const url = invoice?.notifyUrl ?? this.settings.notifyUrl
    if (!url) {
      this.ctx.log.info(
        `no notify URL for invoice ${payment.invoiceId}; notification for ${payment.paymentId} not sent`,
      )
      return
    }
    const event = payment.type === "EXTERNAL" ? "external" : "platform"
    const payload: Record<string, unknown> = {
      paymentId: payment.paymentId,
      invoiceId: payment.invoiceId,
      status: payment.status,
      amount: "__AMOUNT__",
      currency: payment.currency,
      paymentDate: payment.paymentDate,
      ...(event === "external" && { externalData: payment.externalData }),
    }
    // The amount goes out as a JSON number written exactly ("450.00"): a receiver that verifies a
    // re-serialised body (450) instead of the raw bytes fails, as it would with Vault.
    const body = JSON.stringify({ payload }).replace('"__AMOUNT__"', payment.amount)
    const signature = createHmac("sha256", this.settings.webhookSecret).update(body).digest("hex")
    this.state.notifications.set(`${payment.paymentId}:${randomBytes(4).toString("hex")}`, {
      paymentId: payment.paymentId,
      url,
      body,
      signature,
      event,
    })
    this.send({ url, body, signature, event, paymentId: payment.paymentId }, options.duplicate ?? this.duplicateAll())
  }

  /** Sends one stored notification again, byte for byte (a replay). */
  resend(paymentId: string): boolean {
    const last = this.state.notifications.filter((n) => n.paymentId === paymentId).pop()
    if (!last) return false
    this.send(last)
    return true
  }

  private send(
    n: { url: string; body: string; signature: string; event: string; paymentId: string },
    duplicate = false,
  ): void {
    void this.ctx.webhooks.deliver({
      url: n.url,
      body: n.body,
      // X-Signature is invented (spec §6.4, labelled). Which of the two seed webhooks this is shows
      // in the event name only; the merchant tells the kind from its own session, not a header.
      headers: { "x-signature": n.signature, "x-request-id": randomBytes(12).toString("hex") },
      event: `invoice.payment.${n.event}`,
      maxAttempts: this.settings.notifyMaxAttempts,
      backoffMs: this.settings.notifyBackoffMs,
      // A receiver may legitimately wait for a cart lock before answering.
      timeoutMs: 15_000,
      duplicate,
    })
  }
}
