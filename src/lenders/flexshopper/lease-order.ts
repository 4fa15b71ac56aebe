// Builds the order FlexShopper's modal turns into a lease (`actions.transaction.create`) from a
// cart read server-side, and checks a lender transaction against it. Amounts are integer cents
// until the last step; FlexShopper wants a per-unit cost, so a line whose discounted total does
// not divide by its quantity becomes two lines of the same SKU whose unit costs differ by one cent
// (the sum stays exact). All shipping rides on the first line, as FlexShopper's Magento module does.
import { createHash } from "node:crypto"
import { splitEvenly, sumMinor } from "../money"
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
  constructor(readonly code: string, message: string) {
    super(message)
    this.name = "LeaseOrderError"
  }
}

export function buildLeaseOrder(transactionId: string, source: LeaseSource): FsLeaseOrder {
  if (!source.items.length) throw new LeaseOrderError("empty_cart", "the cart has no items")
  const lines: FsLeaseItem[] = []
  for (const item of source.items) {
    const sku = item.sku?.trim()
    if (!sku) throw new LeaseOrderError("missing_sku", `item "${item.description}" has no SKU; FlexShopper leases need a SKU for every item`)
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 1) {
      throw new LeaseOrderError("invalid_quantity", `item ${sku} has an invalid quantity`)
    }
    const unitCosts = splitEvenly(item.totalCents, item.quantity)
    // splitEvenly puts the extra cents first, so at most two distinct unit costs, higher first.
    for (const cost of [...new Set(unitCosts)]) {
      lines.push({
        description: item.description,
        sku,
        brand: item.brand?.trim() || "n/a",
        cost: toDollars(cost),
        quantity: unitCosts.filter((c) => c === cost).length,
        condition: "new",
        ...(item.imageUrl ? { images: [item.imageUrl] } : {}),
      })
    }
  }
  const itemsCents = sumMinor(...source.items.map((i) => i.totalCents))
  if (sumMinor(itemsCents, source.shippingCents) !== source.totalCents) {
    throw new LeaseOrderError(
      "unsupported_adjustments",
      `the cart total (${formatDollars(source.totalCents)}) is not its items plus shipping ` +
        `(${formatDollars(sumMinor(itemsCents, source.shippingCents))}); gift cards or store credit cannot be leased`
    )
  }
  if (source.totalCents < MINIMUM_LEASE_CENTS) {
    throw new LeaseOrderError("below_lease_minimum", `FlexShopper leases start at ${formatDollars(MINIMUM_LEASE_CENTS)}`)
  }
  lines.forEach((line, index) => {
    line.shipping = { cost: toDollars(index === 0 ? source.shippingCents : 0), method: source.shippingMethod || "ground" }
  })
  return { transactionId, cost: toDollars(source.totalCents), items: lines }
}

/** Total of a lease order or transaction in cents: Σ cost × quantity + Σ shipping. */
export function leaseTotalCents(items: Array<Pick<FsLeaseItem, "cost" | "quantity" | "shipping">>): number {
  return sumMinor(...items.map((i) => toCents(i.cost) * i.quantity), ...items.map((i) => toCents(i.shipping?.cost ?? 0)))
}

/** Stable fingerprint of what was leased (SKU, units, unit cost, shipping per line, in order). */
export function leaseDigest(items: Array<Pick<FsLeaseItem, "sku" | "cost" | "quantity" | "shipping">>): string {
  const canonical = items.map((i) => [i.sku, i.quantity, toCents(i.cost), toCents(i.shipping?.cost ?? 0)])
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex")
}

/**
 * What differs between the order the plugin built and the lender's transaction. An empty list
 * means the shopper signed exactly this cart.
 */
export function leaseMismatches(expected: FsLeaseOrder, transaction: Pick<FsTransaction, "items">): string[] {
  const problems: string[] = []
  const actual = transaction.items ?? []
  const expectedTotal = leaseTotalCents(expected.items)
  const actualTotal = leaseTotalCents(actual)
  if (expectedTotal !== actualTotal) {
    problems.push(`the lease total is ${formatDollars(actualTotal)} but the cart total is ${formatDollars(expectedTotal)}`)
  }
  if (actual.length !== expected.items.length) {
    problems.push(`the lease has ${actual.length} line(s) but the cart has ${expected.items.length}`)
  }
  expected.items.forEach((line, index) => {
    const other = actual[index]
    if (!other) return
    if (other.sku !== line.sku) problems.push(`line ${index + 1} is SKU ${other.sku} in the lease but ${line.sku} in the cart`)
    else if (other.quantity !== line.quantity) problems.push(`line ${index + 1} (${line.sku}) has ${other.quantity} unit(s) in the lease but ${line.quantity} in the cart`)
    else if (toCents(other.cost) !== toCents(line.cost)) {
      problems.push(`line ${index + 1} (${line.sku}) costs ${formatDollars(toCents(other.cost))} in the lease but ${formatDollars(toCents(line.cost))} in the cart`)
    }
  })
  return problems
}
