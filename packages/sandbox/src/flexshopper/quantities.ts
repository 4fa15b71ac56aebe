// Per-SKU quantity rules of a FlexShopper transaction ([inferred] invariants of the spec, §6):
// every unit is open, shipped, received, canceled or returned; counts never exceed what was
// ordered; only open units can be canceled; only delivered units can be returned; receipt takes
// shipped units first (a delivery) and then open ones (handed over in store). Operations that
// name several SKUs are validated completely before anything changes.
import { type Line, type Transaction, openUnits } from "./model"
import { FsError, badRequest } from "./wire"

export interface UnitMove {
  sku: string
  quantity: number
  cents: number
}

type Counter = "shipped" | "received" | "canceled" | "returned"
type Delta = Map<Line, Partial<Record<Counter | "open", number>>>

function linesFor(tx: Transaction, sku: string): Line[] {
  return tx.lines.filter((line) => line.sku === sku)
}

function positiveInt(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined
  if (!Number.isInteger(value) || (value as number) < 1)
    throw badRequest(field, "must be a whole number of units, at least 1")
  return value as number
}

function isoDate(value: unknown, field: string, required: boolean): void {
  if (value === undefined && !required) return
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(Date.parse(value))) {
    throw badRequest(field, required ? "is required (YYYY-MM-DD)" : "must be a date (YYYY-MM-DD)")
  }
}

/** Takes `quantity` units of `sku` out of the `from` pools, first line first; undefined if there are not enough. */
function take(lines: Line[], quantity: number, from: Array<Counter | "open">, delta: Delta): number | undefined {
  let left = quantity
  let cents = 0
  for (const pool of from) {
    for (const line of lines) {
      if (left === 0) break
      const d = delta.get(line) ?? {}
      const have = (pool === "open" ? openUnits(line) : line[pool]) - (d[pool] ?? 0)
      const n = Math.min(have, left)
      if (n <= 0) continue
      d[pool] = (d[pool] ?? 0) + n
      delta.set(line, d)
      left -= n
      cents += n * line.costCents
    }
  }
  return left === 0 ? cents : undefined
}

function available(lines: Line[], from: Array<Counter | "open">, delta: Delta): number {
  return lines.reduce(
    (sum, line) =>
      sum +
      from.reduce(
        (s, pool) => s + (pool === "open" ? openUnits(line) : line[pool]) - (delta.get(line)?.[pool] ?? 0),
        0,
      ),
    0,
  )
}

/** Moves the taken units from their pools into `to`. */
function commit(delta: Delta, to: Counter): void {
  for (const [line, d] of delta) {
    for (const [pool, n] of Object.entries(d) as Array<[Counter | "open", number]>) {
      if (pool !== "open") line[pool] -= n
      line[to] += n
    }
  }
}

function itemsOf(body: Record<string, unknown>, required: boolean): Array<Record<string, unknown>> | undefined {
  const items = body.items
  if (items === undefined || items === null || (Array.isArray(items) && items.length === 0)) {
    if (required) throw badRequest("items", "must list at least one item")
    return undefined
  }
  if (!Array.isArray(items)) throw badRequest("items", "must be an array")
  return items.map((item, i) => {
    if (!item || typeof item !== "object") throw badRequest(`items[${i}]`, "must be an object")
    return item as Record<string, unknown>
  })
}

/**
 * Confirm shipment (`to: "shipped"`, from open units) or receipt (`to: "received"`, from shipped
 * then open units). No items = everything still undelivered.
 */
