// What the admin order widget shows for an order paid through one of this plugin's lenders, built
// from what Medusa and the financing log already hold (no lender call): the payment and its
// captures/refunds, the payment's `data` (the lender's references), the order's fulfillments and
// the log entries. Pure, so the mapping is unit-tested without Medusa.
import { fromMinorUnits, toMinorUnits } from "../../lenders/money"
import { lenderFromProviderId, type LenderSlug } from "../../lenders/slugs"
import { lenderBySlug } from "../../providers/lenders"
import type { FinancingOperationDTO } from "../../modules/financing/types"
import { financingStatusLabel, normalizeFinancingStatus, type FinancingStatus } from "./status"

export interface SummaryPaymentRow {
  id: string
  provider_id: string
  amount: unknown
  currency_code?: string | null
  data?: Record<string, unknown> | null
  canceled_at?: string | Date | null
  captures?: Array<{ amount: unknown } | null> | null
  refunds?: Array<{ amount: unknown } | null> | null
}

export interface SummarySessionRow {
  id: string
  provider_id: string
  status?: string | null
  data?: Record<string, unknown> | null
}

export interface SummaryFulfillmentRow {
  id: string
  shipped_at?: string | Date | null
  delivered_at?: string | Date | null
  canceled_at?: string | Date | null
}

export interface SummaryInput {
  order_id: string
  currency_code: string
  payments: SummaryPaymentRow[]
  sessions: SummarySessionRow[]
  fulfillments: SummaryFulfillmentRow[]
  /** The order's financing log, newest first. */
  operations: FinancingOperationDTO[]
  /** Whether the lender is configured in this store (sync needs its client). */
  configured: (slug: LenderSlug) => boolean
}

export const CONFIRMATION_KINDS = ["shipment_confirmed", "receipt_confirmed", "invoice_uploaded", "settled"] as const
export type ConfirmationKind = (typeof CONFIRMATION_KINDS)[number]

/** Log operation → the fulfillment confirmation it stands for. */
const CONFIRMATION_OF: Record<string, ConfirmationKind> = {
  "ship-confirm": "shipment_confirmed",
  "receipt-confirm": "receipt_confirmed",
  "invoice-upload": "invoice_uploaded",
  "settle-shipment": "settled",
}

export interface FinancingConfirmation {
  kind: ConfirmationKind
  at: string
  outcome: FinancingOperationDTO["outcome"]
  operation_id: string
  error_message: string | null
}

export interface FinancingHistoryRow {
  id: string
  operation: string
  outcome: FinancingOperationDTO["outcome"]
  fulfillment_id: string | null
  lender_reference: string | null
  error_code: string | null
  error_message: string | null
  http_status: number | null
  attempts: number
  next_attempt_at: string | null
  created_at: string
  completed_at: string | null
  /** Waiting for a person: failed for good or action required, and not resolved since. */
  action_required: boolean
  retryable: boolean
}

export interface FinancingSummary {
  order_id: string
  lender: LenderSlug
  lender_name: string
  provider_id: string
  payment_id: string | null
  payment_session_id: string | null
  status: { value: FinancingStatus; label: string; lender_status: string | null }
  references: Record<string, unknown>
  amounts: { currency_code: string; authorized: string; captured: string; refunded: string }
  fulfillments: Array<{
    fulfillment_id: string
    shipped_at: string | null
    delivered_at: string | null
    confirmations: FinancingConfirmation[]
  }>
  /** Confirmations logged for the order without a fulfillment (e.g. an invoice re-uploaded from the admin). */
  order_confirmations: FinancingConfirmation[]
  history: FinancingHistoryRow[]
  actions: {
    sync: boolean
    upload_invoice: boolean
    /** Fulfillments whose shipment FlexShopper knows of but whose receipt it does not. */
    confirm_receipt: string[]
    /** Ids of operations that can be retried. */
    retry: string[]
  }
}

const iso = (value: string | Date | null | undefined): string | null => (value ? new Date(value).toISOString() : null)
const text = (data: Record<string, unknown> | null | undefined, key: string): string | null => {
  const value = data?.[key]
  return typeof value === "string" && value ? value : null
}

function minor(value: unknown, currency: string): number {
  if (value === null || value === undefined) return 0
  return toMinorUnits(value as never, currency)
}

/** The plugin payment that speaks for the order: a live one first, else the newest canceled one. */
export function pickFinancingPayment(payments: SummaryPaymentRow[]): SummaryPaymentRow | undefined {
  const ours = payments.filter((p) => lenderFromProviderId(p.provider_id))
  return ours.find((p) => !p.canceled_at) ?? ours[ours.length - 1]
}

/** Two log rows are about the same piece of work (a later success resolves an earlier failure). */
function sameWork(a: FinancingOperationDTO, b: FinancingOperationDTO): boolean {
  if (a.idempotency_key && b.idempotency_key) return a.idempotency_key === b.idempotency_key
  return a.operation === b.operation && (a.fulfillment_id ?? null) === (b.fulfillment_id ?? null)
}

/** Failed or action-required rows with no later success of the same work. Rows are newest first. */
function unresolved(operations: FinancingOperationDTO[]): Set<string> {
  const open = new Set<string>()
  operations.forEach((op, index) => {
    if (op.outcome !== "failed" && op.outcome !== "action_required") return
    // Checkout-time history (before there was an order or a payment) is not the admin's to act on.
    if (!op.order_id && !op.payment_id) return
    const newer = operations.slice(0, index)
    if (!newer.some((other) => other.outcome === "succeeded" && sameWork(other, op))) open.add(op.id)
  })
  return open
}

