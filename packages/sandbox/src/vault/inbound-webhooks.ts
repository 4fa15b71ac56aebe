// The two "webhook" endpoints of the product document (§6.4, §6.5), read as receivers hosted by
// Vault ([INFERRED]): the platform one settles PLATFORM payments (Vault's ledger calling in), the
// external one is how a third party reports an EXTERNAL payment. Both need a bearer token, take
// `{ payload: {...} }` (or the flat object), check the amount, and answer {"result":"ok"}.
import type { Request, Response, Router } from "express"
import type { SimulatorContext } from "../types"
import { AmountError, toMinor } from "./decimal"
import type { VaultEngine } from "./engine"
import { isObject, principalOf, requireBearer, sendVaultError } from "./http"
import type { SimPaymentType, VaultState } from "./model"

const REPORTABLE = ["SUCCESS", "FAILED", "CANCELLED"] as const

export function registerInboundWebhooks(
  router: Router,
  ctx: SimulatorContext,
  state: VaultState,
  engine: VaultEngine,
): void {
  const receive = (kind: SimPaymentType) => (req: Request, res: Response) => {
    const principal = principalOf(req)
    const root = isObject(req.body) ? req.body : {}
    const payload = isObject(root.payload) ? root.payload : root
    const paymentId = typeof payload.paymentId === "string" ? payload.paymentId : ""
    const payment = paymentId ? state.payments.get(paymentId) : undefined
    if (!payment || payment.merchantId !== principal.merchantId)
      return sendVaultError(res, 404, "PAYMENT_NOT_FOUND", "Payment not found", "paymentId")
    if (payload.invoiceId !== payment.invoiceId)
      return sendVaultError(res, 400, "VALIDATION", "invoiceId does not match the payment", "invoiceId")
    if (payment.type !== kind) {
      return sendVaultError(
        res,
        400,
        "VALIDATION",
        `This endpoint takes ${kind} payments; payment ${paymentId} is ${payment.type}`,
        "paymentId",
      )
    }
    const status = String(payload.status ?? "").toUpperCase()
    if (!(REPORTABLE as readonly string[]).includes(status)) {
      return sendVaultError(res, 400, "VALIDATION", `status must be one of ${REPORTABLE.join(", ")}`, "status")
    }
    const currency = String(payload.currency ?? "").toUpperCase()
    if (currency !== payment.currency)
      return sendVaultError(res, 400, "VALIDATION", `currency must be ${payment.currency}`, "currency")
    try {
      if (toMinor(payload.amount, currency) !== toMinor(payment.amount, payment.currency)) {
        return sendVaultError(res, 400, "VALIDATION", `amount must be ${payment.amount}`, "amount")
      }
    } catch (err) {
      return sendVaultError(
        res,
        400,
        "VALIDATION",
        err instanceof AmountError ? err.message : "amount is invalid",
        "amount",
      )
    }
    engine.touch(payment)
    if (payment.status !== "PENDING") {
      // Reporting the same final status again is an idempotent no-op; a different one is refused.
      if (payment.status === status) return res.json({ result: "ok" })
      return sendVaultError(res, 400, "INVALID_PAYMENT_STATE", `Payment is already ${payment.status}`, "status", {
        status: payment.status,
      })
    }
    if (kind === "PLATFORM" && status === "SUCCESS") {
      const problem = engine.settlePlatform(payment)
      if (problem)
        return sendVaultError(res, problem.status, problem.error, problem.message, problem.field, problem.data)
      return res.json({ result: "ok" })
    }
    // Seed 004 §2.2: externalData is a string.
    if (
      payload.externalData !== undefined &&
      payload.externalData !== null &&
      typeof payload.externalData !== "string"
    ) {
      return sendVaultError(res, 400, "VALIDATION", "externalData must be a string", "externalData")
    }
    const externalData = typeof payload.externalData === "string" ? payload.externalData : undefined
    engine.finish(payment, status as (typeof REPORTABLE)[number], {
      externalData: kind === "EXTERNAL" ? (externalData ?? null) : undefined,
      reason: status === "SUCCESS" ? undefined : `Reported ${status} by the ${kind.toLowerCase()} webhook`,
    })
    if (kind === "EXTERNAL" && status === "SUCCESS") {
      ctx.ledger.record({
        type: "external.settled",
        ref: payment.paymentId,
        amount: payment.amount,
        currency: payment.currency,
      })
    }
    res.json({ result: "ok" })
  }

  const auth = requireBearer(state, ctx.clock)
  router.post("/invoice/payment/webhook/platform", ctx.body.json(), auth, receive("PLATFORM"))
  router.post("/invoice/payment/webhook/external", ctx.body.json(), auth, receive("EXTERNAL"))
}