export function confirmDelivery(
  tx: Transaction,
  body: Record<string, unknown>,
  to: "shipped" | "received",
): UnitMove[] {
  const from: Array<Counter | "open"> = to === "shipped" ? ["open"] : ["shipped", "open"]
  const verb = to === "shipped" ? "ship" : "receive"
  const items = itemsOf(body, false)
  const delta: Delta = new Map()
  const moves: UnitMove[] = []
  if (!items) {
    for (const sku of [...new Set(tx.lines.map((l) => l.sku))]) {
      const lines = linesFor(tx, sku)
      const quantity = available(lines, from, delta)
      if (quantity > 0) moves.push({ sku, quantity, cents: take(lines, quantity, from, delta)! })
    }
  } else {
    items.forEach((item, i) => {
      if (to === "shipped") {
        if (typeof item.carrier !== "string" || !item.carrier.trim())
          throw badRequest(`items[${i}].carrier`, "is required")
        isoDate(item.shipDate, `items[${i}].shipDate`, true)
        isoDate(item.deliveryDate, `items[${i}].deliveryDate`, false)
        if (item.trackingLink !== undefined && !/^https?:\/\//.test(String(item.trackingLink)))
          throw badRequest(`items[${i}].trackingLink`, "must be an http(s) URL")
      } else {
        isoDate(item.receivedDate, `items[${i}].receivedDate`, false)
      }
      const quantity = positiveInt(item.quantity, `items[${i}].quantity`)
      if (item.sku === undefined) {
        if (quantity !== undefined) throw badRequest(`items[${i}].sku`, "is required when quantity is given")
        for (const sku of [...new Set(tx.lines.map((l) => l.sku))]) {
          const lines = linesFor(tx, sku)
          const n = available(lines, from, delta)
          if (n > 0) moves.push({ sku, quantity: n, cents: take(lines, n, from, delta)! })
        }
        return
      }
      const sku = String(item.sku)
      const lines = linesFor(tx, sku)
      if (!lines.length)
        throw new FsError(404, "ItemNotFound", `items[${i}]: SKU ${sku} is not in this transaction`, { sku })
      const n = quantity ?? available(lines, from, delta)
      const cents = n > 0 ? take(lines, n, from, delta) : undefined
      if (cents === undefined) {
        throw new FsError(
          400,
          "QuantityExceedsOrdered",
          `items[${i}]: SKU ${sku} has ${available(lines, from, delta)} unit(s) left to ${verb}, not ${n || "any"}`,
          { sku },
        )
      }
      moves.push({ sku, quantity: n, cents })
    })
  }
  if (!moves.length) throw new FsError(400, "NothingToConfirm", `There is nothing left to ${verb} on this transaction`)
  commit(delta, to)
  return moves
}

export interface PartialResult {
  done: Array<{ sku: string; quantity: number }>
  failed: Array<{ sku: string; quantity: number; reason: string }>
  cents: number
}

/** Cancel Items: only open units; the rest is reported as failed (use a return for delivered units). */
export function cancelItems(tx: Transaction, body: Record<string, unknown>): PartialResult {
  const items = itemsOf(body, false) ?? [...new Set(tx.lines.map((l) => l.sku))].map((sku) => ({ sku }))
  const result: PartialResult = { done: [], failed: [], cents: 0 }
  items.forEach((item, i) => {
    if (typeof item.sku !== "string" || !item.sku) throw badRequest(`items[${i}].sku`, "is required")
    const quantity = positiveInt(item.quantity, `items[${i}].quantity`)
    const lines = linesFor(tx, item.sku)
    if (!lines.length) {
      result.failed.push({
        sku: item.sku,
        quantity: quantity ?? 0,
        reason: "The item does not exist in this transaction",
      })
      return
    }
    const delivered = lines.reduce((s, l) => s + l.shipped + l.received + l.returned, 0)
    const open = lines.reduce((s, l) => s + openUnits(l), 0)
    const wanted = quantity ?? open + delivered
    const n = Math.min(wanted, open)
    if (n > 0) {
      const delta: Delta = new Map()
      result.cents += take(lines, n, ["open"], delta)!
      commit(delta, "canceled")
      result.done.push({ sku: item.sku, quantity: n })
    }
    if (wanted > n) {
      const reason =
        delivered > 0
          ? "Shipped or delivered units cannot be canceled; return them instead"
          : "Those units are already canceled"
      result.failed.push({ sku: item.sku, quantity: wanted - n, reason })
    }
  })
  return result
}

/** Return Items: only delivered units (received first, then shipped) of a signed lease. */
export function returnItems(tx: Transaction, body: Record<string, unknown>): PartialResult {
  const items = itemsOf(body, true)!
  const result: PartialResult = { done: [], failed: [], cents: 0 }
  items.forEach((item, i) => {
    if (typeof item.sku !== "string" || !item.sku) throw badRequest(`items[${i}].sku`, "is required")
    const quantity = positiveInt(item.quantity, `items[${i}].quantity`)
    const lines = linesFor(tx, item.sku)
    if (!lines.length) {
      result.failed.push({
        sku: item.sku,
        quantity: quantity ?? 0,
        reason: "The item does not exist in this transaction",
      })
      return
    }
    if (tx.lease.status !== "signed") {
      result.failed.push({ sku: item.sku, quantity: quantity ?? 0, reason: "The item has not been signed yet" })
      return
    }
    const delta: Delta = new Map()
    const deliverable = available(lines, ["received", "shipped"], delta)
    const wanted = quantity ?? deliverable
    const n = Math.min(wanted, deliverable)
    if (n > 0) {
      result.cents += take(lines, n, ["received", "shipped"], delta)!
      commit(delta, "returned")
      result.done.push({ sku: item.sku, quantity: n })
    }
    if (wanted > n || wanted === 0) {
      const returned = lines.reduce((s, l) => s + l.returned, 0)
      const reason =
        returned > 0 && n === 0 ? "The item was already returned" : "The item has not been shipped or delivered"
      result.failed.push({ sku: item.sku, quantity: Math.max(wanted - n, 0), reason })
    }
  })
  return result
}

/** Credit/Refund: per (lineNumber, sku); item credits in whole units, capped per line; shipping capped at the line's shipping. */
export function creditLines(
  tx: Transaction,
  body: Record<string, unknown>,
  toCents: (v: unknown, field: string) => number,
) {
  const items = itemsOf(body, true)!
  if (!tx.finalized || !tx.lines.some((l) => l.shipped + l.received + l.returned > 0)) {
    throw new FsError(
      400,
      "TransactionNotFunded",
      "Credits apply to funded transactions (after delivery confirmation); cancel undelivered items instead",
    )
  }
  const pending = new Map<Line, { item: number; shipping: number }>()
  const plan = items.map((item, i) => {
    const lineNumber = item.lineNumber
    if (!Number.isInteger(lineNumber)) throw badRequest(`items[${i}].lineNumber`, "is required (the 1-based PO line)")
    if (typeof item.sku !== "string" || !item.sku) throw badRequest(`items[${i}].sku`, "is required")
    const line = tx.lines[(lineNumber as number) - 1]
    if (!line || line.sku !== item.sku) {
      throw new FsError(
        400,
        "InvalidLineItem",
        `items[${i}]: line ${String(lineNumber)} with SKU ${item.sku} is not in this transaction`,
        { lineNumber, sku: item.sku },
      )
    }
    const itemCents = item.itemCredit === undefined ? 0 : toCents(item.itemCredit, `items[${i}].itemCredit`)
    const shippingCents =
      item.shippingCredit === undefined ? 0 : toCents(item.shippingCredit, `items[${i}].shippingCredit`)
    if (itemCents + shippingCents === 0)
      throw badRequest(`items[${i}]`, "needs an itemCredit or a shippingCredit above zero")
    if (itemCents % line.costCents !== 0) {
      throw new FsError(
        400,
        "PartialItemCredit",
        `items[${i}].itemCredit must be the full cost of the item(s): a multiple of ${line.costCents / 100}`,
      )
    }
    const already = pending.get(line) ?? { item: 0, shipping: 0 }
    if (line.itemCreditedCents + already.item + itemCents > line.costCents * (line.quantity - line.canceled)) {
      throw new FsError(
        400,
        "CreditExceedsLine",
        `items[${i}]: the item credits on line ${String(lineNumber)} would exceed what the line cost`,
      )
    }
    if (line.shippingCreditedCents + already.shipping + shippingCents > line.shippingCents) {
      throw new FsError(
        400,
        "CreditExceedsLine",
        `items[${i}]: the shipping credits on line ${String(lineNumber)} would exceed its shipping cost`,
      )
    }
    pending.set(line, { item: already.item + itemCents, shipping: already.shipping + shippingCents })
    return { line, lineNumber: lineNumber as number, itemCents, shippingCents }
  })
  for (const p of plan) {
    p.line.itemCreditedCents += p.itemCents
    p.line.shippingCreditedCents += p.shippingCents
  }
  return plan
}
