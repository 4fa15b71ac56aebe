// The invoice Payment Assist needs before it pays the dealer out (spec §5.7). The plugin builds
// this neutral document from the order; a renderer turns it into a file. Stores replace the
// default PDF renderer with their own (branding, VAT layout) through the `invoiceRenderer` option.
import type { InvoiceFiletype } from "../types"

export interface InvoiceParty {
  name: string
  /** Address lines, already formatted. */
  address: string[]
  email?: string
  vat_number?: string
}

export interface InvoiceLine {
  description: string
  quantity: number
  /** Major-unit decimal strings with the currency's digits ("450.00"): exact, ready to print. */
  unit_price: string
  total: string
}

export interface InvoiceDocument {
  /** The invoice number: the order's display id. */
  number: string
  order_id: string
  issued_at: Date
  currency_code: string
  seller: InvoiceParty
  customer: InvoiceParty
  lines: InvoiceLine[]
  subtotal: string
  shipping_total: string
  discount_total: string
  tax_total: string
  total: string
  /** How the order was paid: shown so the lender can match the invoice to its agreement. */
  finance: { lender: string; reference: string | null; application: string }
}

export interface RenderedInvoice {
  filetype: InvoiceFiletype
  data: Buffer
}

export type InvoiceRenderer = (invoice: InvoiceDocument) => RenderedInvoice | Promise<RenderedInvoice>
