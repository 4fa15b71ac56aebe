// Medusa payment provider for Vault invoice payments (identifier "vault"). Thin: Vault work is in
// the client (src/lenders/vault), the shopper's login in shopper-session.ts, the status table in
// status.ts. Types: CHECKOUT (default; hosted card page), PLATFORM (debit the shopper's Vault
// account on confirm) and EXTERNAL (settled by a third party, reported by webhook).
import { randomUUID } from "node:crypto"
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
  ProviderWebhookPayload,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
  WebhookActionResult,
} from "@medusajs/framework/types"
import { MedusaError, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import { isLenderError } from "../../lenders/errors"
import { toMedusaError } from "../../provider-kit/medusa-error"
import { toVaultAmount } from "../../lenders/vault/amounts"
import { toMinorUnits } from "../../lenders/money"
import { VAULT_ERROR_CODES } from "../../lenders/vault/errors"
import { VAULT_PAYMENT_TYPES, type VaultPayment, type VaultPaymentType } from "../../lenders/vault/types"
import { parseVaultWebhookPayload, verifyVaultWebhook } from "../../lenders/vault/webhook"
import { captureAmountOf } from "../../provider-kit/capture-amount"
import { LenderPaymentProvider } from "../../provider-kit/lender-provider"
import { ownSessionData, paymentSessionIdOf } from "../../provider-kit/session-data"
import { authorizeOutageError, shopperSentence } from "../../provider-kit/shopper-message"
import { vaultAmountToMinor } from "../../lenders/vault/amounts"
import { fromMinorUnits } from "../../lenders/money"
import { withQuery } from "../../provider-kit/urls"
import { vaultClientFor } from "./client-factory"
import { vaultLender } from "./lender"
import type { VaultProviderOptions } from "./options"
import { checkPlatformGrant, consumePlatformGrant, shopperAuthFor } from "./shopper-session"
import {
  invoiceReference,
  sessionIdFromReference,
  vaultRefsOf,
  vaultSessionData,
  type VaultSessionRefs,
} from "./session-data"
import { sessionStatusOf, webhookActionFor } from "./status"
import { checkVaultPayment } from "./verify"
import { withOwnerChoices } from "../../provider-kit/owner-options"

const VAULT = vaultLender

function isDiscounted(data: Record<string, unknown> | undefined): boolean {
  return typeof data?.discount_amount === "string" && /[1-9]/.test(data.discount_amount)
}

/**
 * Starting a payment reaches the shopper through the stock payment-session route: a Vault outage
 * is a 400 in plain words (nothing was created that could charge them); the detail is in the
 * financing log. Vault's own refusals (an unknown discount code, …) pass through.
 */
function shopperFacingStartError(error: unknown): unknown {
  if (error instanceof MedusaError && error.type !== MedusaError.Types.UNEXPECTED_STATE) return error
  return new MedusaError(MedusaError.Types.NOT_ALLOWED, shopperSentence("Vault", "unavailable"))
}

/**
 * Seed 004 §1.2/§1.3: `someData` is a string. A storefront may send an object for convenience;
 * it goes to Vault as its JSON text. Anything else is refused, naming the field.
 */
function someDataText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  const text = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : undefined
  if (text === undefined)
    throw invalid('field "some_data" must be a string (or an object, sent to Vault as its JSON text)')
  if (text.length > 2000) throw invalid('field "some_data" must be at most 2000 characters')
  return text
}

function invalid(message: string): MedusaError {
  return new MedusaError(MedusaError.Types.INVALID_DATA, `Vault: ${message}`)
}

export class VaultProviderService extends LenderPaymentProvider<VaultProviderOptions> {
  static override identifier = VAULT.identifier
  static override lender = VAULT

  static override validateOptions(options: Record<string, unknown>): void {
    vaultLender.validateOptions(options)
  }

  /** The options as they apply to this call: the owner's credentials and choices over the configuration. */
  private async currentConfig(): Promise<VaultProviderOptions> {
    return await withOwnerChoices(vaultLender, this.config)
  }

