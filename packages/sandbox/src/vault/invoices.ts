// Invoices ([INFERRED] endpoint — Vault's invoices come from its own flows, e.g. card orders;
// the plugin needs one per cart, so the simulator offers POST /invoice for an amount and
// currency). A merchant reference is unique per merchant: repeating a create returns the same
// invoice, which makes a retried create harmless.
import { randomUUID } from "node:crypto"
import type { Router } from "express"
import type { SimulatorContext } from "../types"
import { AmountError, fromMinor, toMinor } from "./decimal"
import { isObject, optionalString, principalOf, requireBearer, sendVaultError } from "./http"
import type { SimInvoice, VaultState } from "./model"

function presentInvoice(invoice: SimInvoice) {
  const { merchantId: _merchant, ...rest } = invoice
  return rest
}

export function registerInvoices(router: Router, ctx: SimulatorContext, state: VaultState): void {
  const auth = requireBearer(state, ctx.clock)

  router.post("/invoice", ctx.body.json(), auth, (req, res) => {
    const principal = principalOf(req)
    if (principal.kind !== "merchant") return sendVaultError(res, 403, "COMMON", "Only the merchant can issue invoices")
    const body = isObject(req.body) ? req.body : {}
    const currency = optionalString(body, "currency")?.toUpperCase()
    if (!currency || !/^[A-Z]{3,5}$/.test(currency))
      return sendVaultError(res, 400, "VALIDATION", "currency is required (ISO code or ticker)", "currency")
    let amount: string
    try {
      const minor = toMinor(body.amount, currency)
      if (minor <= 0n) return sendVaultError(res, 400, "VALIDATION", "amount must be greater than zero", "amount")
      amount = fromMinor(minor, currency)
    } catch (err) {
      const message = err instanceof AmountError ? err.message : "amount is invalid"
      return sendVaultError(res, 400, "VALIDATION", `amount: ${message}`, "amount")
    }
    const notifyUrl = optionalString(body, "notifyUrl")
    if (notifyUrl && !/^https?:\/\//i.test(notifyUrl))
      return sendVaultError(res, 400, "VALIDATION", "notifyUrl must be an http(s) URL", "notifyUrl")
    const reference = optionalString(body, "reference") ?? null

    if (reference) {
      const existing = state.invoices.find((i) => i.merchantId === principal.merchantId && i.reference === reference)
      if (existing) {
        if (existing.amount !== amount || existing.currency !== currency) {
          return sendVaultError(
            res,
            409,
            "DUPLICATE_REFERENCE",
            "An invoice with this reference exists for another amount",
            "reference",
          )
        }
        return res.status(200).json(presentInvoice(existing))
      }
    }
    const invoiceId = randomUUID()
    const invoice = state.invoices.set(invoiceId, {
      invoiceId,
      merchantId: principal.merchantId,
      amount,
      currency,
      reference,
      description: optionalString(body, "description") ?? null,
      notifyUrl: notifyUrl ?? null,
      status: "UNPAID",
      createdAt: ctx.clock.now().toISOString(),
    })
    res.status(201).json(presentInvoice(invoice))
  })

  router.get("/invoice/:invoiceId", auth, (req, res) => {
    const principal = principalOf(req)
    const invoice = state.invoices.get(req.params.invoiceId)
    if (!invoice || invoice.merchantId !== principal.merchantId) {
      return sendVaultError(res, 404, "INVOICE_NOT_FOUND", "Invoice not found", "invoiceId")
    }
    res.json(presentInvoice(invoice))
  })
}
