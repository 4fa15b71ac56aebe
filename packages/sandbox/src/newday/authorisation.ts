// Initiate (PSD2 SCA check), Authorise (hold, decline with a reason, SCA enforcement) and
// UpwardAdjustment. SCA rule of this simulator: amounts strictly below the merchant's exemption
// threshold are Exempt unless the merchant overrides the exemption or the customer always needs
// SCA; otherwise Authorise needs the token the SCA widget returned.
import { randomBytes } from "node:crypto"
import type { Request, Response, Router } from "express"
import type { SimulatorContext } from "../types"
import type { CustomerFixture } from "./fixtures"
import { idempotency } from "./idempotency"
import type { MerchantSettings } from "./settings"
import { offerForSpendOption } from "./spend-options"
import { type Authorisation, type NewDayState, poundsText, remainingFloat, type ScaToken } from "./state"
import {
  merchantOf,
  optionalString,
  PROBLEM,
  readMoney,
  sendEmptyProblem,
  sendProblem,
  validationProblem,
} from "./wire"

const SCA_TOKEN_TTL_MS = 15 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000

export function newScaToken(): string {
  // Opaque here; NewDay's are encrypted JWTs the merchant never reads.
  return `sca_${randomBytes(24).toString("base64url")}`
}

function needsSca(
  merchant: MerchantSettings,
  customer: CustomerFixture,
  amountMinor: number,
  override = false,
): boolean {
  return override || customer.behaviour === "always-sca" || amountMinor >= merchant.scaExemptionThresholdMinor
}

