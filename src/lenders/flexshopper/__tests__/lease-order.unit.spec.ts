import { LeaseOrderError, buildLeaseOrder, leaseDigest, leaseMismatches, leaseTotalCents } from "../lease-order"

const source = {
  items: [
    { sku: "TABLE-OAK-NAT", description: "Oak Dining Table", brand: "Oakworks", quantity: 1, totalCents: 59900 },
    { sku: "CHAIR-WING-GRN", description: "Reading Armchair", quantity: 3, totalCents: 80000 },
  ],
  shippingCents: 1495,
  shippingMethod: "Standard",
  totalCents: 141395,
}

describe("buildLeaseOrder", () => {
  it("uses per-unit costs after discounts, splitting a line that does not divide evenly, shipping on line 1", () => {
    const order = buildLeaseOrder("cart_1-ab", source)
    expect(order.cost).toBe(1413.95)
    expect(order.items.map((i) => [i.sku, i.quantity, i.cost, i.brand, i.shipping?.cost])).toEqual([
      ["TABLE-OAK-NAT", 1, 599, "Oakworks", 14.95],
      ["CHAIR-WING-GRN", 2, 266.67, "n/a", 0],
      ["CHAIR-WING-GRN", 1, 266.66, "n/a", 0],
    ])
    expect(leaseTotalCents(order.items)).toBe(141395)
  })

  it("refuses items without SKU, carts below $49.95, and totals that are not items + shipping", () => {
    const code = (fn: () => unknown) => {
      try {
        fn()
      } catch (e) {
        return (e as LeaseOrderError).code
      }
      return "none"
    }
    expect(code(() => buildLeaseOrder("t", { ...source, items: [{ ...source.items[0], sku: " " }] }))).toBe("missing_sku")
    expect(code(() => buildLeaseOrder("t", { items: [{ sku: "LAMP", description: "Lamp", quantity: 1, totalCents: 4500 }], shippingCents: 0, totalCents: 4500 }))).toBe("below_lease_minimum")
    expect(code(() => buildLeaseOrder("t", { ...source, totalCents: 131395 }))).toBe("unsupported_adjustments")
    expect(code(() => buildLeaseOrder("t", { ...source, items: [] }))).toBe("empty_cart")
  })
})

describe("leaseMismatches / leaseDigest", () => {
  const order = buildLeaseOrder("t", source)
  const tx = (items = order.items) => ({ items: items.map((i) => ({ ...i, quantityByStatus: { ordered: i.quantity } })) })

  it("finds nothing wrong with the same lease, and the digest is stable", () => {
    expect(leaseMismatches(order, tx())).toEqual([])
    expect(leaseDigest(tx().items)).toBe(leaseDigest(order.items))
  })

  it("names a swapped SKU, a changed quantity, a cheaper unit and a different total", () => {
    const swapped = tx([{ ...order.items[0], sku: "TABLE-OAK-SMK" }, ...order.items.slice(1)])
    expect(leaseMismatches(order, swapped)).toEqual(["line 1 is SKU TABLE-OAK-SMK in the lease but TABLE-OAK-NAT in the cart"])
    expect(leaseDigest(swapped.items)).not.toBe(leaseDigest(order.items))
    const cheaper = tx([{ ...order.items[0], cost: 1 }, ...order.items.slice(1)])
    expect(leaseMismatches(order, cheaper)).toEqual([
      "the lease total is $815.95 but the cart total is $1413.95",
      "line 1 (TABLE-OAK-NAT) costs $1.00 in the lease but $599.00 in the cart",
    ])
    expect(leaseMismatches(order, tx(order.items.slice(0, 2)))).toContain("the lease has 2 line(s) but the cart has 3")
  })
})
