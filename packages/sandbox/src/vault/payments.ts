// Invoice payments (spec §6.1–6.3): get-or-create, update before completion, confirm.
// Create is POST /invoice/payment [DOC V2]; update and confirm paths are [INFERRED].
import { randomUUID } from "node:crypto"
import type { Request, Response, Router } from "express"
import type { SimulatorContext } from "../types"
import { VAULT_SANDBOX_DISCOUNT_CODES } from "./credentials"
import { fromMinor, percentOf, toMinor } from "./decimal"
import type { Failure, VaultEngine } from "./engine"
import { isObject, optionalString, principalOf, requireBearer, sendVaultError } from "./http"
import type { CkoSession, Principal, SimPayment, SimPaymentType, VaultState } from "./model"
import type { VaultSimSettings } from "./settings"

const TYPES: SimPaymentType[] = ["PLATFORM", "CHECKOUT", "EXTERNAL"]

export function registerPayments(
  router: Router,
  ctx: SimulatorContext,
  state: VaultState,
  engine: VaultEngine,
  settings: VaultSimSettings,
): void {
  const auth = requireBearer(state, ctx.clock)
  const fail = (res: Response, f: Failure) => sendVaultError(res, f.status, f.error, f.message, f.field, f.data)

  /** The payment if this principal may see it (merchant: its invoices; user: their own payments). */
  const visible = (principal: Principal, paymentId: string): SimPayment | undefined => {
    const payment = state.payments.get(paymentId)
    if (!payment || payment.merchantId !== principal.merchantId) return undefined
    if (principal.kind === "user" && payment.userId !== principal.userId) return undefined
    return engine.touch(payment)
  }

  const discountFor = (
    code: string | undefined,
    amount: bigint,
    currency: string,
  ): { amount: bigint } | Failure | undefined => {
    if (!code) return undefined
    const entry = VAULT_SANDBOX_DISCOUNT_CODES.find((d) => d.code === code.toUpperCase())
    if (!entry || ("expired" in entry && entry.expired)) {
      return {
        status: 400,
        error: "INVALID_DISCOUNT_CODE",
        message: "Discount code is invalid or expired",
        field: "discountCode",
      }
    }
    const off = "percent" in entry ? percentOf(amount, entry.percent) : toMinor(entry.fixed, currency)
    return { amount: off > amount ? amount : off }
  }

  /** Checks type/account/discount and applies them to the payment (create and update share this). */
  const apply = (
    principal: Principal,
    payment: SimPayment,
    body: Record<string, unknown>,
    creating: boolean,
  ): Failure | undefined => {
    const type = body.type === undefined && !creating ? payment.type : body.type
    if (typeof type !== "string" || !TYPES.includes(type as SimPaymentType)) {
      return { status: 400, error: "VALIDATION", message: `type must be one of ${TYPES.join(", ")}`, field: "type" }
    }
    const accountId = optionalString(body, "accountId") ?? (creating ? undefined : (payment.accountId ?? undefined))
    if (type === "PLATFORM") {
      if (!accountId)
        return {
          status: 400,
          error: "ACCOUNT_REQUIRED",
          message: "accountId is required for PLATFORM payments",
          field: "accountId",
        }
      if (principal.kind !== "user") {
        // §4: 403 for auth-sensitive refusals; the generic code, as no specific one is documented.
        return {
          status: 403,
          error: "COMMON",
          message: "PLATFORM payments need the account owner's token",
          field: "accountId",
        }
      }
      const account = state.accounts.get(accountId)
      if (!account || account.userId !== principal.userId)
        return { status: 404, error: "ACCOUNT_NOT_FOUND", message: "Account not found", field: "accountId" }
    }
    // Seed 004 §1.2/§1.3: someData is a string.
    if (body.someData !== undefined && body.someData !== null && typeof body.someData !== "string") {
      return { status: 400, error: "VALIDATION", message: "someData must be a string", field: "someData" }
    }
    const redirectUrl = optionalString(body, "redirectUrl")
    if (redirectUrl && !/^https?:\/\//i.test(redirectUrl))
      return { status: 400, error: "VALIDATION", message: "redirectUrl must be an http(s) URL", field: "redirectUrl" }

    const invoice = state.invoices.get(payment.invoiceId)!
    const gross = toMinor(invoice.amount, invoice.currency)
    const code =
      body.discountCode === undefined && !creating
        ? (payment.discountCode ?? undefined)
        : optionalString(body, "discountCode")
    const discount = discountFor(code, gross, invoice.currency)
    if (discount && "error" in discount) return discount

    payment.type = type as SimPaymentType
    payment.accountId = type === "PLATFORM" ? accountId! : null
    payment.discountCode = code ? code.toUpperCase() : null
    payment.discountAmount = fromMinor(discount?.amount ?? 0n, invoice.currency)
    payment.amount = fromMinor(gross - (discount?.amount ?? 0n), invoice.currency)
    if (redirectUrl) payment.redirectUrl = redirectUrl
    if (typeof body.someData === "string") payment.someData = body.someData
    if (payment.type === "CHECKOUT") openCheckout(payment)
    return undefined
  }

  /** Vault opens a Checkout.com payment session whose success/failure URLs are Vault's own handlers (§6.6). */
  const openCheckout = (payment: SimPayment) => {
    const amount = Number(toMinor(payment.amount, payment.currency))
    const current = payment.checkoutSessionId ? state.ckoSessions.get(payment.checkoutSessionId) : undefined
    if (current && !current.paymentId && current.amount === amount && current.reference === payment.invoiceId) return
    const session: CkoSession = {
      id: ctx.store.ids.next("ps"),
      vaultPaymentId: payment.paymentId,
      amount,
      currency: payment.currency,
      reference: payment.invoiceId,
      successUrl: `${ctx.baseUrl}/invoice/payment/checkout/success`,
      failureUrl: `${ctx.baseUrl}/invoice/payment/checkout/failure`,
      paymentId: null,
    }
    state.ckoSessions.set(session.id, session)
    payment.checkoutSessionId = session.id
  }

  router.post("/invoice/payment", ctx.body.json(), auth, (req: Request, res: Response) => {
    const principal = principalOf(req)
    const body = isObject(req.body) ? req.body : {}
    const invoiceId = optionalString(body, "invoiceId")
    if (!invoiceId) return sendVaultError(res, 400, "VALIDATION", "invoiceId is required", "invoiceId")
    const invoice = state.invoices.get(invoiceId)
    if (!invoice || invoice.merchantId !== principal.merchantId)
      return sendVaultError(res, 404, "INVOICE_NOT_FOUND", "Invoice not found", "invoiceId")

    const paymentId = optionalString(body, "paymentId")
    if (paymentId) {
      const existing = visible(principal, paymentId)
      if (!existing || existing.invoiceId !== invoiceId)
        return sendVaultError(res, 404, "PAYMENT_NOT_FOUND", "Payment not found", "paymentId")
      return res.status(200).json(engine.present(existing))
    }
    if (invoice.status === "PAID")
      return sendVaultError(res, 400, "INVALID_PAYMENT_STATE", "Invoice is already paid", "invoiceId")
    // [INFERRED] a pending payment of the same type for this invoice is returned, not duplicated.
    const pending = state.payments
      .filter(
        (p) =>
          p.invoiceId === invoiceId &&
          p.type === body.type &&
          (principal.kind === "merchant" ? p.userId === null : p.userId === principal.userId),
      )
      .map((p) => engine.touch(p))
      .find((p) => p.status === "PENDING")
    if (pending) return res.status(200).json(engine.present(pending))

    const payment: SimPayment = {
      paymentId: randomUUID(),
      invoiceId,
      merchantId: principal.merchantId,
      userId: principal.kind === "user" ? principal.userId : null,
      type: "CHECKOUT",
      status: "PENDING",
      amount: invoice.amount,
      currency: invoice.currency,
      discountCode: null,
      discountAmount: "0",
      accountId: null,
      redirectUrl: null,
      someData: null,
      externalData: null,
      checkoutSessionId: null,
      checkoutPaymentId: null,
      createdAt: ctx.clock.now().toISOString(),
      expiresAt: ctx.clock.nowMs() + settings.paymentTtlSeconds * 1000,
      paymentDate: null,
    }
    const problem = apply(principal, payment, body, true)
    if (problem) return fail(res, problem)
    state.payments.set(payment.paymentId, payment)
    res.status(201).json(engine.present(payment))
  })

  // Seed 004 §1.2: invoiceId and type are required. [INFERRED] another invoiceId moves the
  // payment to that (unpaid, same-currency) invoice and re-prices it: the seed's Update has no
  // amount, Vault prices a payment from its invoice.
  router.put("/invoice/payment/:paymentId", ctx.body.json(), auth, (req, res) => {
    const principal = principalOf(req)
    const payment = visible(principal, req.params.paymentId)
    if (!payment) return sendVaultError(res, 404, "PAYMENT_NOT_FOUND", "Payment not found", "paymentId")
    const body = isObject(req.body) ? req.body : {}
    if (body.paymentId !== undefined && body.paymentId !== payment.paymentId)
      return sendVaultError(res, 400, "VALIDATION", "paymentId does not match the path", "paymentId")
    const invoiceId = optionalString(body, "invoiceId")
    if (!invoiceId) return sendVaultError(res, 400, "VALIDATION", "invoiceId is required", "invoiceId")
    if (body.type === undefined)
      return sendVaultError(res, 400, "VALIDATION", `type is required (one of ${TYPES.join(", ")})`, "type")
    if (payment.status !== "PENDING") {
      return sendVaultError(
        res,
        400,
        "INVALID_PAYMENT_STATE",
        `Payment is ${payment.status} and can no longer be updated`,
        "paymentId",
      )
    }
    if (invoiceId !== payment.invoiceId) {
      const target = state.invoices.get(invoiceId)
      if (!target || target.merchantId !== principal.merchantId)
        return sendVaultError(res, 404, "INVOICE_NOT_FOUND", "Invoice not found", "invoiceId")
      if (target.status === "PAID")
        return sendVaultError(res, 400, "INVALID_PAYMENT_STATE", "Invoice is already paid", "invoiceId")
      if (target.currency !== payment.currency)
        return sendVaultError(res, 400, "VALIDATION", `invoice currency must be ${payment.currency}`, "invoiceId")
    }
    const draft = { ...payment, invoiceId }
    const problem = apply(principal, draft, body, false)
    if (problem) return fail(res, problem)
    Object.assign(payment, draft)
    res.json(engine.present(payment))
  })

  router.post("/invoice/payment/:paymentId/confirm", ctx.body.json(), auth, (req, res) => {
    const principal = principalOf(req)
    const payment = visible(principal, req.params.paymentId)
    if (!payment) return sendVaultError(res, 404, "PAYMENT_NOT_FOUND", "Payment not found", "paymentId")
    const body = isObject(req.body) ? req.body : {}
    // Seed 004 §1.3: paymentId, invoiceId and type are required (accountId for PLATFORM, below).
    if (body.invoiceId === undefined)
      return sendVaultError(res, 400, "VALIDATION", "invoiceId is required", "invoiceId")
    if (body.type === undefined) return sendVaultError(res, 400, "VALIDATION", "type is required", "type")
    if (body.invoiceId !== payment.invoiceId)
      return sendVaultError(res, 400, "VALIDATION", "invoiceId does not match the payment", "invoiceId")
    if (body.type !== payment.type)
      return sendVaultError(res, 400, "VALIDATION", `type does not match the payment (${payment.type})`, "type")
    if (payment.type === "PLATFORM" && body.accountId === undefined)
      return sendVaultError(res, 400, "ACCOUNT_REQUIRED", "accountId is required for PLATFORM payments", "accountId")
    if (body.accountId !== undefined && body.accountId !== payment.accountId)
      return sendVaultError(res, 400, "VALIDATION", "accountId does not match the payment", "accountId")
    if (payment.status !== "PENDING") {
      return sendVaultError(res, 400, "INVALID_PAYMENT_STATE", `Payment is already ${payment.status}`, "paymentId", {
        status: payment.status,
      })
    }
    if (payment.type === "CHECKOUT") {
      // §6.3 [INFERRED]: "400 if the user must go through the hosted page".
      return sendVaultError(
        res,
        400,
        "INVALID_PAYMENT_STATE",
        "CHECKOUT payments are completed on the hosted checkout page",
        "type",
      )
    }
    if (payment.type === "EXTERNAL") {
      // Settled by the third party through the external webhook; confirming only acknowledges it.
      return res.json(engine.present(payment))
    }
    if (principal.kind !== "user" || payment.userId !== principal.userId) {
      return sendVaultError(
        res,
        403,
        "COMMON",
        "PLATFORM payments are confirmed with the account owner's token",
        "accountId",
      )
    }
    const problem = engine.settlePlatform(payment)
    if (problem) return fail(res, problem)
    res.json(engine.present(payment))
  })
}
