import { sessionStatusOf } from "../status"
import type { FsTransactionItem } from "../types"

const items = (...q: Array<Partial<FsTransactionItem["quantityByStatus"]>>): FsTransactionItem[] =>
  q.map((s, i) => ({ description: "x", sku: `SKU-${i}`, brand: "n/a", cost: 10, quantity: 2, quantityByStatus: { ordered: 2, ...s } }))
const tx = (status: "pending" | "signed", ...q: Array<Partial<FsTransactionItem["quantityByStatus"]>>) => ({ lease: { id: "l", status }, items: items(...q) })

describe("sessionStatusOf (FlexShopper transaction → Medusa session status)", () => {
  it.each([
    ["no transaction yet", null, false, "shipment", "pending"],
    ["every item canceled", tx("signed", { canceled: 2 }), true, "shipment", "canceled"],
    ["canceled before signing", tx("pending", { canceled: 2 }), false, "shipment", "canceled"],
    ["lease not signed", tx("pending", {}), false, "shipment", "requires_more"],
    ["signed, not finalized", tx("signed", {}), false, "shipment", "pending"],
    ["finalized, nothing delivered", tx("signed", {}), true, "shipment", "authorized"],
    ["finalized, partly shipped", tx("signed", { shipped: 1 }), true, "shipment", "authorized"],
    ["all shipped, capture on shipment", tx("signed", { shipped: 2 }), true, "shipment", "captured"],
    ["all shipped, capture on receipt", tx("signed", { shipped: 2 }), true, "receipt", "authorized"],
    ["received + canceled, capture on receipt", tx("signed", { received: 1, canceled: 1 }), true, "receipt", "captured"],
    ["returned after delivery", tx("signed", { returned: 2 }), true, "receipt", "captured"],
  ] as const)("%s → %s", (_name, transaction, finalized, captureOn, expected) => {
    expect(sessionStatusOf({ transaction, finalized, captureOn })).toBe(expected)
  })
})