function confirmationOf(op: FinancingOperationDTO): FinancingConfirmation | undefined {
  const kind = CONFIRMATION_OF[op.operation]
  if (!kind) return undefined
  return {
    kind,
    at: iso(op.completed_at ?? op.created_at)!,
    outcome: op.outcome,
    operation_id: op.id,
    error_message: op.error_message ?? null,
  }
}

/** Newest entry per kind (rows are newest first). */
function latestPerKind(operations: FinancingOperationDTO[]): FinancingConfirmation[] {
  const byKind = new Map<ConfirmationKind, FinancingConfirmation>()
  for (const op of operations) {
    const confirmation = confirmationOf(op)
    if (confirmation && !byKind.has(confirmation.kind)) byKind.set(confirmation.kind, confirmation)
  }
  return CONFIRMATION_KINDS.filter((k) => byKind.has(k)).map((k) => byKind.get(k)!)
}

/** The lender's references in payment data (all already visible there, none a secret). */
export function lenderReferences(
  lender: LenderSlug,
  data: Record<string, unknown> | null | undefined,
): Record<string, unknown> {
  return lenderBySlug(lender).adminReferences(data)
}

/** The lender's own status word as last seen (providers and the sync keep it in payment data). */
export function lenderStatusOf(lender: LenderSlug, data: Record<string, unknown> | null | undefined): string | null {
  return lenderBySlug(lender).statusWordOf(data)
}

export function buildFinancingSummary(input: SummaryInput): FinancingSummary | null {
  const payment = pickFinancingPayment(input.payments)
  const session = payment
    ? input.sessions.find((s) => s.provider_id === payment.provider_id)
    : input.sessions.find((s) => lenderFromProviderId(s.provider_id))
  const lender = lenderFromProviderId(payment?.provider_id ?? session?.provider_id)
  if (!lender) return null

  const currency = (payment?.currency_code || input.currency_code).toLowerCase()
  const data = (payment?.data ?? session?.data ?? {}) as Record<string, unknown>
  const authorizedMinor = payment ? minor(payment.amount, currency) : 0
  const capturedMinor = (payment?.captures ?? []).reduce((sum, c) => sum + (c ? minor(c.amount, currency) : 0), 0)
  const refundedMinor = (payment?.refunds ?? []).reduce((sum, r) => sum + (r ? minor(r.amount, currency) : 0), 0)

  const operations = input.operations.filter((op) => op.lender === lender)
  const open = unresolved(operations)
  const retryable = new Set(lenderBySlug(lender).retryableOperations)
  const history: FinancingHistoryRow[] = operations.map((op) => ({
    id: op.id,
    operation: op.operation,
    outcome: op.outcome,
    fulfillment_id: op.fulfillment_id ?? null,
    lender_reference: op.lender_reference ?? null,
    error_code: op.error_code ?? null,
    error_message: op.error_message ?? null,
    http_status: op.http_status ?? null,
    attempts: op.attempts,
    next_attempt_at: iso(op.next_attempt_at),
    created_at: iso(op.created_at)!,
    completed_at: iso(op.completed_at),
    action_required: open.has(op.id) && (op.outcome === "action_required" || !op.next_attempt_at),
    retryable: open.has(op.id) && retryable.has(op.operation),
  }))

  const lenderStatus = lenderStatusOf(lender, data)
  const value = normalizeFinancingStatus({
    authorizedMinor,
    capturedMinor,
    refundedMinor,
    canceled: Boolean(payment?.canceled_at),
    hasPayment: Boolean(payment),
    lenderStatus,
    actionRequired: operations.some((op) => open.has(op.id) && op.outcome === "action_required"),
  })

  const fulfillments = input.fulfillments
    .filter((f) => !f.canceled_at)
    .map((f) => ({
      fulfillment_id: f.id,
      shipped_at: iso(f.shipped_at),
      delivered_at: iso(f.delivered_at),
      confirmations: latestPerKind(operations.filter((op) => op.fulfillment_id === f.id)),
    }))
  const succeeded = (confirmations: FinancingConfirmation[], kind: ConfirmationKind) =>
    confirmations.some((c) => c.kind === kind && c.outcome === "succeeded")
  const live = Boolean(payment && !payment.canceled_at)

  return {
    order_id: input.order_id,
    lender,
    lender_name: lenderBySlug(lender).name,
    provider_id: payment?.provider_id ?? session!.provider_id,
    payment_id: payment?.id ?? null,
    payment_session_id: session?.id ?? null,
    status: { value, label: financingStatusLabel(value), lender_status: lenderStatus },
    references: lenderReferences(lender, data),
    amounts: {
      currency_code: currency,
      authorized: fromMinorUnits(authorizedMinor, currency),
      captured: fromMinorUnits(capturedMinor, currency),
      refunded: fromMinorUnits(refundedMinor, currency),
    },
    fulfillments,
    order_confirmations: latestPerKind(operations.filter((op) => !op.fulfillment_id)),
    history,
    actions: {
      sync: Boolean(payment) && input.configured(lender),
      upload_invoice: lender === "payment-assist" && live && Boolean(text(data, "token")) && input.configured(lender),
      confirm_receipt:
        lender === "flexshopper" && live && data.status === "finalized" && input.configured(lender)
          ? fulfillments
              .filter(
                (f) =>
                  succeeded(f.confirmations, "shipment_confirmed") && !succeeded(f.confirmations, "receipt_confirmed"),
              )
              .map((f) => f.fulfillment_id)
          : [],
      retry: input.configured(lender) ? history.filter((h) => h.retryable).map((h) => h.id) : [],
    },
  }
}
