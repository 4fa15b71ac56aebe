// docs/storefront/official-starter.md against the official starter's storefront: every documented
// edit finds its anchor exactly once in the starter (../shared/starters/dtc-starter), and applying
// them gives the files the guide promises. The browser test then builds and buys through the result.
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { applyStarterEdits, readStarterEdits } from "../../../../integration-tests/starter-storefront/apply-edits"

const STOREFRONT = path.resolve(__dirname, "../../../../../shared/starters/dtc-starter/apps/storefront")

describe("the official-starter guide's edits", () => {
  const edits = readStarterEdits()
  let dir: string
  beforeAll(() => {
    if (!fs.existsSync(path.join(STOREFRONT, "package.json")))
      throw new Error(`the starter snapshot is missing at ${STOREFRONT}`)
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "starter-edits-"))
    fs.cpSync(path.join(STOREFRONT, "src"), path.join(dir, "src"), { recursive: true })
    for (const p of [dir, ...fs.readdirSync(dir, { recursive: true }).map((f) => path.join(dir, String(f)))])
      fs.chmodSync(p, fs.statSync(p).isDirectory() ? 0o755 : 0o644)
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it("lists two new files and edits to the five starter files the guide names", () => {
    expect(edits.filter((e) => e.op === "new").map((e) => e.file)).toEqual([
      "src/lib/financing.tsx",
      "src/app/api/financing/[...lender]/route.ts",
    ])
    expect([...new Set(edits.filter((e) => e.op !== "new").map((e) => e.file))].sort()).toEqual([
      "src/lib/constants.tsx",
      "src/modules/checkout/components/payment-button/index.tsx",
      "src/modules/checkout/components/payment/index.tsx",
      "src/modules/order/components/payment-details/index.tsx",
      "src/modules/products/components/product-price/index.tsx",
    ])
  })

  it("applies to the starter: every anchor once, the lenders wired in, the order-page crash gone", () => {
    applyStarterEdits(dir, edits)
    const read = (file: string) => fs.readFileSync(path.join(dir, file), "utf8")
    expect(read("src/lib/constants.tsx")).toContain("FINANCING_PAYMENT_TITLES")
    expect(read("src/modules/order/components/payment-details/index.tsx")).not.toMatch(
      /paymentInfoMap\[payment\.provider_id\]\./,
    )
    const payment = read("src/modules/checkout/components/payment/index.tsx")
    expect(payment).toContain("<FinancingCheckout")
    expect(payment).toContain("<FinancingOffer")
    // The JSX stays balanced around the wrapped button: one "(" opened, one ")}" closed.
    expect(payment.indexOf("          ) : (\n          <Button")).toBeGreaterThan(0)
    expect(payment).toContain("          </Button>\n          )}\n")
    expect(read("src/app/api/financing/[...lender]/route.ts")).toContain("createFinancingReturnHandler")
  })

  it("refuses to apply twice (anchors no longer unique, new files already there)", () => {
    expect(() => applyStarterEdits(dir, edits)).toThrow(/already exists|occurs \d+ times/)
  })
})
