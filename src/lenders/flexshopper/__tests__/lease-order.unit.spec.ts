import {
  LeaseOrderError,
  buildLeaseOrder,
  leaseDigest,
  leaseMismatches,
  leaseOrderTotalCents,
  transactionTotalCents,
} from "../lease-order"

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
  it("one line per SKU with a whole-cent unit cost; the rounding remainder joins the shipping on line 1", () => {
    const order = buildLeaseOrder("cart_1-ab", source)
    expect(order.cost).toBe(1413.95)
    // $800.00 over 3 chairs: $266.66 each and 2 cents over, carried with the $14.95 shipping.
    expect(order.items.map((i) => [i.sku, i.quantity, i.cost, i.brand, i.shipping?.cost])).toEqual([
      ["TABLE-OAK-NAT", 1, 599, "Oakworks", 14.97],
      ["CHAIR-WING-GRN", 3, 266.66, "n/a", 0],
    ])
    expect(leaseOrderTotalCents(order)).toBe(141395)
    expect(new Set(order.items.map((i) => i.sku)).size).toBe(order.items.length)
  })

  it("merges cart items that share a SKU into one line, exact to the cent", () => {
    const order = buildLeaseOrder("t", {
      items: [
        { sku: "MUG", description: "Mug", quantity: 2, totalCents: 1999 },
        { sku: "MUG", description: "Mug (gift)", quantity: 1, totalCents: 1000 },
        { sku: "TABLE", description: "Table", quantity: 1, totalCents: 59900 },
      ],
      shippingCents: 0,
      totalCents: 62899,
    })
    expect(order.items.map((i) => [i.sku, i.quantity, i.cost, i.shipping?.cost])).toEqual([
      ["MUG", 3, 9.99, 0.02],
      ["TABLE", 1, 599, 0],
    ])
    expect(leaseOrderTotalCents(order)).toBe(62899)
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
    expect(code(() => buildLeaseOrder("t", { ...source, items: [{ ...source.items[0], sku: " " }] }))).toBe(
      "missing_sku",
    )
    expect(
      code(() =>
        buildLeaseOrder("t", {
          items: [{ sku: "LAMP", description: "Lamp", quantity: 1, totalCents: 4500 }],
          shippingCents: 0,
          totalCents: 4500,
        }),
      ),
    ).toBe("below_lease_minimum")
    expect(code(() => buildLeaseOrder("t", { ...source, totalCents: 131395 }))).toBe("unsupported_adjustments")
    expect(code(() => buildLeaseOrder("t", { ...source, items: [] }))).toBe("empty_cart")
  })
})

describe("leaseMismatches / leaseDigest", () => {
  const order = buildLeaseOrder("t", source)
  // What Get Transaction documents: items without shipping, the shipping as top-level shippingCost.
  const tx = (items = order.items, shippingCost = 14.97) => ({
    shippingCost,
    items: items.map(({ description, sku, brand, cost, quantity }) => ({
      description,
      sku,
      brand,
      cost,
      quantity,
      quantityByStatus: { ordered: quantity },
    })),
  })

  it("finds nothing wrong with the same lease (shipping read from the top-level shippingCost), and the digest is stable", () => {
    expect(leaseMismatches(order, tx())).toEqual([])
    expect(transactionTotalCents(tx())).toBe(141395)
    expect(leaseDigest(tx())).toBe(leaseDigest(tx()))
    expect(leaseDigest(tx(order.items, 0))).not.toBe(leaseDigest(tx()))
  })

  it("names a different shipping charge", () => {
    expect(leaseMismatches(order, tx(order.items, 0))).toEqual([
      "the lease total is $1398.98 but the cart total is $1413.95",
      "the lease's shipping is $0.00 but the cart's is $14.97",
    ])
  })

  it("names a swapped SKU, a changed quantity, a cheaper unit and a different total", () => {
    const swapped = tx([{ ...order.items[0], sku: "TABLE-OAK-SMK" }, ...order.items.slice(1)])
    expect(leaseMismatches(order, swapped)).toEqual([
      "line 1 is SKU TABLE-OAK-SMK in the lease but TABLE-OAK-NAT in the cart",
    ])
    expect(leaseDigest(swapped)).not.toBe(leaseDigest(tx()))
    const cheaper = tx([{ ...order.items[0], cost: 1 }, ...order.items.slice(1)])
    expect(leaseMismatches(order, cheaper)).toEqual([
      "the lease total is $815.95 but the cart total is $1413.95",
      "line 1 (TABLE-OAK-NAT) costs $1.00 in the lease but $599.00 in the cart",
    ])
    expect(leaseMismatches(order, tx(order.items.slice(0, 1)))).toContain("the lease has 1 line(s) but the cart has 2")
  })
})
