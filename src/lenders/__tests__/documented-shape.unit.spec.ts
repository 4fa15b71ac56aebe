import {
  expectDocumentedCode,
  expectDocumentedShape,
  listedAssumptions,
  missingPaths,
  undocumentedPaths,
} from "./helpers/documented"

describe("documented-shape checks", () => {
  const doc = {
    id: "x",
    lease: { id: 1, status: "signed" },
    items: [
      { sku: "a", cost: 1 },
      { sku: "b", brand: "c" },
    ],
    meta: null,
  }

  it("names every field the document does not show, through objects and arrays", () => {
    const actual = {
      id: "x",
      transactionId: "t",
      lease: { id: 1, status: "signed", leaseNumber: "L" },
      items: [{ sku: "a", brand: "z", shipping: { cost: 1 } }],
      meta: { any: 1 },
    }
    expect(undocumentedPaths(actual, doc).sort()).toEqual(["items[].shipping", "lease.leaseNumber", "transactionId"])
  })

  it("names a field whose JSON type differs from the document's", () => {
    expect(undocumentedPaths({ id: 5 }, { id: "x" })).toEqual(["id (string documented, number here)"])
    expect(undocumentedPaths([{ externalData: { v: 1 } }], [{ externalData: "s" }])).toEqual([
      "[].externalData (string documented, object here)",
    ])
  })

  it("finds documented fields that are missing", () => {
    expect(missingPaths({ id: "x", lease: { id: 1 } }, doc).sort()).toEqual(["items", "lease.status", "meta"])
  })

  it("allows what a lender page lists in its assumptions table, and nothing else", () => {
    const listed = listedAssumptions("flexshopper")
    expect(listed.size).toBeGreaterThan(0)
    const example = { source: "test example", endpoint: "GET /x", response: { a: 1 } }
    expect(() => expectDocumentedShape("flexshopper", { a: 1, notInAnyDocumentZz: 2 }, example)).toThrow(
      /notInAnyDocumentZz/,
    )
    const someListed = [...listed][0]
    expect(() => expectDocumentedShape("flexshopper", { a: 1, [someListed]: 2 }, example)).not.toThrow()
    expect(() => expectDocumentedCode("flexshopper", "NoSuchCodeZz", ["TransactionNotFound"])).toThrow(/NoSuchCodeZz/)
    expect(() => expectDocumentedCode("flexshopper", "TransactionNotFound", ["TransactionNotFound"])).not.toThrow()
  })
})
