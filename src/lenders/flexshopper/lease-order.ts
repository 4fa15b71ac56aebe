// Builds the order FlexShopper's modal turns into a lease (`actions.transaction.create`) from a
// cart read server-side, and checks a lender transaction against it. Amounts are integer cents
// until the last step. Each SKU is one line (FlexShopper addresses shipment, cancel and return by
// SKU) with a whole-cent unit cost; when a discounted line total does not divide by its quantity,
// the unit cost is rounded down and the few leftover cents join the shipping charge, so the lease
// total is the cart total exactly. All shipping rides on the first line, as FlexShopper's Magento
// module does; Get Transaction reports it back as the top-level `shippingCost`.
import { createHash } from "node:crypto"
import { sumMinor } from "../money"
import { MINIMUM_LEASE_CENTS, formatDollars, toCents, toDollars } from "./money"
import type { FsLeaseItem, FsLeaseOrder, FsTransaction } from "./types"

export interface LeaseSourceItem {
  sku: string | null | undefined
  description: string
  brand?: string | null
  quantity: number
  /** Line total after discounts (and tax, if any), in cents. */
  totalCents: number
  imageUrl?: string | null
}

export interface LeaseSource {
  items: LeaseSourceItem[]
  shippingCents: number
  shippingMethod?: string | null
  /** The cart total in cents; must equal items + shipping. */
  totalCents: number
}

export class LeaseOrderError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = "LeaseOrderError"
  }
}

export function buildLeaseOrder(transactionId: string, source: LeaseSource): FsLeaseOrder {
  if (!source.items.length) throw new LeaseOrderError("empty_cart", "the cart has no items")
  // One line per SKU: FlexShopper addresses shipment, cancel and return by SKU, so two lines of
  // one SKU would be ambiguous there. Cart items sharing a SKU are merged.
  const bySku = new Map<string, { item: LeaseSourceItem; quantity: number; totalCents: number }>()
  for (const item of source.items) {
    const sku = item.sku?.trim()
    if (!sku)
      throw new LeaseOrderError(
        "missing_sku",
        `item "${item.description}" has no SKU; FlexShopper leases need a SKU for every item`,
      )
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 1) {
      throw new LeaseOrderError("invalid_quantity", `item ${sku} has an invalid quantity`)
    }
    const entry = bySku.get(sku) ?? { item, quantity: 0, totalCents: 0 }
    entry.quantity += item.quantity
    entry.totalCents = sumMinor(entry.totalCents, item.totalCents)
    bySku.set(sku, entry)
  }
  const lines: FsLeaseItem[] = []
  let remainderCents = 0
  for (const [sku, { item, quantity, totalCents }] of bySku) {
    // A whole-cent unit cost; a discounted total that does not divide by the quantity leaves
    // fewer cents than units, which ride on the order's shipping charge (see rounding below).
    const unitCents = Math.floor(totalCents / quantity)
    remainderCents += totalCents - unitCents * quantity
    lines.push({
      description: item.description,
      sku,
      brand: item.brand?.trim() || "n/a",
      cost: toDollars(unitCents),
      quantity,
      condition: "new",
      ...(item.imageUrl ? { images: [item.imageUrl] } : {}),
    })
  }
  const itemsCents = sumMinor(...source.items.map((i) => i.totalCents))
  if (sumMinor(itemsCents, source.shippingCents) !== source.totalCents) {
    throw new LeaseOrderError(
      "unsupported_adjustments",
      `the cart total (${formatDollars(source.totalCents)}) is not its items plus shipping ` +
        `(${formatDollars(sumMinor(itemsCents, source.shippingCents))}); gift cards or store credit cannot be leased`,
    )
  }
  if (source.totalCents < MINIMUM_LEASE_CENTS) {
    throw new LeaseOrderError(
      "below_lease_minimum",
      `FlexShopper leases start at ${formatDollars(MINIMUM_LEASE_CENTS)}`,
    )
  }
  // All shipping on line 1 (FlexShopper's Magento module does the same), plus the rounding
  // remainder of uneven discounted lines, so the lease total is the cart total to the cent.
  const shippingCents = sumMinor(source.shippingCents, remainderCents)
  lines.forEach((line, index) => {
    line.shipping = { cost: toDollars(index === 0 ? shippingCents : 0), method: source.shippingMethod || "ground" }
  })
  return { transactionId, cost: toDollars(source.totalCents), items: lines }
}

/** The shipping a lease order carries (all on line 1), in cents. */
export function orderShippingCents(order: Pick<FsLeaseOrder, "items">): number {
  return sumMinor(...order.items.map((i) => toCents(i.shipping?.cost ?? 0)))
}

/** Total of a lease order in cents: Σ cost × quantity + its shipping. */
export function leaseOrderTotalCents(order: Pick<FsLeaseOrder, "items">): number {
  return sumMinor(...order.items.map((i) => toCents(i.cost) * i.quantity), orderShippingCents(order))
}

/** Total of a transaction as Get Transaction documents it: Σ cost × quantity + the top-level `shippingCost`. */
export function transactionTotalCents(tx: Pick<FsTransaction, "items" | "shippingCost">): number {
  return sumMinor(...(tx.items ?? []).map((i) => toCents(i.cost) * i.quantity), toCents(tx.shippingCost ?? 0))
}

/** Stable fingerprint of what was leased (SKU, units, unit cost per line, in order, and the shipping). */
export function leaseDigest(tx: Pick<FsTransaction, "items" | "shippingCost">): string {
  const canonical = {
    items: (tx.items ?? []).map((i) => [i.sku, i.quantity, toCents(i.cost)]),
    shipping: toCents(tx.shippingCost ?? 0),
  }
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex")
}

/**
 * What differs between the order the plugin built and the lender's transaction. An empty list
 * means the shopper signed exactly this cart.
 */
export function leaseMismatches(
  expected: FsLeaseOrder,
  transaction: Pick<FsTransaction, "items" | "shippingCost">,
): string[] {
  const problems: string[] = []
  const actual = transaction.items ?? []
  const expectedTotal = leaseOrderTotalCents(expected)
  const actualTotal = transactionTotalCents(transaction)
  if (expectedTotal !== actualTotal) {
    problems.push(
      `the lease total is ${formatDollars(actualTotal)} but the cart total is ${formatDollars(expectedTotal)}`,
    )
  }
  const expectedShipping = orderShippingCents(expected)
  const actualShipping = toCents(transaction.shippingCost ?? 0)
  if (expectedShipping !== actualShipping) {
    problems.push(
      `the lease's shipping is ${formatDollars(actualShipping)} but the cart's is ${formatDollars(expectedShipping)}`,
    )
  }
  if (actual.length !== expected.items.length) {
    problems.push(`the lease has ${actual.length} line(s) but the cart has ${expected.items.length}`)
  }
  expected.items.forEach((line, index) => {
    const other = actual[index]
    if (!other) return
    if (other.sku !== line.sku)
      problems.push(`line ${index + 1} is SKU ${other.sku} in the lease but ${line.sku} in the cart`)
    else if (other.quantity !== line.quantity)
      problems.push(
        `line ${index + 1} (${line.sku}) has ${other.quantity} unit(s) in the lease but ${line.quantity} in the cart`,
      )
    else if (toCents(other.cost) !== toCents(line.cost)) {
      problems.push(
        `line ${index + 1} (${line.sku}) costs ${formatDollars(toCents(other.cost))} in the lease but ${formatDollars(toCents(line.cost))} in the cart`,
      )
    }
  })
  return problems
}
