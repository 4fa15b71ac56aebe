import { FLEXSHOPPER_STATUS_MAP, sessionStatusOf } from "../status"
import type { FsTransactionItem } from "../../../lenders/flexshopper/types"

const items = (...q: Array<Partial<FsTransactionItem["quantityByStatus"]>>): FsTransactionItem[] =>
  q.map((s, i) => ({
    description: "x",
    sku: `SKU-${i}`,
    brand: "n/a",
    cost: 10,
    quantity: 2,
    quantityByStatus: { ordered: 2, ...s },
  }))
const tx = (status: "pending" | "signed", ...q: Array<Partial<FsTransactionItem["quantityByStatus"]>>) => ({
  lease: { id: "l", status },
  items: items(...q),
})

describe("sessionStatusOf (FlexShopper transaction → Medusa session status)", () => {
  it.each([
    ["no transaction yet", null, false, "pending"],
    ["every item canceled", tx("signed", { canceled: 2 }), true, "canceled"],
    ["canceled before signing", tx("pending", { canceled: 2 }), false, "canceled"],
    ["lease not signed", tx("pending", {}), false, "requires_more"],
    ["signed, not finalized (the plugin's own record)", tx("signed", {}), false, "pending"],
    ["finalized, nothing delivered", tx("signed", {}), true, "authorized"],
    ["finalized, partly shipped", tx("signed", { shipped: 1 }), true, "authorized"],
    ["all shipped (FlexShopper was told of every unit)", tx("signed", { shipped: 2 }), true, "captured"],
    ["received in store + canceled", tx("signed", { received: 1, canceled: 1 }), true, "captured"],
    ["returned after delivery", tx("signed", { returned: 2 }), true, "captured"],
  ] as const)("%s → %s", (_name, transaction, finalized, expected) => {
    expect(sessionStatusOf({ transaction, finalized })).toBe(expected)
  })

  it("names a Medusa status for every lease state", () => {
    expect(Object.keys(FLEXSHOPPER_STATUS_MAP).sort()).toEqual([
      "awaiting_signature",
      "canceled",
      "confirmed",
      "finalized",
      "no_transaction",
      "signed",
    ])
  })
})
