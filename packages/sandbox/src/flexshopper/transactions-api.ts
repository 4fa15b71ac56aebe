// /v3/transactions: what the merchant does with a lease after the shopper signed it in the
// modal — read it, finalize it, confirm shipment/receipt, cancel, return and credit items.
import type { Router } from "express"
import type { SimulatorContext } from "../types"
import { transactionTotalCents } from "./accounts"
import { asMiddleware, merchantCheck, merchantOf } from "./auth"
import type { FlexShopperCollections, Transaction } from "./model"
import { cancelItems, confirmDelivery, creditLines, returnItems } from "./quantities"
import { FsError, cents, dollars, handle, objectBody, sendData } from "./wire"

/**
 * Get Transaction By ID with exactly the documented fields (3.0 and 3.1 pages): FlexShopper's own
 * opaque `id` (not the merchant's transaction id), the shipping only as the top-level
 * `shippingCost`, no lease number (Finalize answers it) and no "finalized" flag. `customer` is on
 * the 3.0 page (the 3.1 page leaves it out; the plugin copes with both).
 */
export function transactionWire(c: FlexShopperCollections, tx: Transaction) {
  const user = c.users.get(tx.userId)
  return {
    id: tx.id,
    orderId: tx.orderId ?? null,
    customer: {
      id: tx.userId,
      firstName: user?.firstName ?? "",
      lastName: user?.lastName ?? "",
      email: user?.email ?? "",
    },
    shippingCost: dollars(tx.lines.reduce((sum, line) => sum + line.shippingCents, 0)),
    createdAt: tx.createdAt,
    lease: { id: tx.lease.id, status: tx.lease.status },
    items: tx.lines.map((line) => ({
      description: line.description,
      sku: line.sku,
      brand: line.brand,
      cost: dollars(line.costCents),
      quantity: line.quantity,
      quantityByStatus: {
        ordered: line.quantity,
        ...(line.shipped ? { shipped: line.shipped } : {}),
        ...(line.received ? { received: line.received } : {}),
        ...(line.canceled ? { canceled: line.canceled } : {}),
        ...(line.returned ? { returned: line.returned } : {}),
      },
    })),
    // The 3.0 schema documents these two in cents (everything else in v3 is dollars).
    purchaseTotal: transactionTotalCents(tx),
    purchaseSalesTax: 0,
  }
}

export function registerTransactionRoutes(router: Router, c: FlexShopperCollections, ctx: SimulatorContext): void {
  const merchant = asMiddleware(merchantCheck(c))
  const json = ctx.body.json()
  const find = (vendorId: string, transactionId: string): Transaction => {
    const tx = c.transactions.get(`${vendorId}:${transactionId}`)
    if (!tx)
      throw new FsError(404, "TransactionNotFound", `Transaction ${transactionId} was not found`, { transactionId })
    return tx
  }
  const finalized = (tx: Transaction, action: string): Transaction => {
    if (!tx.finalized)
      throw new FsError(400, "TransactionNotFinalized", `Finalize the transaction before you ${action}`)
    return tx
  }
  const record = (type: string, tx: Transaction, amountCents: number | undefined, data: Record<string, unknown>) =>
    ctx.ledger.record({
      type,
      ref: tx.transactionId,
      currency: "USD",
      ...(amountCents !== undefined ? { amount: dollars(amountCents).toFixed(2) } : {}),
      data: { vendorId: tx.vendorId, ...data },
    })

  router.get(
    "/v3/transactions/:transactionId",
    merchant,
    handle((req, res) => {
      sendData(res, transactionWire(c, find(merchantOf(res).vendorId, String(req.params.transactionId))))
    }),
  )

  router.post(
    "/v3/transactions/:transactionId/finalize",
    merchant,
    handle((req, res) => {
      const tx = find(merchantOf(res).vendorId, String(req.params.transactionId))
      if (tx.lease.status !== "signed")
        throw new FsError(
          400,
          "LeaseNotSigned",
          "The lease has not been signed; the shopper must sign it in the FlexShopper modal first",
        )
      if (tx.lines.every((line) => line.canceled === line.quantity))
        throw new FsError(400, "TransactionCanceled", "Every item of this transaction was canceled")
      if (!tx.finalized) {
        tx.finalized = {
          loanNumber: String(1000000 + ctx.store.ids.sequence("loan")),
          leaseNumber: tx.lease.leaseNumber!,
          at: ctx.clock.now().toISOString(),
        }
        record("transaction.finalized", tx, transactionTotalCents(tx), { leaseNumber: tx.finalized.leaseNumber })
      }
      sendData(res, {
        transactionId: tx.transactionId,
        loanNumber: tx.finalized.loanNumber,
        leaseNumber: tx.finalized.leaseNumber,
      })
    }),
  )

  for (const [path, to] of [
    ["confirm-shipment", "shipped"],
    ["confirm-receipt", "received"],
  ] as const) {
    router.post(
      `/v3/transactions/:transactionId/${path}`,
      merchant,
      json,
      handle((req, res) => {
        const tx = finalized(
          find(merchantOf(res).vendorId, String(req.params.transactionId)),
          to === "shipped" ? "confirm a shipment" : "confirm receipt",
        )
        const moves = confirmDelivery(tx, objectBody(req), to)
        record(
          to === "shipped" ? "shipment.confirmed" : "receipt.confirmed",
          tx,
          moves.reduce((s, m) => s + m.cents, 0),
          {
            items: moves.map(({ sku, quantity }) => ({ sku, quantity })),
          },
        )
        sendData(res, {})
      }),
    )
  }

  router.post(
    "/v3/transactions/:transactionId/cancel",
    merchant,
    json,
    handle((req, res) => {
      const tx = find(merchantOf(res).vendorId, String(req.params.transactionId))
      const result = cancelItems(tx, objectBody(req))
      if (result.done.length) record("items.canceled", tx, result.cents, { items: result.done })
      sendData(res, { canceled: result.done, failed: result.failed })
    }),
  )

  // The docs say /return; FlexShopper's Magento module calls /return-items. Both are served.
  router.post(
    ["/v3/transactions/:transactionId/return", "/v3/transactions/:transactionId/return-items"],
    merchant,
    json,
    handle((req, res) => {
      const tx = find(merchantOf(res).vendorId, String(req.params.transactionId))
      const result = returnItems(tx, objectBody(req))
      if (result.done.length) record("items.returned", tx, result.cents, { items: result.done })
      sendData(res, { returned: result.done, failed: result.failed })
    }),
  )

  router.post(
    "/v3/transactions/:transactionId/refund",
    merchant,
    json,
    handle((req, res) => {
      const tx = find(merchantOf(res).vendorId, String(req.params.transactionId))
      const plan = creditLines(tx, objectBody(req), cents)
      record(
        "credit",
        tx,
        plan.reduce((s, p) => s + p.itemCents + p.shippingCents, 0),
        {
          lines: plan.map((p) => ({
            lineNumber: p.lineNumber,
            sku: p.line.sku,
            itemCredit: dollars(p.itemCents),
            shippingCredit: dollars(p.shippingCents),
          })),
        },
      )
      sendData(res, { refunded: plan.map((p) => ({ sku: p.line.sku, lineNumber: p.lineNumber })) })
    }),
  )
}
