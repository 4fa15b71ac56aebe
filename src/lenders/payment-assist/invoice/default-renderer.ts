// The default invoice: a plain, one-column PDF with everything a finance company checks
// (seller, customer, lines, totals, the finance agreement reference).
import { renderTextPdf, type PdfLine } from "./pdf"
import type { InvoiceDocument, RenderedInvoice } from "./document"

const SYMBOLS: Record<string, string> = { gbp: "£", usd: "$", eur: "€" }

function money(amount: string, currency: string): string {
  const symbol = SYMBOLS[currency.toLowerCase()]
  return symbol
    ? `${amount.startsWith("-") ? "-" : ""}${symbol}${amount.replace(/^-/, "")}`
    : `${amount} ${currency.toUpperCase()}`
}

export function invoiceLines(doc: InvoiceDocument): PdfLine[] {
  const m = (amount: string) => money(amount, doc.currency_code)
  const party = (label: string, p: InvoiceDocument["seller"]): PdfLine[] => [
    { text: label, bold: true, gapBefore: 8 },
    { text: p.name },
    ...p.address.filter(Boolean).map((text) => ({ text })),
    ...(p.email ? [{ text: p.email }] : []),
    ...(p.vat_number ? [{ text: `VAT number: ${p.vat_number}` }] : []),
  ]
  return [
    { text: `Invoice ${doc.number}`, bold: true, size: 18 },
    { text: `Date: ${doc.issued_at.toISOString().slice(0, 10)}`, gapBefore: 4 },
    { text: `Order: ${doc.order_id}` },
    ...party("From", doc.seller),
    ...party("Bill to", doc.customer),
    { text: "Items", bold: true, gapBefore: 12 },
    ...doc.lines.map((l) => ({ text: `${l.quantity} x ${l.description} @ ${m(l.unit_price)} = ${m(l.total)}` })),
    { text: `Subtotal: ${m(doc.subtotal)}`, gapBefore: 10 },
    { text: `Shipping: ${m(doc.shipping_total)}` },
    ...(doc.discount_total !== "0.00" && doc.discount_total !== "0"
      ? [{ text: `Discount: -${m(doc.discount_total)}` }]
      : []),
    { text: `Tax: ${m(doc.tax_total)}` },
    { text: `Total: ${m(doc.total)}`, bold: true, size: 12 },
    {
      text: `Paid with ${doc.finance.lender} finance${doc.finance.reference ? `, agreement ${doc.finance.reference}` : ""}.`,
      gapBefore: 14,
    },
  ]
}

export function renderInvoicePdf(doc: InvoiceDocument): RenderedInvoice {
  return {
    filetype: "pdf",
    data: renderTextPdf(invoiceLines(doc), { title: `Invoice ${doc.number}`, author: doc.seller.name }),
  }
}
