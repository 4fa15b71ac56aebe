// One reconcile pass: payment sessions still waiting on a lender, orders whose last lender call
// was interrupted, and fulfillment-side confirmations that failed and are due again (each
// lender's own retry, reused as is).
import type { MedusaContainer } from "@medusajs/framework/types"
import { retryFlexShopperOperations, type RetryOutcome } from "../flexshopper/retry"
import { retryNewDayConfirmations, type NewDayConfirmationOutcome } from "../newday/confirmations"
import { retryPaymentAssistInvoices, type InvoiceRetryOutcome } from "../payment-assist/retry-invoices"
import { cancelLeftoverPayments, type CanceledOrderOutcome } from "./canceled-orders"
import { loadOrderSync, reconcileInterruptedOperations, type OrderReconcileOutcome, type SyncFinancingForOrder } from "./orders"
import { reconcileWaitingSessions, type SessionReconcileOutcome } from "./sessions"

export interface FinancingReconcileOptions {
  /** "Now" for ages, expiries and backoff (tests move it forward instead of waiting). */
  now?: Date
  /** How old a session must be before the job polls its lender. */
  minSessionAgeMs?: number
  lenders?: string[]
  /** Defaults to syncFinancingForOrder from src/workflows/sync, when present. */
  syncOrder?: SyncFinancingForOrder
}

export interface FinancingReconcileSummary {
  sessions: SessionReconcileOutcome[]
  orders: OrderReconcileOutcome[]
  /** Canceled orders whose lender payment Medusa failed to cancel. */
  canceledOrders: CanceledOrderOutcome[]
  confirmations: {
    "payment-assist": InvoiceRetryOutcome[]
    flexshopper: RetryOutcome[]
    newday: NewDayConfirmationOutcome[]
  }
  errors: string[]
}

function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message
  return typeof message === "string" && message ? message : "unexpected error"
}

export async function runFinancingReconcile(container: MedusaContainer, options: FinancingReconcileOptions = {}): Promise<FinancingReconcileSummary> {
  const now = options.now ?? new Date()
  const summary: FinancingReconcileSummary = { sessions: [], orders: [], canceledOrders: [], confirmations: { "payment-assist": [], flexshopper: [], newday: [] }, errors: [] }
  // Each part on its own: one lender being down must not stop the others.
  const part = async (name: string, work: () => Promise<void>) => {
    try {
      await work()
    } catch (error) {
      summary.errors.push(`${name}: ${messageOf(error)}`)
    }
  }
  await part("sessions", async () => {
    summary.sessions = await reconcileWaitingSessions(container, { now, minAgeMs: options.minSessionAgeMs, lenders: options.lenders })
  })
  await part("orders", async () => {
    summary.orders = await reconcileInterruptedOperations(container, { now, sync: options.syncOrder ?? (await loadOrderSync()) })
  })
  await part("canceled orders", async () => {
    summary.canceledOrders = await cancelLeftoverPayments(container, now, options.lenders)
  })
  const wants = (lender: string) => !options.lenders || options.lenders.includes(lender)
  if (wants("payment-assist")) await part("payment-assist invoices", async () => void (summary.confirmations["payment-assist"] = await retryPaymentAssistInvoices(container, now)))
  if (wants("flexshopper")) await part("flexshopper confirmations", async () => void (summary.confirmations.flexshopper = await retryFlexShopperOperations(container, { now })))
  if (wants("newday")) await part("newday confirmations", async () => void (summary.confirmations.newday = await retryNewDayConfirmations(container, now)))
  return summary
}
