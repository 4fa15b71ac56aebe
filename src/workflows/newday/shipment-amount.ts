// How much a shipment settles (pure, pence): the shipped units' share of each line's total
// (after discounts and tax), plus the shipping charge with the first settlement; the shipment
// that completes the order settles whatever is left, so rounding never strands a penny; never
// more than the payment still has uncaptured.
export interface ShipmentLine {
  id: string
  quantity: number
  totalMinor: number
}

export interface ShipmentSettlementInput {
  lines: ShipmentLine[]
  /** Units of each line in THIS shipment. */
  shipped: Record<string, number>
  /** Units of each line shipped so far, this shipment included (canceled fulfillments excluded). */
  shippedSoFar: Record<string, number>
  shippingTotalMinor: number
  paymentAmountMinor: number
  capturedMinor: number
}

export function shipmentSettlementMinor(input: ShipmentSettlementInput): number {
  const uncaptured = input.paymentAmountMinor - input.capturedMinor
  if (uncaptured <= 0) return 0
  const complete = input.lines.every((line) => (input.shippedSoFar[line.id] ?? 0) >= line.quantity)
  if (complete) return uncaptured

  let amount = input.capturedMinor === 0 ? input.shippingTotalMinor : 0
  for (const line of input.lines) {
    const units = Math.min(input.shipped[line.id] ?? 0, line.quantity)
    if (units <= 0 || line.quantity <= 0) continue
    // Integer share, rounded down; the completing shipment picks up the remainders.
    amount += Number((BigInt(line.totalMinor) * BigInt(units)) / BigInt(line.quantity))
  }
  return Math.min(amount, uncaptured)
}
