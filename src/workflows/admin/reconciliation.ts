// Reconciliation of one lender over a period: per payment, what Medusa recorded (captures,
// refunds) against what the lender confirmed (the financing log's successful confirming
// operations, each lender's `confirmedBy`). Mismatches first, then entries still awaiting the
// lender or a person, then matches. Pure, so every rule is unit-tested without Medusa; the reads
// are in reconciliation-load.ts.
import { fromMinorUnits, toMinorUnits, type AmountInput } from "../../lenders/money"
import type { LenderConfirmations } from "../../provider-kit/lender-definition"

export interface ReconciliationPayment {
  id: string
  order_id: string | null
  payment_session_id: string | null
  created_at: string | Date
  amount: AmountInput
  currency_code: string
  canceled_at?: string | Date | null
  captures: AmountInput[]
  refunds: AmountInput[]
  /** The lender's references in the payment's data (a confirmation may carry only these). */
  lender_references: string[]
}

export interface ReconciliationOperation {
  id: string
  operation: string
  outcome: string
  amount: AmountInput | null
  payment_id: string | null
  payment_session_id: string | null
  lender_reference: string | null
  idempotency_key: string | null
  created_at: string | Date
}

export type ReconciliationStatus = "mismatch" | "awaiting" | "matched"

export interface ReconciliationRow {
  payment_id: string
  order_id: string | null
  created_at: string
  currency_code: string
  /** Major-unit text in the payment's currency ("12.50"). */
  authorized: string
  medusa_captured: string
  lender_captured: string
  medusa_refunded: string
  lender_refunded: string
  /** Confirming operations that have not succeeded yet (pending, failed and due again, or waiting for a person). */
  awaiting: number
  status: ReconciliationStatus
  /** Plain sentences for the owner: what differs and what is still open. */
  problems: string[]
}

export interface ReconciliationCounts {
  mismatch: number
  awaiting: number
  matched: number
}

const STATUS_ORDER: Record<ReconciliationStatus, number> = { mismatch: 0, awaiting: 1, matched: 2 }

function minor(amount: AmountInput | null | undefined, currency: string): number {
  if (amount === null || amount === undefined) return 0
  return toMinorUnits(amount, currency)
}

const timeOf = (at: string | Date) => new Date(at).getTime()

/** The log entries that speak about this payment: by payment, by payment session or by the lender's reference. */
function operationsOf(payment: ReconciliationPayment, operations: ReconciliationOperation[]) {
  const references = new Set(payment.lender_references)
  return operations.filter(
    (op) =>
      op.payment_id === payment.id ||
      (payment.payment_session_id !== null && op.payment_session_id === payment.payment_session_id) ||
      (op.lender_reference !== null && references.has(op.lender_reference)),
  )
}

/**
 * One confirmation per intent: retries of one call share an idempotency key, and the lender
 * confirmed it if any attempt succeeded. A capture without a key is one per lender reference (a
 * Vault payment is paid once, however often its status was read); a refund without a key is its own.
 */
function confirmationsOf(operations: ReconciliationOperation[], kind: "captured" | "refunded") {
  const groups = new Map<string, ReconciliationOperation[]>()
  for (const op of operations) {
    const key = op.idempotency_key ?? (kind === "captured" ? `${op.operation}:${op.lender_reference ?? op.id}` : op.id)
    groups.set(key, [...(groups.get(key) ?? []), op])
  }
  let confirmed: ReconciliationOperation[] = []
  let awaiting = 0
  for (const group of groups.values()) {
    const succeeded = group
      .filter((op) => op.outcome === "succeeded")
      .sort((a, b) => timeOf(b.created_at) - timeOf(a.created_at))
    if (succeeded.length) confirmed = [...confirmed, succeeded[0]]
    else awaiting += 1
  }
  return { confirmed, awaiting }
}

function sumMinor(amounts: Array<AmountInput | null>, currency: string): number {
  return amounts.reduce<number>((sum, amount) => sum + minor(amount, currency), 0)
}

