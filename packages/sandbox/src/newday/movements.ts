// Settle, Reverse and Refund with NewDay's float arithmetic (spec §5.6–§5.8, §9):
//   settle/reverse: 0 < amount ≤ remainingFloat; refund: 0 < amount ≤ settled − refunded;
//   a full-only merchant must take exactly the remaining float / the whole transaction.
import type { Request, Response, Router } from "express"
import type { SimulatorContext } from "../types"
import { idempotency } from "./idempotency"
import { type Authorisation, type NewDayState, poundsText, remainingFloat } from "./state"
import { merchantOf, PROBLEM, readMoney, sendProblem, toMoney, validationProblem } from "./wire"

export function registerMovements(router: Router, ctx: SimulatorContext, state: NewDayState): void {
  const json = ctx.body.json()
  const key = idempotency(ctx.store, ctx.clock, { required: false })

  const findAuthorisation = (req: Request, res: Response): Authorisation | undefined => {
    const auth = state.authorisation(req.params.authorisationId)
    const merchant = merchantOf(req)
    if (
      !auth ||
      auth.customerRef !== String(req.params.customerRef).toLowerCase() ||
      auth.merchantId !== merchant.merchantId
    ) {
      sendProblem(res, { status: 404, type: PROBLEM.missing, detail: "Authorisation not found." })
      return undefined
    }
    return auth
  }

  /** Shared rules of settle and reverse; the amount in pence when the request may proceed. */
  const floatAmount = (
    req: Request,
    res: Response,
    auth: Authorisation,
    action: "settle" | "reverse",
  ): number | undefined => {
    const body = (req.body ?? {}) as Record<string, unknown>
    const amount = readMoney(body.amount, "amount")
    if ("errors" in amount) return void validationProblem(res, amount.errors)
    if (action === "settle" && body.description !== undefined && typeof body.description !== "string") {
      return void validationProblem(res, { description: ["The description field must be a string."] })
    }
    if (auth.status === "Expired") {
      return void sendProblem(res, {
        status: 409,
        type: PROBLEM.invalidState,
        detail: "The authorisation hold has expired.",
      })
    }
    const left = remainingFloat(auth)
    if (amount.minor > left) {
      return void sendProblem(res, {
        status: 409,
        type: PROBLEM.amountExceedsRemaining,
        detail: `The amount exceeds the remaining float of £${poundsText(left)}.`,
        extensions: { remainingFloat: toMoney(left) },
      })
    }
    if (merchantOf(req).fullOnly && amount.minor !== left) {
      return void sendProblem(res, {
        status: 409,
        type: PROBLEM.partialNotAllowed,
        detail: `This merchant is configured for full ${action === "settle" ? "settlement" : "reversal"} only: send £${poundsText(left)}.`,
      })
    }
    return amount.minor
  }

  router.post("/merchant/:customerRef/authorisation/:authorisationId/settle", json, key, (req, res) => {
    const auth = findAuthorisation(req, res)
    if (!auth) return
    const amount = floatAmount(req, res, auth, "settle")
    if (amount === undefined) return
    auth.settledMinor += amount
    auth.status = state.statusAfterChange(auth, "settle")
    const tx = {
      id: state.uuid(),
      authorisationId: auth.id,
      customerRef: auth.customerRef,
      merchantId: auth.merchantId,
      amountMinor: amount,
      refundedMinor: 0,
      createdAt: ctx.clock.now().toISOString(),
    }
    state.transactions.set(tx.id, tx)
    ctx.ledger.record({
      type: "settle",
      ref: auth.id,
      amount: poundsText(amount),
      currency: "GBP",
      data: { transactionId: tx.id, remainingFloat: poundsText(remainingFloat(auth)) },
    })
    res.json({ transactionId: tx.id })
  })

  router.post("/merchant/:customerRef/authorisation/:authorisationId/reverse", json, key, (req, res) => {
    const auth = findAuthorisation(req, res)
    if (!auth) return
    const amount = floatAmount(req, res, auth, "reverse")
    if (amount === undefined) return
    auth.reversedMinor += amount
    auth.status = state.statusAfterChange(auth, "reverse")
    const reversalId = state.uuid()
    const left = remainingFloat(auth)
    ctx.ledger.record({
      type: "reverse",
      ref: auth.id,
      amount: poundsText(amount),
      currency: "GBP",
      data: { authorisationReversalId: reversalId, remainingFloat: poundsText(left) },
    })
    res.json({ authorisationReversalId: reversalId, remainingFloat: toMoney(left) })
  })

  router.post("/merchant/:customerRef/transaction/:transactionId/refund", json, key, (req, res) => {
    const tx = state.transactions.get(req.params.transactionId)
    if (
      !tx ||
      tx.customerRef !== String(req.params.customerRef).toLowerCase() ||
      tx.merchantId !== merchantOf(req).merchantId
    ) {
      return sendProblem(res, { status: 404, type: PROBLEM.missing, detail: "Transaction not found." })
    }
    const body = (req.body ?? {}) as Record<string, unknown>
    const amount = readMoney(body.amount, "amount")
    if ("errors" in amount) return validationProblem(res, amount.errors)
    if (body.description !== undefined && typeof body.description !== "string") {
      return validationProblem(res, { description: ["The description field must be a string."] })
    }
    const refundable = tx.amountMinor - tx.refundedMinor
    if (amount.minor > refundable) {
      return sendProblem(res, {
        status: 409,
        type: PROBLEM.amountExceedsRemaining,
        detail: `The amount exceeds what can still be refunded on this transaction (£${poundsText(refundable)}).`,
        extensions: { refundable: toMoney(refundable) },
      })
    }
    if (merchantOf(req).fullOnly && (tx.refundedMinor > 0 || amount.minor !== tx.amountMinor)) {
      return sendProblem(res, {
        status: 409,
        type: PROBLEM.partialNotAllowed,
        detail: "This merchant is configured for full refunds only.",
      })
    }
    tx.refundedMinor += amount.minor
    const refundTransactionId = state.uuid()
    ctx.ledger.record({
      type: "refund",
      ref: tx.id,
      amount: poundsText(amount.minor),
      currency: "GBP",
      data: { refundTransactionId, authorisationId: tx.authorisationId },
    })
    res.json({ refundTransactionId })
  })
}
