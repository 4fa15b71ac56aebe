// The CHECKOUT leg: a Checkout.com-style hosted page, Checkout.com's GET /payments/{id}, and
// Vault's own success/failure redirect handlers (§6.6, §8). The browser goes
//   hosted page ──(approve / decline / 3DS fail)──▶ Vault /invoice/payment/checkout/{success|failure}?cko-…
//   Vault re-reads the Checkout.com payment server-side, settles the invoice payment, then
//   ──302──▶ the merchant's redirectUrl with the same cko-* ids plus paymentId and status.
import { timingSafeEqual } from "node:crypto"
import type { Request, Response, Router } from "express"
import type { SimulatorContext } from "../types"
import { fromMinor } from "./decimal"
import type { VaultEngine } from "./engine"
import type { CkoPayment, CkoSession, VaultState } from "./model"
import type { VaultSimSettings } from "./settings"

type Outcome = "approve" | "decline" | "fail-3ds"

export function registerCheckout(
  router: Router,
  ctx: SimulatorContext,
  state: VaultState,
  engine: VaultEngine,
  settings: VaultSimSettings,
): void {
  const { html } = ctx.pages

  const sessionPage = (res: Response, session: CkoSession, status = 200) => {
    const payment = engine.touch(state.payments.get(session.vaultPaymentId)!)
    const amount = `${fromMinor(BigInt(session.amount), session.currency)} ${session.currency}`
    if (session.paymentId || payment.status !== "PENDING" || payment.checkoutSessionId !== session.id) {
      const why = session.paymentId
        ? "This payment session has already been used."
        : payment.status !== "PENDING"
          ? `This payment is ${payment.status.toLowerCase()}.`
          : "This payment session was replaced: the amount changed."
      return ctx.pages.sendPage(res, {
        title: "Checkout closed",
        status: 409,
        body: html`<p data-testid="cko-closed">${why}</p>`,
      })
    }
    ctx.pages.sendPage(res, {
      title: "Pay by card",
      status,
      body: html`<p>Checkout.com hosted payment page (simulated) for Vault invoice <code data-testid="cko-reference">${session.reference}</code>.</p>
<p>Amount: <strong data-testid="cko-amount">${amount}</strong></p>
<form method="post" action="${ctx.baseUrl}/sim/cko/pay/${session.id}">
<div class="actions">
${ctx.pages.button({ label: "Pay (approve)", testId: "cko-approve", name: "outcome", value: "approve" })}
${ctx.pages.button({ label: "Card declined", testId: "cko-decline", name: "outcome", value: "decline", variant: "secondary" })}
${ctx.pages.button({ label: "Fail 3-D Secure", testId: "cko-fail-3ds", name: "outcome", value: "fail-3ds", variant: "danger" })}
</div></form>`,
    })
  }

  router.get("/sim/cko/pay/:sessionId", (req, res) => {
    const session = state.ckoSessions.get(req.params.sessionId)
    if (!session) return ctx.pages.sendPage(res, { title: "Not found", status: 404, body: "Unknown payment session." })
    sessionPage(res, session)
  })

  router.post("/sim/cko/pay/:sessionId", ctx.body.urlencoded(), (req, res) => {
    const session = state.ckoSessions.get(req.params.sessionId)
    if (!session) return ctx.pages.sendPage(res, { title: "Not found", status: 404, body: "Unknown payment session." })
    const outcome = String((req.body as Record<string, unknown>)?.outcome ?? "") as Outcome
    if (!["approve", "decline", "fail-3ds"].includes(outcome)) {
      return ctx.pages.sendPage(res, {
        title: "Bad request",
        status: 400,
        body: "outcome must be approve, decline or fail-3ds.",
      })
    }
    const payment = engine.touch(state.payments.get(session.vaultPaymentId)!)
    // An updated payment (new amount or invoice) opened a new session: the old one cannot be paid.
    if (session.paymentId || payment.status !== "PENDING" || payment.checkoutSessionId !== session.id)
      return sessionPage(res, session)

    const approved = outcome === "approve"
    const authSessionId = outcome === "fail-3ds" ? ctx.store.ids.next("sid") : null
    const cko: CkoPayment = {
      id: ctx.store.ids.next("pay"),
      sessionId: session.id,
      authSessionId,
      status: approved ? "Captured" : "Declined",
      approved,
      amount: session.amount,
      currency: session.currency,
      reference: session.reference,
      responseCode: approved ? "10000" : outcome === "decline" ? "20005" : "20154",
      responseSummary: approved
        ? "Approved"
        : outcome === "decline"
          ? "Declined - Do Not Honour"
          : "3D Secure Authentication Failed",
      threeDs:
        outcome === "fail-3ds"
          ? { downgraded: false, enrolled: "Y", authentication_response: "N" }
          : approved
            ? { enrolled: "Y", authentication_response: "Y" }
            : null,
      requestedOn: ctx.clock.now().toISOString(),
      metadata: { vault_payment_id: session.vaultPaymentId, cko_payment_session_id: session.id },
    }
    state.ckoPayments.set(cko.id, cko)
    if (authSessionId)
      state.ckoAuthSessions.set(authSessionId, {
        id: authSessionId,
        paymentId: cko.id,
        expiresAt: ctx.clock.nowMs() + settings.checkoutSessionTtlSeconds * 1000,
      })
    session.paymentId = cko.id
    if (approved)
      ctx.ledger.record({
        type: "checkout.captured",
        ref: cko.id,
        amount: String(cko.amount),
        currency: cko.currency,
        data: { unit: "minor", vaultPaymentId: session.vaultPaymentId },
      })
    const target = approved ? session.successUrl : session.failureUrl
    res.redirect(
      303,
      ctx.pages.redirectWithParams(target, {
        "cko-payment-session-id": session.id,
        "cko-payment-id": cko.id,
        "cko-session-id": authSessionId,
      }),
    )
  })

  const ckoPaymentFor = (id: string): CkoPayment | undefined => {
    if (id.startsWith("sid_")) {
      const auth = state.ckoAuthSessions.get(id)
      // Checkout.com: a cko-session-id stops resolving 15 minutes after it was created.
      if (!auth || auth.expiresAt <= ctx.clock.nowMs()) return undefined
      return state.ckoPayments.get(auth.paymentId)
    }
    return id.startsWith("pay_") ? state.ckoPayments.get(id) : undefined
  }

  // The fields the lender reference (§8.3, Checkout.com C1) names, plus payment_session_id
  // (listed in docs/lenders/vault.md's assumptions): nothing the documents do not show.
  const presentCko = (p: CkoPayment, viaSession: boolean) => ({
    id: p.id,
    amount: p.amount,
    currency: p.currency,
    reference: p.reference,
    status: p.status,
    approved: p.approved,
    ...(p.threeDs && { "3ds": p.threeDs }),
    payment_session_id: p.sessionId,
    metadata: p.metadata,
    balances: p.approved
      ? { total_authorized: p.amount, available_to_capture: 0 }
      : { total_authorized: 0, available_to_capture: 0 },
    // Checkout.com adds the actions when the payment is looked up by its 3-D Secure session id.
    ...(viaSession && {
      actions: [
        { id: `act_${p.id.slice(4)}`, type: p.approved ? "Capture" : "Authorization", response_code: p.responseCode },
      ],
    }),
  })

  const keyOk = (req: Request) => {
    const presented = (req.get("authorization") ?? "").replace(/^Bearer\s+/i, "")
    const a = Buffer.from(presented)
    const b = Buffer.from(settings.checkoutSecretKey)
    return a.length === b.length && timingSafeEqual(a, b)
  }

  // Checkout.com GET /payments/{id}: pay_ or sid_ ids; 401/404 come with empty bodies, as there.
  router.get("/sim/cko/payments/:id", (req, res) => {
    res.set("cko-request-id", ctx.store.ids.uuid())
    if (!keyOk(req)) return res.status(401).end()
    const payment = ckoPaymentFor(req.params.id)
    if (!payment) return res.status(404).end()
    res.json(presentCko(payment, req.params.id.startsWith("sid_")))
  })

  // Vault's redirect handlers: never trust the query; re-read Checkout.com's record (here: directly).
  const handleReturn = (req: Request, res: Response) => {
    const q = req.query as Record<string, string | undefined>
    const cko =
      (q["cko-payment-id"] && ckoPaymentFor(q["cko-payment-id"])) ||
      (q["cko-session-id"] && ckoPaymentFor(q["cko-session-id"])) ||
      (q["cko-payment-session-id"] &&
        (() => {
          const s = state.ckoSessions.get(q["cko-payment-session-id"]!)
          return s?.paymentId ? state.ckoPayments.get(s.paymentId) : undefined
        })())
    if (!cko)
      return ctx.pages.sendPage(res, {
        title: "Payment not found",
        status: 404,
        body: "Vault could not find this checkout payment.",
      })
    const session = state.ckoSessions.get(cko.sessionId)!
    const payment = engine.touch(state.payments.get(session.vaultPaymentId)!)
    if (cko.approved) engine.finish(payment, "SUCCESS", { checkoutPaymentId: cko.id })
    else engine.finish(payment, "FAILED", { checkoutPaymentId: cko.id, reason: cko.responseSummary })
    if (!payment.redirectUrl)
      return ctx.pages.sendPage(res, {
        title: `Payment ${payment.status.toLowerCase()}`,
        body: `Vault payment ${payment.paymentId} is ${payment.status}.`,
      })
    res.redirect(
      302,
      ctx.pages.redirectWithParams(payment.redirectUrl, {
        "cko-payment-session-id": session.id,
        "cko-payment-id": cko.id,
        "cko-session-id": cko.authSessionId,
        paymentId: payment.paymentId,
        status: payment.status,
      }),
    )
  }
  router.get("/invoice/payment/checkout/success", handleReturn)
  router.get("/invoice/payment/checkout/failure", handleReturn)
}