export function reconcilePayment(
  payment: ReconciliationPayment,
  operations: ReconciliationOperation[],
  confirmedBy: LenderConfirmations,
  lenderName: string,
): ReconciliationRow {
  const currency = payment.currency_code.toLowerCase()
  const mine = operationsOf(payment, operations)
  const captured = confirmationsOf(
    mine.filter((op) => confirmedBy.captured.includes(op.operation)),
    "captured",
  )
  const refunded = confirmationsOf(
    mine.filter((op) => confirmedBy.refunded.includes(op.operation)),
    "refunded",
  )
  const figures = {
    medusaCaptured: sumMinor(payment.captures, currency),
    lenderCaptured: sumMinor(
      captured.confirmed.map((op) => op.amount),
      currency,
    ),
    medusaRefunded: sumMinor(payment.refunds, currency),
    lenderRefunded: sumMinor(
      refunded.confirmed.map((op) => op.amount),
      currency,
    ),
  }
  const money = (value: number) => fromMinorUnits(value, currency)
  const problems: string[] = []
  if (figures.medusaCaptured !== figures.lenderCaptured) {
    problems.push(
      `Medusa recorded ${money(figures.medusaCaptured)} captured; ${lenderName} confirmed ${money(figures.lenderCaptured)}.`,
    )
  }
  if (figures.medusaRefunded !== figures.lenderRefunded) {
    problems.push(
      `Medusa recorded ${money(figures.medusaRefunded)} refunded; ${lenderName} confirmed ${money(figures.lenderRefunded)}.`,
    )
  }
  const awaiting = captured.awaiting + refunded.awaiting
  if (awaiting) {
    problems.push(
      `${awaiting} ${lenderName} operation${awaiting === 1 ? " has" : "s have"} not been confirmed yet (see the order's financing history).`,
    )
  }
  const differs = figures.medusaCaptured !== figures.lenderCaptured || figures.medusaRefunded !== figures.lenderRefunded
  return {
    payment_id: payment.id,
    order_id: payment.order_id,
    created_at: new Date(payment.created_at).toISOString(),
    currency_code: currency,
    authorized: money(minor(payment.amount, currency)),
    medusa_captured: money(figures.medusaCaptured),
    lender_captured: money(figures.lenderCaptured),
    medusa_refunded: money(figures.medusaRefunded),
    lender_refunded: money(figures.lenderRefunded),
    awaiting,
    status: differs ? "mismatch" : awaiting ? "awaiting" : "matched",
    problems,
  }
}

/** Every payment's row, mismatches first, then awaiting, then matched; newest first within each. */
export function reconcilePayments(
  payments: ReconciliationPayment[],
  operations: ReconciliationOperation[],
  confirmedBy: LenderConfirmations,
  lenderName: string,
): { rows: ReconciliationRow[]; counts: ReconciliationCounts } {
  const rows = payments
    .map((payment) => reconcilePayment(payment, operations, confirmedBy, lenderName))
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || timeOf(b.created_at) - timeOf(a.created_at))
  const counts: ReconciliationCounts = { mismatch: 0, awaiting: 0, matched: 0 }
  for (const row of rows) counts[row.status] += 1
  return { rows, counts }
}

const CSV_COLUMNS: Array<keyof ReconciliationRow> = [
  "status",
  "payment_id",
  "order_id",
  "created_at",
  "currency_code",
  "authorized",
  "medusa_captured",
  "lender_captured",
  "medusa_refunded",
  "lender_refunded",
  "awaiting",
  "problems",
]

/**
 * One CSV cell. Text a spreadsheet would run as a formula (=, +, -, @, tab, carriage return) gets
 * a leading apostrophe; amounts are written by us and never negative, so they pass unchanged.
 */
export function csvCell(value: unknown): string {
  let text = Array.isArray(value) ? value.join(" ") : value === null || value === undefined ? "" : String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function reconciliationCsv(rows: ReconciliationRow[]): string {
  const lines = [CSV_COLUMNS.join(","), ...rows.map((row) => CSV_COLUMNS.map((c) => csvCell(row[c])).join(","))]
  return `${lines.join("\r\n")}\r\n`
}
