// The merchant's view of a FlexShopper transaction in cents, per PO line: how much the lender
// has been told was delivered (what it will pay for, so what Medusa may capture), and how a
// refund amount maps onto FlexShopper's rules — items not yet shipped are CANCELED, returned
// items are CREDITED at their full cost per line (lineNumber + sku), shipping is credited on
// its own. A refund that is not a sum of such whole amounts cannot be expressed to the lender.
import { sumMinor } from "../money"
import { formatDollars, toCents, toDollars } from "./money"
import type { CreditItem, FsTransaction, SkuQuantity } from "./types"

export type CaptureOn = "shipment" | "receipt"

export interface TxLine {
  /** 1-based position in the transaction's items: FlexShopper's PO line number. */
  lineNumber: number
  sku: string
  unitCents: number
  shippingCents: number
  ordered: number
  shipped: number
  received: number
  canceled: number
  returned: number
  /** Units neither shipped, received, canceled nor returned. */
  open: number
}

/** Credits already reported, per line number: what the plugin told FlexShopper so far. */
export type LineCredits = Record<string, { item?: number; shipping?: number }>

/**
 * Get Transaction documents the shipping only as the top-level `shippingCost`; the plugin puts all
 * of it on line 1 when it builds the order (lease-order.ts), so line 1 carries it for credits.
 */
export function transactionLines(tx: Pick<FsTransaction, "items" | "shippingCost">): TxLine[] {
  return (tx.items ?? []).map((item, index) => {
    const q = item.quantityByStatus ?? { ordered: item.quantity }
    const ordered = q.ordered ?? item.quantity
    const shipped = q.shipped ?? 0
    const received = q.received ?? 0
    const canceled = q.canceled ?? 0
    const returned = q.returned ?? 0
    return {
      lineNumber: index + 1,
      sku: item.sku,
      unitCents: toCents(item.cost),
      shippingCents: index === 0 ? toCents(tx.shippingCost ?? 0) : 0,
      ordered,
      shipped,
      received,
      canceled,
      returned,
      open: Math.max(0, ordered - shipped - received - canceled - returned),
    }
  })
}

/** Units FlexShopper has been told were handed over (shipped, received in store, or since returned). */
export function handedOverUnits(line: TxLine): number {
  return line.shipped + line.received + line.returned
}

/**
 * The value FlexShopper has been told is delivered, in cents: handed-over units at their unit
 * cost, plus the order's shipping once anything is. FlexShopper pays on that confirmation, so
 * Medusa's captured total never exceeds it. `deliveredBySku` (captureOn=receipt) narrows it to the
 * units Medusa also recorded as delivered: per SKU, at most that many units count.
 */
export function confirmedValueCents(lines: TxLine[], deliveredBySku?: Map<string, number>): number {
  const budget = deliveredBySku ? new Map(deliveredBySku) : undefined
  const units = lines.map((line) => {
    const handed = handedOverUnits(line)
    if (!budget) return handed
    const n = Math.min(handed, budget.get(line.sku) ?? 0)
    budget.set(line.sku, (budget.get(line.sku) ?? 0) - n)
    return n
  })
  const items = sumMinor(...lines.map((line, i) => line.unitCents * units[i]))
  const anyConfirmed = units.some((n) => n > 0)
  return sumMinor(items, anyConfirmed ? sumMinor(...lines.map((l) => l.shippingCents)) : 0)
}

export function isFullyCanceled(lines: TxLine[]): boolean {
  return lines.length > 0 && lines.every((line) => line.canceled === line.ordered)
}

export function hasDeliveredUnits(lines: TxLine[]): boolean {
  return lines.some((line) => line.shipped + line.received + line.returned > 0)
}

// ── refunds ──────────────────────────────────────────────────────────────────────────────────

export type RefundPart =
  | { kind: "item-credit"; lineNumber: number; sku: string; cents: number }
  | { kind: "shipping-credit"; lineNumber: number; sku: string; cents: number }
  | { kind: "cancel"; sku: string; quantity: number; cents: number }

export interface LineCreditCents {
  lineNumber: number
  sku: string
  itemCents?: number
  shippingCents?: number
}

export interface RefundPlan {
  parts: RefundPart[]
  cancels: SkuQuantity[]
  credits: LineCreditCents[]
}

/** Returned units not yet credited, per line. */
export function returnedUncreditedCents(line: TxLine, credits: LineCredits): number {
  return Math.max(0, line.unitCents * line.returned - (credits[String(line.lineNumber)]?.item ?? 0))
}

