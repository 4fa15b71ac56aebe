// The PP3 payment modal stand-in, under <lender>/pp3: the SDK script, the checkout the script
// creates, and the modal pages where the shopper (signed in by the waterfall's auth code, or by
// email and password) reviews the items, pays a security deposit if required and signs.
import type { Request, Response, Router } from "express"
import type { SimulatorContext } from "../types"
import { availableCents, leaseBlocker, linkVendor } from "./accounts"
import { DECLINED_DEPOSIT_CARD } from "./identities"
import type { Checkout, FlexShopperCollections, Transaction } from "./model"
import { leaseTerms, openTransaction, parseCheckoutRequest } from "./checkout"
import { modalPage, resultPage } from "./pp3-pages"
import { sdkScript } from "./sdk-script"
import { FsError, handle, objectBody, sendData } from "./wire"

const CHECKOUT_TTL_MS = 30 * 60 * 1000

function cors(req: Request, res: Response): void {
  res.set({
    "access-control-allow-origin": req.get("origin") ?? "*",
    "access-control-allow-methods": "POST, OPTIONS",
    "access-control-allow-headers": "content-type",
    vary: "origin",
  })
}

export function registerPp3Routes(router: Router, c: FlexShopperCollections, ctx: SimulatorContext): void {
  const base = `${ctx.baseUrl}/pp3`
  const sdkOrigin = new URL(ctx.baseUrl).origin
  const now = () => ctx.clock.nowMs()
  const checkoutOf = (req: Request): Checkout => {
    const checkout = c.checkouts.get(String(req.params.id))
    if (!checkout) throw new FsError(404, "CheckoutNotFound", "This FlexShopper session does not exist")
    return checkout
  }
  const expired = (checkout: Checkout) => checkout.state === "open" && new Date(checkout.expiresAt).getTime() <= now()
  const txOf = (checkout: Checkout): Transaction | undefined =>
    checkout.transactionKey ? c.transactions.get(checkout.transactionKey) : undefined
  const show = (res: Response, checkout: Checkout, notice?: { status: number; message: string }) => {
    const tx = txOf(checkout)
    const user = checkout.userId ? c.users.get(checkout.userId) : undefined
    const blocker = user ? leaseBlocker(user) : undefined
    ctx.pages.sendPage(res, {
      title: "FlexShopper lease",
      status: notice?.status ?? 200,
      body: modalPage(ctx.pages, {
        base,
        checkout,
        user,
        tx,
        terms: tx && leaseTerms(tx),
        blocker: blocker?.message,
        available: user ? availableCents(c, user) : 0,
        notice: notice?.message,
      }),
    })
  }

  router.get("/pp3/sdk/js", (req, res) => {
    const authKey = typeof req.query.authKey === "string" ? req.query.authKey : ""
    const merchant = c.merchants.find((m) => m.authKey === authKey)
    res.set({ "content-type": "application/javascript; charset=utf-8", "cache-control": "no-store" })
    if (!merchant) {
      res.status(401).send(`throw new Error(${JSON.stringify("FlexSDK: the authKey is missing or not valid")});\n`)
      return
    }
    res.send(sdkScript({ checkoutsUrl: `${base}/checkouts`, sdkOrigin, authKey }))
  })

  router.options("/pp3/checkouts", (req, res) => {
    cors(req, res)
    res.status(204).end()
  })

  // What `actions.transaction.create` leads to: a modal session for this order.
  router.post(
    "/pp3/checkouts",
    ctx.body.json(),
    (req, res, next) => {
      cors(req, res)
      next()
    },
    handle((req, res) => {
      const body = objectBody(req)
      const merchant = c.merchants.find((m) => m.authKey === body.authKey)
      if (!merchant) throw new FsError(401, "InvalidAuthKey", "authKey is missing or not valid")
      const request = parseCheckoutRequest(body.transaction)
      const checkout: Checkout = {
        id: ctx.store.ids.next("pp3"),
        vendorId: merchant.vendorId,
        origin: typeof body.origin === "string" && /^https?:\/\/[^/]+$/.test(body.origin) ? body.origin : undefined,
        request,
        state: "open",
        createdAt: new Date(now()).toISOString(),
        expiresAt: new Date(now() + CHECKOUT_TTL_MS).toISOString(),
      }
      if (body.authCode !== undefined && body.authCode !== null && body.authCode !== "") {
        const code = c.authCodes.get(String(body.authCode))
        if (
          !code ||
          code.usedAt ||
          code.vendorId !== merchant.vendorId ||
          new Date(code.expiresAt).getTime() <= now()
        ) {
          throw new FsError(
            401,
            "InvalidAuthCode",
            "The auth code is unknown, expired, already used or issued to another merchant",
          )
        }
        code.usedAt = new Date(now()).toISOString()
        checkout.userId = code.userId
      }
      c.checkouts.set(checkout.id, checkout)
      if (checkout.userId) openTransaction(c, ctx, checkout)
      sendData(
        res,
        { checkoutId: checkout.id, modalUrl: `${base}/checkouts/${checkout.id}`, transactionId: request.transactionId },
        201,
      )
    }),
  )

  router.get(
    "/pp3/checkouts/:id",
    handle((req, res) => {
      const checkout = checkoutOf(req)
      if (checkout.state === "signed") return resultFor(res, checkout, "sign")
      if (expired(checkout))
        return show(res, checkout, {
          status: 410,
          message: "This session expired. Close this window and start again from the store.",
        })
      show(res, checkout)
    }),
  )

  router.post(
    "/pp3/checkouts/:id/login",
    ctx.body.urlencoded(),
    handle((req, res) => {
      const checkout = checkoutOf(req)
      if (checkout.state !== "open" || expired(checkout))
        return show(res, checkout, { status: 410, message: "This session is closed." })
      const body = objectBody(req)
      const user = c.users.find(
        (u) =>
          u.email ===
            String(body.email ?? "")
              .trim()
              .toLowerCase() &&
          !!u.password &&
          u.password === body.password,
      )
      if (!user) return show(res, checkout, { status: 401, message: "Wrong email or password." })
      checkout.userId = user.id
      linkVendor(user, c.merchants.get(checkout.vendorId)!)
      try {
        openTransaction(c, ctx, checkout)
      } catch (err) {
        if (err instanceof FsError) return show(res, checkout, { status: err.status, message: err.message })
        throw err
      }
      res.redirect(303, `${base}/checkouts/${checkout.id}`)
    }),
  )

  router.post(
    "/pp3/checkouts/:id/sign",
    ctx.body.urlencoded(),
    handle((req, res) => {
      const checkout = checkoutOf(req)
      if (checkout.state === "signed") return resultFor(res, checkout, "sign")
      if (checkout.state !== "open" || expired(checkout))
        return show(res, checkout, { status: 410, message: "This session is closed." })
      const tx = txOf(checkout)
      const user = checkout.userId ? c.users.get(checkout.userId) : undefined
      if (!tx || !user) return show(res, checkout, { status: 401, message: "Sign in to FlexShopper first." })
      const body = objectBody(req)
      if (body.signed !== "true")
        return show(res, checkout, { status: 400, message: "Tick the box to sign the lease agreement." })
      try {
        const blocker = leaseBlocker(user)
        if (blocker) throw blocker
        const total = tx.lines.reduce((s, l) => s + l.costCents * l.quantity + l.shippingCents, 0)
        if (total > availableCents(c, user))
          throw new FsError(400, "ExceedSpendingLimitError", "The order is above the available spending limit")
        if (tx.depositCents > 0 && !tx.depositPaid) {
          const card = String(body.depositCard ?? "").replace(/\s/g, "")
          if (!/^\d{13,19}$/.test(card))
            throw new FsError(402, "PaymentRequired", "A security deposit is required: enter a card to pay it")
          if (card === DECLINED_DEPOSIT_CARD)
            throw new FsError(
              402,
              "PaymentRequired",
              "The card was declined; the security deposit must be paid before signing",
            )
          tx.depositPaid = true
          ctx.ledger.record({
            type: "deposit.paid",
            ref: tx.transactionId,
            amount: (tx.depositCents / 100).toFixed(2),
            currency: "USD",
            data: { vendorId: tx.vendorId },
          })
        }
      } catch (err) {
        if (err instanceof FsError) return show(res, checkout, { status: err.status, message: err.message })
        throw err
      }
      tx.lease = {
        ...tx.lease,
        status: "signed",
        leaseNumber: `FS${String(ctx.store.ids.sequence("lease")).padStart(7, "0")}`,
        signedAt: new Date(now()).toISOString(),
      }
      checkout.state = "signed"
      ctx.ledger.record({
        type: "lease.signed",
        ref: tx.transactionId,
        amount: (tx.lines.reduce((s, l) => s + l.costCents * l.quantity + l.shippingCents, 0) / 100).toFixed(2),
        currency: "USD",
        data: { vendorId: tx.vendorId, leaseNumber: tx.lease.leaseNumber },
      })
      resultFor(res, checkout, "sign")
    }),
  )

  router.post(
    "/pp3/checkouts/:id/cancel",
    ctx.body.urlencoded(),
    handle((req, res) => {
      const checkout = checkoutOf(req)
      if (checkout.state === "open") checkout.state = "canceled"
      resultFor(res, checkout, checkout.state === "signed" ? "sign" : "cancel")
    }),
  )

  function resultFor(res: Response, checkout: Checkout, event: "sign" | "cancel"): void {
    const tx = txOf(checkout)
    const data =
      event === "sign"
        ? { transactionId: checkout.request.transactionId, leaseNumber: tx?.lease.leaseNumber }
        : { transactionId: checkout.request.transactionId }
    ctx.pages.sendPage(res, {
      title: event === "sign" ? "Lease signed" : "Lease not signed",
      body: resultPage(ctx.pages, { event, data, origin: checkout.origin }),
    })
  }
}
