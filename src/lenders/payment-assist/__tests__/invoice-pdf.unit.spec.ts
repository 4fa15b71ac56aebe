import { renderInvoicePdf } from "../invoice/default-renderer"
import type { InvoiceDocument } from "../invoice/document"
import { renderTextPdf } from "../invoice/pdf"

/** Checks what a PDF reader relies on: every xref offset points at its object, startxref at xref. */
function assertWellFormed(pdf: Buffer) {
  const text = pdf.toString("latin1")
  expect(text.startsWith("%PDF-1.4\n")).toBe(true)
  expect(text.endsWith("%%EOF\n")).toBe(true)
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1])
  expect(text.slice(startxref, startxref + 4)).toBe("xref")
  const entries = text
    .slice(startxref)
    .split("\n")
    .slice(3)
    .filter((l) => / n $/.test(l))
  entries.forEach((entry, i) => {
    const offset = Number(entry.slice(0, 10))
    expect(text.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`)
  })
  for (const match of text.matchAll(/<< \/Length (\d+) >>\nstream\n/g)) {
    const start = match.index! + match[0].length
    expect(text.slice(start + Number(match[1]), start + Number(match[1]) + 10)).toBe("\nendstream")
  }
  return text
}

const invoice: InvoiceDocument = {
  number: "1001",
  order_id: "order_01",
  issued_at: new Date("2026-03-01T10:00:00Z"),
  currency_code: "gbp",
  seller: { name: "Sandbox Furniture Ltd", address: ["1 Demo Street", "London"] },
  customer: { name: "Jane Doe", address: ["1 High Street", "London", "SW1A 1AA"], email: "jane@example.com" },
  lines: [{ description: "Oak Dining Table (Natural)", quantity: 1, unit_price: "450.00", total: "450.00" }],
  subtotal: "450.00",
  shipping_total: "9.95",
  discount_total: "0.00",
  tax_total: "0.00",
  total: "459.95",
  finance: { lender: "Payment Assist", reference: "SBX-1", application: "tok" },
}

describe("text PDF writer", () => {
  it("writes a well-formed PDF 1.4 with a correct xref table and stream lengths", () => {
    assertWellFormed(renderTextPdf([{ text: "Hello" }, { text: "World", bold: true }], { title: "T" }))
  })

  it("escapes PDF string delimiters and writes £ in WinAnsi", () => {
    const text = assertWellFormed(renderTextPdf([{ text: "Total (incl. VAT) \\ £12.50 — ok" }]))
    expect(text).toContain("(Total \\(incl. VAT\\) \\\\ \xa312.50 ? ok) Tj")
  })

  it("breaks long documents into pages", () => {
    const lines = Array.from({ length: 120 }, (_, i) => ({ text: `Line ${i}` }))
    const text = assertWellFormed(renderTextPdf(lines))
    expect(Number(/\/Count (\d+)/.exec(text)![1])).toBeGreaterThan(1)
    expect(text).toContain("(Line 119) Tj")
  })
})

describe("default invoice renderer", () => {
  it("renders the invoice number, customer, lines, totals and the finance agreement", () => {
    const rendered = renderInvoicePdf(invoice)
    expect(rendered.filetype).toBe("pdf")
    const text = assertWellFormed(rendered.data)
    for (const expected of [
      "(Invoice 1001)",
      "(Jane Doe)",
      "(1 x Oak Dining Table \\(Natural\\) @ \xa3450.00 = \xa3450.00)",
      "(Total: \xa3459.95)",
      "(Paid with Payment Assist finance, agreement SBX-1.)",
    ]) {
      expect(text).toContain(expected)
    }
  })
})