/** Every whole amount FlexShopper accepts back right now, in preference order. */
export function refundCandidates(lines: TxLine[], credits: LineCredits): RefundPart[] {
  const itemCredits: RefundPart[] = []
  const shipping: RefundPart[] = []
  for (const line of lines) {
    const item = returnedUncreditedCents(line, credits)
    if (item > 0) itemCredits.push({ kind: "item-credit", lineNumber: line.lineNumber, sku: line.sku, cents: item })
    const ship = line.shippingCents - (credits[String(line.lineNumber)]?.shipping ?? 0)
    if (ship > 0 && hasDeliveredUnits(lines))
      shipping.push({ kind: "shipping-credit", lineNumber: line.lineNumber, sku: line.sku, cents: ship })
  }
  // Cancels go by SKU (the lender's cancel takes sku + quantity), all open units of the SKU.
  const cancels = new Map<string, { quantity: number; cents: number }>()
  for (const line of lines) {
    if (line.open === 0) continue
    const entry = cancels.get(line.sku) ?? { quantity: 0, cents: 0 }
    entry.quantity += line.open
    entry.cents += line.open * line.unitCents
    cancels.set(line.sku, entry)
  }
  const cancelParts: RefundPart[] = [...cancels].map(([sku, c]) => ({
    kind: "cancel",
    sku,
    quantity: c.quantity,
    cents: c.cents,
  }))
  return [...itemCredits, ...cancelParts, ...shipping]
}

const MAX_CANDIDATES = 20

/**
 * The smallest set of whole candidates summing exactly to `amountCents` (ties: earlier
 * candidates first, so item credits beat cancels beat shipping), or undefined.
 */
export function matchRefund(candidates: RefundPart[], amountCents: number): RefundPart[] | undefined {
  const pool = candidates.slice(0, MAX_CANDIDATES)
  for (let size = 1; size <= pool.length; size++) {
    const found = pickExactly(pool, amountCents, size, 0)
    if (found) return found
  }
  return undefined
}

function pickExactly(pool: RefundPart[], target: number, size: number, from: number): RefundPart[] | undefined {
  if (size === 0) return target === 0 ? [] : undefined
  for (let i = from; i <= pool.length - size; i++) {
    if (pool[i].cents > target) continue
    const rest = pickExactly(pool, target - pool[i].cents, size - 1, i + 1)
    if (rest) return [pool[i], ...rest]
  }
  return undefined
}

export function toRefundPlan(parts: RefundPart[]): RefundPlan {
  const cancels: SkuQuantity[] = []
  const byLine = new Map<number, LineCreditCents>()
  for (const part of parts) {
    if (part.kind === "cancel") {
      cancels.push({ sku: part.sku, quantity: part.quantity })
      continue
    }
    const credit = byLine.get(part.lineNumber) ?? { lineNumber: part.lineNumber, sku: part.sku }
    if (part.kind === "item-credit") credit.itemCents = part.cents
    else credit.shippingCents = part.cents
    byLine.set(part.lineNumber, credit)
  }
  return { parts, cancels, credits: [...byLine.values()] }
}

/** The wire form of line credits (dollars). */
export function toCreditItems(credits: LineCreditCents[]): CreditItem[] {
  return credits.map((c) => ({
    lineNumber: c.lineNumber,
    sku: c.sku,
    ...(c.itemCents ? { itemCredit: toDollars(c.itemCents) } : {}),
    ...(c.shippingCents ? { shippingCredit: toDollars(c.shippingCents) } : {}),
  }))
}

/** Credits after applying `plan` to `previous` (what payment data keeps). */
export function addCredits(previous: LineCredits, credits: LineCreditCents[]): LineCredits {
  const next: LineCredits = { ...previous }
  for (const c of credits) {
    const key = String(c.lineNumber)
    const current = next[key] ?? {}
    next[key] = {
      item: sumMinor(current.item ?? 0, c.itemCents ?? 0),
      shipping: sumMinor(current.shipping ?? 0, c.shippingCents ?? 0),
    }
  }
  return next
}

/** Plain-words explanation for a refund amount FlexShopper cannot take. */
export function explainUnmatchedRefund(amountCents: number, candidates: RefundPart[]): string {
  const options = candidates.map((part) => {
    if (part.kind === "cancel") return `${formatDollars(part.cents)} (cancel ${part.quantity} unshipped × ${part.sku})`
    if (part.kind === "item-credit")
      return `${formatDollars(part.cents)} (credit returned ${part.sku}, line ${part.lineNumber})`
    return `${formatDollars(part.cents)} (shipping credit, line ${part.lineNumber})`
  })
  return (
    `FlexShopper cannot refund ${formatDollars(amountCents)}: it only takes back whole amounts — items not yet shipped are ` +
    `canceled, returned items are credited at their full cost per line, and shipping is credited separately. ` +
    (options.length
      ? `Refund one of these amounts or a sum of them: ${options.join("; ")}.`
      : `Nothing can be refunded right now: return the items first (receive the return in Medusa).`)
  )
}