export function registerAuthorisation(router: Router, ctx: SimulatorContext, state: NewDayState): void {
  const json = ctx.body.json()
  const optionalKey = idempotency(ctx.store, ctx.clock, { required: false })
  const requiredKey = idempotency(ctx.store, ctx.clock, { required: true })

  /** The customer behind :customerRef, checked against the customer-access-token header. */
  const signedInCustomer = (req: Request, res: Response): CustomerFixture | undefined => {
    const customer = state.customers.get(String(req.params.customerRef).toLowerCase())
    if (!customer) {
      sendProblem(res, { status: 404, type: PROBLEM.missing, detail: "Customer not found." })
      return undefined
    }
    const token = req.get("customer-access-token")
    if (!token) {
      validationProblem(res, { "customer-access-token": ["The customer-access-token header is required."] })
      return undefined
    }
    if (!state.validAccessToken(token, customer.customerRef)) {
      sendEmptyProblem(res, 403)
      return undefined
    }
    return customer
  }

  const unavailable = (res: Response) => {
    res.set("Retry-After", "1")
    sendProblem(res, { status: 503, type: PROBLEM.unavailable, detail: "The credit decision service is unavailable." })
  }

  router.post("/merchant/:customerRef/initiate", json, optionalKey, (req, res) => {
    const merchant = merchantOf(req)
    const customer = signedInCustomer(req, res)
    if (!customer) return
    const body = (req.body ?? {}) as Record<string, unknown>
    const amount = readMoney(body.amount, "amount")
    if ("errors" in amount) return validationProblem(res, amount.errors)
    if (body.overrideExemption !== undefined && typeof body.overrideExemption !== "boolean") {
      return validationProblem(res, { overrideExemption: ["The overrideExemption field must be a boolean."] })
    }
    const spendOptionId = optionalString(body.spendOptionId)
    if (spendOptionId && !offerForSpendOption(customer, spendOptionId, amount.minor)) {
      return validationProblem(res, {
        spendOptionId: ["The spend option is not available to this customer for this amount."],
      })
    }
    if (customer.behaviour === "unavailable") return unavailable(res)

    const required = needsSca(merchant, customer, amount.minor, body.overrideExemption === true)
    const record: ScaToken = {
      token: newScaToken(),
      kind: required ? "challenge" : "exempt",
      customerRef: customer.customerRef,
      merchantId: merchant.merchantId,
      amountMinor: amount.minor,
      status: required ? "pending" : "authenticated",
      attempts: 0,
      expiresAtMs: ctx.clock.nowMs() + SCA_TOKEN_TTL_MS,
    }
    state.scaTokens.set(record.token, record)
    if (!required) return res.json({ scaStatus: "Exempt", scaToken: record.token })
    const widgetUrl = `${ctx.baseUrl}/sca-widget/${merchant.brand}/identity?scaToken=${encodeURIComponent(record.token)}`
    res.json({ scaStatus: "Required", scaToken: record.token, widgetUrl })
  })

  router.post("/merchant/:customerRef/authorisation", json, requiredKey, (req, res) => {
    const merchant = merchantOf(req)
    if (!req.get("client-session-id")) {
      return validationProblem(res, { "client-session-id": ["ClientSessionIdNotProvided"] })
    }
    const customer = signedInCustomer(req, res)
    if (!customer) return
    const body = (req.body ?? {}) as Record<string, unknown>
    const amount = readMoney(body.amount, "amount")
    const errors: Record<string, string[]> = "errors" in amount ? { ...amount.errors } : {}
    const orderReference = optionalString(body.orderReference)
    if (!orderReference) errors.orderReference = ["The orderReference field is required."]
    if (body.description !== undefined && typeof body.description !== "string")
      errors.description = ["The description field must be a string."]
    const spendOptionId = optionalString(body.spendOptionId)
    if (spendOptionId && !("errors" in amount) && !offerForSpendOption(customer, spendOptionId, amount.minor)) {
      errors.spendOptionId = ["The spend option is not available to this customer for this amount."]
    }
    if (Object.keys(errors).length || "errors" in amount) return validationProblem(res, errors)
    if (customer.behaviour === "unavailable") return unavailable(res)

    const scaHeader = req.get("sca-token")
    const sca = scaHeader ? state.scaTokens.get(scaHeader) : undefined
    const scaUsable =
      sca &&
      (sca.kind === "exempt" || sca.kind === "authenticated") &&
      sca.status === "authenticated" &&
      sca.customerRef === customer.customerRef &&
      sca.merchantId === merchant.merchantId &&
      sca.amountMinor === amount.minor &&
      ctx.clock.nowMs() < sca.expiresAtMs
    if (scaHeader ? !scaUsable : needsSca(merchant, customer, amount.minor)) {
      return sendProblem(res, {
        status: 403,
        type: PROBLEM.scaRequired,
        detail: scaHeader
          ? "The sca-token is invalid, expired, already used or for another amount."
          : "Strong customer authentication is required.",
      })
    }

    const decline = (reason: string) => {
      ctx.ledger.record({
        type: "authorise-declined",
        ref: orderReference!,
        amount: poundsText(amount.minor),
        currency: "GBP",
        data: { reason },
      })
      res.json({ authorisationId: null, result: "Declined", declineReason: reason })
    }
    if (customer.behaviour === "decline") return decline("Declined (Please speak to your credit issuer)")
    if (state.availableCreditMinor(customer) < amount.minor) return decline("Declined (Insufficient available credit)")

    if (sca) sca.status = "used"
    const auth: Authorisation = {
      id: state.uuid(),
      customerRef: customer.customerRef,
      merchantId: merchant.merchantId,
      amountMinor: amount.minor,
      settledMinor: 0,
      reversedMinor: 0,
      status: "Authorised",
      spendOptionId,
      orderReference: orderReference!,
      description: optionalString(body.description),
      createdAt: ctx.clock.now().toISOString(),
      expiresAtMs: ctx.clock.nowMs() + merchant.holdDays * DAY_MS,
    }
    state.authorisations.set(auth.id, auth)
    ctx.ledger.record({
      type: "authorise",
      ref: auth.id,
      amount: poundsText(auth.amountMinor),
      currency: "GBP",
      data: { orderReference: auth.orderReference },
    })
    res.json({ authorisationId: auth.id, result: "Authorised", declineReason: null })
  })

  router.post(
    "/merchant/:customerRef/authorisation/:authorisationId/upward-adjustment",
    json,
    optionalKey,
    (req, res) => {
      const merchant = merchantOf(req)
      const customer = signedInCustomer(req, res)
      if (!customer) return
      const original = state.authorisation(req.params.authorisationId)
      if (!original || original.customerRef !== customer.customerRef || original.merchantId !== merchant.merchantId) {
        return sendProblem(res, { status: 404, type: PROBLEM.missing, detail: "Authorisation not found." })
      }
      const amount = readMoney((req.body ?? {}).amount, "amount")
      if ("errors" in amount) return validationProblem(res, amount.errors)
      if (original.status === "Expired" || remainingFloat(original) === 0) {
        return sendProblem(res, {
          status: 409,
          type: PROBLEM.invalidState,
          detail: `The authorisation is ${original.status === "Expired" ? "expired" : "closed"}.`,
        })
      }
      if (customer.behaviour === "decline" || state.availableCreditMinor(customer) < amount.minor) {
        return res.json({
          authorisationId: null,
          result: "Declined",
          declineReason: "Declined (Insufficient available credit)",
        })
      }
      const auth: Authorisation = {
        ...original,
        id: state.uuid(),
        amountMinor: amount.minor,
        settledMinor: 0,
        reversedMinor: 0,
        status: "Authorised",
        parentAuthorisationId: original.id,
        createdAt: ctx.clock.now().toISOString(),
        expiresAtMs: ctx.clock.nowMs() + merchant.holdDays * DAY_MS,
      }
      state.authorisations.set(auth.id, auth)
      ctx.ledger.record({
        type: "upward-adjustment",
        ref: auth.id,
        amount: poundsText(auth.amountMinor),
        currency: "GBP",
        data: { parent: original.id },
      })
      res.json({ authorisationId: auth.id, result: "Authorised", declineReason: null })
    },
  )
}