  /** The client for the credentials that apply now (one per credentials set: client-cache.ts). */
  private async client() {
    return vaultClientFor(await this.currentConfig(), this.logger_)
  }

  private requireRef(data: Record<string, unknown> | undefined): VaultSessionRefs {
    const refs = vaultRefsOf(data)
    if (!refs)
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "Vault: the payment session has no Vault payment (invoice_id/payment_id missing)",
      )
    return refs
  }

  private async fetch(refs: VaultSessionRefs): Promise<VaultPayment> {
    return (await this.client()).getPayment({ paymentId: refs.payment_id, invoiceId: refs.invoice_id, type: refs.type })
  }

  /** The Vault payment as Vault has it now, read as a tracked operation. */
  private statusOf(refs: VaultSessionRefs, operation = "status"): Promise<VaultPayment> {
    return this.track({ operation, lender_reference: refs.payment_id }, () => this.fetch(refs))
  }

  /** A settled Vault payment must be for this invoice, currency and amount before Medusa counts it. */
  private assertMatches(payment: VaultPayment, refs: VaultSessionRefs): void {
    const check = checkVaultPayment(payment, {
      invoiceId: refs.invoice_id,
      amount: refs.invoice_amount,
      currency: refs.currency,
    })
    if (!check.ok) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Vault: payment ${payment.paymentId} does not match the session (${check.reason})`,
      )
    }
  }

  private async platformContext(data: Record<string, unknown>) {
    const cartId = typeof data.cart_id === "string" ? data.cart_id : ""
    const accountId = typeof data.account_id === "string" ? data.account_id : ""
    const grant = typeof data.platform_grant === "string" ? data.platform_grant : ""
    if (!cartId || !accountId || !grant || !(await checkPlatformGrant(this.financingLog(), cartId, accountId, grant))) {
      throw invalid(
        "PLATFORM payments are started with POST /store/financing/vault/platform/payment-session after the shopper signs in (field: type)",
      )
    }
    return { cartId, accountId, auth: await shopperAuthFor(await this.client(), this.financingLog(), cartId) }
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    // From the stock route (any guest): a new invoice, never a revision a browser asked for.
    await this.refuseUnlessOffered(input.amount, input.currency_code)
    return this.startPayment(input, 1)
  }

  private async startPayment(input: InitiatePaymentInput, revision: number): Promise<InitiatePaymentOutput> {
    const data = input.data ?? {}
    const type = String(data.type ?? this.config.defaultType ?? "CHECKOUT").toUpperCase() as VaultPaymentType
    if (!VAULT_PAYMENT_TYPES.includes(type))
      throw invalid(`field "type" must be one of ${VAULT_PAYMENT_TYPES.join(", ")}`)
    const currency = input.currency_code.toUpperCase()
    let amount: string
    try {
      amount = toVaultAmount(input.amount, currency)
    } catch (error) {
      throw toMedusaError(error)
    }
    // Only with the acceptDiscountCodes option does a shopper's code reach Vault (README: Vault).
    const discountCode = this.requestedDiscountCode(data)
    const someData = type === "EXTERNAL" ? someDataText(data.some_data) : undefined
    const platform = type === "PLATFORM" ? await this.platformContext(data) : undefined
    const sessionId = paymentSessionIdOf(input)
    return this.track(
      { operation: "initiate", payment_session_id: sessionId, amount, currency_code: currency.toLowerCase() },
      async () => {
        const invoice = await (
          await this.client()
        ).createInvoice({
          amount,
          currency,
          reference: sessionId ? invoiceReference(sessionId, revision) : randomUUID(),
          description: "Store order",
          notifyUrl: this.config.webhookUrl,
        })
        const payment = await (
          await this.client()
        ).createOrGetPayment(
          {
            invoiceId: invoice.invoiceId,
            type,
            discountCode,
            accountId: platform?.accountId,
            redirectUrl:
              type === "CHECKOUT" && sessionId
                ? withQuery(this.config.returnUrl, { payment_session_id: sessionId })
                : undefined,
            someData,
          },
          platform?.auth,
        )
        if (platform) await consumePlatformGrant(this.financingLog(), platform.cartId)
        const refs = {
          type,
          invoice_id: invoice.invoiceId,
          payment_id: payment.paymentId,
          invoice_amount: amount,
          currency,
        }
        const extra = {
          ...refs,
          session_id: sessionId,
          cart_id: platform?.cartId ?? null,
          invoice_revision: revision > 1 ? revision : null,
        }
        // Medusa merges the sent data under ours: every sent key we did not write (platform_grant,
        // a refused discount_code, …) is returned as null so none of it stays in the session.
        const written = vaultSessionData({}, payment, extra)
        return { id: payment.paymentId, data: ownSessionData(data, written), status: PaymentSessionStatus.PENDING }
      },
      (result) => ({ lender_reference: result.id, references: { invoice_id: result.data.invoice_id, type } }),
    ).catch((error: unknown) => {
      throw shopperFacingStartError(error)
    })
  }

  /**
   * Medusa's payment module calls this through updatePaymentSession (stock 2.21 cart changes
   * delete the session instead; the plugin's own workflows pass the same amount). A new total or
   * a new discount code updates the existing Vault payment (seed 004 §1.2) rather than opening a
   * second one: Vault prices a payment from its invoice and the seed's Update has no amount, so a
   * new total is a new invoice ([INFERRED] create) that the payment is pointed at. The shopper's
   * hosted-page link and payment id stay the same; the old invoice is left unpaid.
   */
  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const refs = vaultRefsOf(input.data)
    if (!refs) return this.startPayment(input, 1)
    const currency = input.currency_code.toUpperCase()
    let amount: string
    try {
      amount = toVaultAmount(input.amount, currency)
    } catch (error) {
      throw toMedusaError(error)
    }
    const sameTotal = currency === refs.currency && amount === refs.invoice_amount
    // Medusa passes the data to keep, not a diff: a code is compared with Vault's payment below.
    const code = this.requestedDiscountCode(input.data)
    if (sameTotal && code === undefined) return { data: input.data }
    const revision = (typeof input.data?.invoice_revision === "number" ? input.data.invoice_revision : 1) + 1
    const fresh = { ...(input.data ?? {}), invoice_id: undefined, payment_id: undefined, type: refs.type }
    // A new currency is a new payment: Vault's Update changes an invoice, not a currency.
    if (currency !== refs.currency) return this.startPayment({ ...input, data: fresh }, revision)

    return this.updateVaultPayment(input, refs, { amount, currency, code, sameTotal, revision, fresh }).catch(
      (error: unknown) => {
        throw shopperFacingStartError(error)
      },
    )
  }

  private async updateVaultPayment(
    input: UpdatePaymentInput,
    refs: VaultSessionRefs,
    change: {
      amount: string
      currency: string
      code: string | undefined
      sameTotal: boolean
      revision: number
      fresh: Record<string, unknown>
    },
  ): Promise<UpdatePaymentOutput> {
    const { amount, currency, code, sameTotal, revision, fresh } = change
    const sessionId = paymentSessionIdOf(input)
    const auth =
      refs.type === "PLATFORM" && refs.cart_id
        ? await shopperAuthFor(await this.client(), this.financingLog(), refs.cart_id)
        : undefined
    const current = await this.statusOf(refs)
    if (current.status === "SUCCESS") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Vault: payment ${refs.payment_id} is already paid; it cannot be changed to ${amount} ${currency}`,
      )
    }
    if (sameTotal && code?.toUpperCase() === (current.discountCode ?? "").toUpperCase()) return { data: input.data }
    // Expired, failed or cancelled: nothing left to update, so the new total gets a new payment.
    if (current.status !== "PENDING") return this.startPayment({ ...input, data: fresh }, revision)

    return this.track(
      {
        operation: "update",
        payment_session_id: sessionId,
        lender_reference: refs.payment_id,
        amount,
        currency_code: currency.toLowerCase(),
      },
      async () => {
        const invoiceId = sameTotal
          ? refs.invoice_id
          : (
              await (
                await this.client()
              ).createInvoice({
                amount,
                currency,
                reference: sessionId ? invoiceReference(sessionId, revision) : randomUUID(),
                description: "Store order",
                notifyUrl: this.config.webhookUrl,
              })
            ).invoiceId
        const payment = await (
          await this.client()
        ).updatePayment(
          refs.payment_id,
          { invoiceId, type: refs.type, discountCode: code ?? current.discountCode ?? undefined },
          auth,
        )
        const extra = {
          invoice_amount: amount,
          currency,
          invoice_revision: sameTotal ? (input.data?.invoice_revision ?? null) : revision,
        }
        return { data: vaultSessionData(input.data, payment, extra), status: PaymentSessionStatus.PENDING }
      },
      (result) => ({
        lender_reference: refs.payment_id,
        references: { invoice_id: result.data.invoice_id, type: refs.type },
      }),
    )
  }

  /** The shopper's discount code, only with acceptDiscountCodes (README: Vault discount codes). */
  private requestedDiscountCode(data: Record<string, unknown> | undefined): string | undefined {
    const code = data?.discount_code
    return this.config.acceptDiscountCodes && typeof code === "string" && code.trim()
      ? code.trim().slice(0, 64)
      : undefined
  }

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const refs = this.requireRef(input.data)
    let result: AuthorizePaymentOutput
    try {
      result = await this.authorizeWithVault(input, refs)
    } catch (error) {
      // An outage is { type: "cart" } in plain words at complete, never a 500. Safe to retry:
      // authorize reads the payment first and confirms only one still PENDING.
      throw authorizeOutageError("Vault", error)
    }
    if (result.status === PaymentSessionStatus.CAPTURED && isDiscounted(result.data)) {
      // Vault collected less than the cart total: Medusa must not record the full total as
      // captured. The payment stays authorized for the amount Vault collected; the admin captures
      // exactly that, and the financing log says why.
      await this.recordDiscount(paymentSessionIdOf(input), refs, result.data!)
      return { status: PaymentSessionStatus.AUTHORIZED, data: result.data }
    }
    return result
  }

  private async recordDiscount(
    sessionId: string | undefined,
    refs: VaultSessionRefs,
    data: Record<string, unknown>,
  ): Promise<void> {
    const collected = String(data.amount)
    await this.recordOperation({
      operation: "discount",
      payment_session_id: sessionId ?? null,
      lender_reference: refs.payment_id,
      idempotency_key: `vault:discount:${refs.payment_id}`,
      amount: collected,
      currency_code: refs.currency.toLowerCase(),
      outcome: "action_required",
      error_message:
        `Vault discount code ${String(data.discount_code ?? "")} took ${String(data.discount_amount ?? "")} ${refs.currency} off: Vault collected ` +
        `${collected} of ${refs.invoice_amount} ${refs.currency}. Capture ${collected}; the difference was never paid.`,
      detail: {
        discount_code: data.discount_code ?? null,
        discount_amount: data.discount_amount ?? null,
        invoice_amount: refs.invoice_amount,
        collected,
      },
    })
  }

  private async authorizeWithVault(
    input: AuthorizePaymentInput,
    refs: VaultSessionRefs,
  ): Promise<AuthorizePaymentOutput> {
    return this.track(
      {
        operation: "authorize",
        payment_session_id: paymentSessionIdOf(input),
        amount: refs.invoice_amount,
        currency_code: refs.currency.toLowerCase(),
        recordBeforeCall: refs.type === "PLATFORM",
      },
      async () => {
        let payment = await this.fetch(refs)
        if (refs.type === "PLATFORM" && payment.status === "PENDING")
          payment = await this.confirmPlatform(refs, payment)
        if (payment.status === "SUCCESS") this.assertMatches(payment, refs)
        return { status: sessionStatusOf(payment.status, refs.type), data: vaultSessionData(input.data, payment) }
      },
      (result) => ({
        lender_reference: refs.payment_id,
        outcome: result.status === PaymentSessionStatus.CAPTURED ? "succeeded" : "action_required",
      }),
    )
  }

  /** Debits the shopper's account. A concurrent confirm (webhook race) is read back, not repeated. */
  private async confirmPlatform(refs: VaultSessionRefs, current: VaultPayment): Promise<VaultPayment> {
    if (!refs.cart_id) throw invalid("the PLATFORM session has no cart_id")
    const auth = await shopperAuthFor(await this.client(), this.financingLog(), refs.cart_id)
    try {
      return await (
        await this.client()
      ).confirmPayment(
        refs.payment_id,
        {
          invoiceId: refs.invoice_id,
          type: "PLATFORM",
          accountId: current.accountId ?? refs.account_id,
          discountCode: current.discountCode ?? undefined,
        },
        auth,
      )
    } catch (error) {
      if (isLenderError(error) && error.lenderCode === VAULT_ERROR_CODES.INVALID_PAYMENT_STATE) {
        const now = await this.fetch(refs)
        if (now.status === "SUCCESS") return now
      }
      throw error
    }
  }

  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    // A SUCCESS Vault payment is already settled; "capture" only confirms that it is.
    const refs = this.requireRef(input.data)
    const payment = await this.statusOf(refs, "capture")
    if (payment.status !== "SUCCESS") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Vault: payment ${refs.payment_id} is ${payment.status}; there is nothing to capture`,
      )
    }
    this.assertMatches(payment, refs)
    if (payment.discountAmount && vaultAmountToMinor(payment.discountAmount, refs.currency) > 0) {
      await this.refuseOtherThanCollected(payment.amount ?? "", refs.currency, input.context?.idempotency_key)
    }
    return { data: vaultSessionData(input.data, payment) }
  }

  /** A discounted Vault payment is captured for exactly what Vault collected, never the cart total. */
  private async refuseOtherThanCollected(
    collected: string,
    currency: string,
    captureId: string | undefined,
  ): Promise<void> {
    let requestedMinor: number
    try {
      requestedMinor = toMinorUnits(await captureAmountOf(this.container, captureId, VAULT.name), currency)
    } catch {
      return
    }
    const collectedMinor = vaultAmountToMinor(collected, currency)
    if (requestedMinor !== collectedMinor) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Vault collected ${fromMinorUnits(collectedMinor, currency)} ${currency} after the shopper's discount code; ` +
          `capture ${fromMinorUnits(collectedMinor, currency)}, not ${fromMinorUnits(requestedMinor, currency)}.`,
      )
    }
  }

  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    return this.dropPayment(input, "cancel")
  }

  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    return this.dropPayment(input, "delete")
  }

  /**
   * Vault has no cancel API: an unconfirmed payment is left to expire and the session dropped.
   * A payment that already settled cannot be undone here; the log flags it for a manual refund.
   */
  private async dropPayment(input: CancelPaymentInput, operation: "cancel" | "delete") {
    const refs = vaultRefsOf(input.data)
    if (!refs) return { data: input.data ?? {} }
    // Unknown (Vault did not answer) is not "unpaid": a settled payment dropped unseen would
    // leave the shopper charged with nobody told to refund them, so it is flagged too.
    let settled: boolean | "unknown" = "unknown"
    let readError: string | undefined
    try {
      settled = (await this.fetch(refs)).status === "SUCCESS"
    } catch (error) {
      readError = isLenderError(error) ? error.message : "unexpected error"
      this.logger_?.warn(`Vault ${operation}: could not read payment ${refs.payment_id} (${readError})`)
    }
    const message =
      settled === true
        ? "The Vault payment is settled; refund the shopper in Vault (Vault has no cancel or refund API)"
        : settled === "unknown"
          ? `Vault could not say whether payment ${refs.payment_id} was settled (${readError}); check it in Vault and refund the shopper there if it was`
          : null
    await this.recordOperation({
      operation,
      payment_session_id: paymentSessionIdOf(input) ?? null,
      lender_reference: refs.payment_id,
      outcome: settled === false ? "succeeded" : "action_required",
      error_message: message,
      detail: { left_to_expire: settled === false, settled },
    })
    return { data: { ...(input.data ?? {}), dropped: true } }
  }

  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const refs = this.requireRef(input.data)
    if (!this.config.manualRefunds) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "Vault refund: Vault has no refund API. Refund the shopper in Vault, and set the provider option manualRefunds (VAULT_MANUAL_REFUNDS=true) to record such refunds in Medusa.",
      )
    }
    const amount = toVaultAmount(input.amount, refs.currency)
    const previous = Array.isArray(input.data?.manual_refunds) ? (input.data!.manual_refunds as unknown[]) : []
    await this.recordManualRefund({
      lender_reference: refs.payment_id,
      amount,
      currency_code: refs.currency.toLowerCase(),
      error_message: "Recorded in Medusa only: refund this amount to the shopper in Vault.",
    })
    return {
      data: {
        ...input.data,
        manual_refunds: [...previous, { amount, currency: refs.currency, recorded_at: new Date().toISOString() }],
      },
    }
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const refs = this.requireRef(input.data)
    const payment = await this.statusOf(refs)
    return { data: vaultSessionData(input.data, payment) }
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const refs = this.requireRef(input.data)
    const payment = await this.statusOf(refs)
    return { status: sessionStatusOf(payment.status, refs.type), data: vaultSessionData(input.data, payment) }
  }

  /** The Vault references of a stored payment session, read through the payment module's own service. */
  private async sessionRefs(sessionId: string): Promise<VaultSessionRefs | undefined> {
    let service:
      | { retrieve(id: string, config?: Record<string, unknown>): Promise<{ data?: Record<string, unknown> | null }> }
      | undefined
    try {
      service = this.container.paymentSessionService as typeof service
    } catch {
      service = undefined // not registered in this container (awilix throws on unknown names)
    }
    if (!service?.retrieve) return undefined
    const session = await service.retrieve(sessionId, { select: ["id", "data"] }).catch(() => undefined)
    return vaultRefsOf(session?.data ?? undefined)
  }

  /**
   * For Medusa's own /hooks/payment/vault_vault route (the plugin's /hooks/financing/vault is the
   * recommended URL: it answers 401 to forgeries and 500 when processing fails). The body is only
   * trusted for ids: the status and amount come from Vault.
   */
  override async getWebhookActionAndData(payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    const ignored = { action: PaymentActions.NOT_SUPPORTED }
    const config = await this.currentConfig()
    const verified = verifyVaultWebhook(payload.rawData, payload.headers, {
      secret: config.webhookSecret,
      header: config.webhookSignatureHeader,
      scheme: config.webhookSignatureScheme,
    })
    if (!verified.ok) {
      this.logger_?.warn(`Vault webhook rejected: ${verified.reason}`)
      return ignored
    }
    const notice = parseVaultWebhookPayload(payload.data)
    const invoice = await (await this.client()).getInvoice(notice.invoiceId)
    const sessionId = sessionIdFromReference(invoice.reference)
    if (!sessionId) return ignored
    // get-or-create requires a type (seed 004 §1.1); the session we wrote says which, and that the
    // notice is about its current payment (a superseded one changes nothing).
    const refs = await this.sessionRefs(sessionId)
    if (!refs || refs.payment_id !== notice.paymentId || refs.invoice_id !== notice.invoiceId) return ignored
    const payment = await (
      await this.client()
    ).getPayment({
      paymentId: notice.paymentId,
      invoiceId: notice.invoiceId,
      type: refs.type,
    })
    const check = checkVaultPayment(payment, {
      invoiceId: invoice.invoiceId,
      amount: invoice.amount,
      currency: invoice.currency,
    })
    if (!check.ok) return ignored
    const action = webhookActionFor(payment.status)
    // Medusa's generic route would record SUCCESSFUL as captured at the invoice amount; a payment a
    // discount code lowered goes through authorize instead, which records what Vault collected.
    const discounted =
      !!payment.discountAmount && vaultAmountToMinor(payment.discountAmount, invoice.currency.toUpperCase()) > 0
    return {
      action: discounted && action === PaymentActions.SUCCESSFUL ? PaymentActions.AUTHORIZED : action,
      data: { session_id: sessionId, amount: invoice.amount },
    }
  }
}
