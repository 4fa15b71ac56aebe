// The lease a PP3 checkout asks for, and turning it into a (pending) FlexShopper transaction
// for the signed-in shopper. Lease rules: at least $49.95 (LeaseAmountNotSatisfied), at most
// the shopper's available limit (ExceedSpendingLimitError), and a shopper allowed to lease.
import type { SimulatorContext } from "../types"
import { availableCents, leaseBlocker, transactionTotalCents } from "./accounts"
import type { Checkout, CheckoutRequest, FlexShopperCollections, Transaction } from "./model"
import { FsError, badRequest, cents, dollars } from "./wire"

export const MINIMUM_LEASE_CENTS = 4995

export function parseCheckoutRequest(raw: unknown): CheckoutRequest {
  if (!raw || typeof raw !== "object") throw badRequest("transaction", "is required")
  const t = raw as Record<string, unknown>
  const transactionId = typeof t.transactionId === "string" ? t.transactionId.trim() : ""
  if (!transactionId || transactionId.length > 256)
    throw badRequest("transaction.transactionId", "is required (at most 256 characters)")
  const costCents = cents(t.cost, "transaction.cost")
  if (!Array.isArray(t.items) || t.items.length === 0)
    throw badRequest("transaction.items", "must list at least one item")
  const items = t.items.map((rawItem, i) => {
    const item = (rawItem ?? {}) as Record<string, unknown>
    const field = (name: string) => `transaction.items[${i}].${name}`
    for (const name of ["description", "sku", "brand"]) {
      if (typeof item[name] !== "string" || !(item[name] as string).trim()) throw badRequest(field(name), "is required")
    }
    const sku = (item.sku as string).trim()
    if (sku.length < 2 || sku.length > 100) throw badRequest(field("sku"), "must be 2 to 100 characters")
    const quantity = item.quantity === undefined ? 1 : item.quantity
    if (!Number.isInteger(quantity) || (quantity as number) < 1)
      throw badRequest(field("quantity"), "must be a whole number, at least 1")
    const shipping = (item.shipping ?? {}) as Record<string, unknown>
    return {
      description: (item.description as string).trim(),
      sku,
      brand: (item.brand as string).trim(),
      costCents: cents(item.cost, field("cost")),
      quantity: quantity as number,
      condition: typeof item.condition === "string" ? item.condition : "new",
      ...(Array.isArray(item.images) ? { images: item.images.filter((x): x is string => typeof x === "string") } : {}),
      shippingCents: shipping.cost === undefined ? 0 : cents(shipping.cost, field("shipping.cost")),
      ...(typeof shipping.method === "string" ? { shippingMethod: shipping.method } : {}),
    }
  })
  const sum = items.reduce((s, item) => s + item.costCents * item.quantity + item.shippingCents, 0)
  if (sum !== costCents) {
    throw new FsError(
      400,
      "CostMismatch",
      `transaction.cost (${dollars(costCents)}) is not the sum of the items and their shipping (${dollars(sum)})`,
    )
  }
  return { transactionId, costCents, items, ...(typeof t.orderId === "string" ? { orderId: t.orderId } : {}) }
}

/** Creates the pending transaction for the checkout's shopper, or refreshes an unsigned one. */
export function openTransaction(c: FlexShopperCollections, ctx: SimulatorContext, checkout: Checkout): Transaction {
  const user = checkout.userId ? c.users.get(checkout.userId) : undefined
  if (!user) throw new FsError(401, "LoginRequired", "Sign in to FlexShopper to continue")
  const blocker = leaseBlocker(user)
  if (blocker) throw blocker
  const request = checkout.request
  if (request.costCents < MINIMUM_LEASE_CENTS) {
    throw new FsError(
      400,
      "LeaseAmountNotSatisfied",
      `Leases start at $${dollars(MINIMUM_LEASE_CENTS).toFixed(2)}; this order is $${dollars(request.costCents).toFixed(2)}`,
    )
  }
  const available = availableCents(c, user)
  if (request.costCents > available) {
    throw new FsError(
      400,
      "ExceedSpendingLimitError",
      `The order ($${dollars(request.costCents).toFixed(2)}) is above the available spending limit ($${dollars(available).toFixed(2)})`,
    )
  }
  const key = `${checkout.vendorId}:${request.transactionId}`
  const existing = c.transactions.get(key)
  if (existing && existing.lease.status === "signed") {
    throw new FsError(
      409,
      "TransactionAlreadySigned",
      `Transaction ${request.transactionId} already has a signed lease`,
    )
  }
  const lines = request.items.map((item) => ({
    ...item,
    shipped: 0,
    received: 0,
    canceled: 0,
    returned: 0,
    itemCreditedCents: 0,
    shippingCreditedCents: 0,
  }))
  const tx: Transaction = existing
    ? { ...existing, userId: user.id, lines, orderId: request.orderId }
    : {
        key,
        id: ctx.store.ids.next("fstx"),
        transactionId: request.transactionId,
        vendorId: checkout.vendorId,
        userId: user.id,
        orderId: request.orderId,
        createdAt: ctx.clock.now().toISOString(),
        lease: { id: ctx.store.ids.next("lease"), status: "pending" },
        lines,
        depositCents: user.depositCents,
        depositPaid: false,
      }
  c.transactions.set(key, tx)
  checkout.transactionKey = key
  return tx
}

export function leaseTerms(tx: Transaction) {
  const cashPrice = transactionTotalCents(tx)
  // Sandbox terms: 52 weekly payments, total cost of rental 2.25 × the cash price.
  const costOfRental = Math.round((cashPrice * 225) / 100)
  return { frequency: "weekly", term: 52, payment: Math.ceil(costOfRental / 52), cashPrice, costOfRental }
}
