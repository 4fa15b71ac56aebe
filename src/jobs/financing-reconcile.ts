// Every five minutes: nothing stays pending for ever. Webhook deliveries that failed or were never
// processed are run again; payment sessions still waiting on a lender are polled (with backoff kept
// in the financing log) and completed, canceled or flagged; orders whose lender call was interrupted
// are synced; failed confirmations, settlements and invoice uploads that are due are retried, and
// Payment Assist's waiting applications are polled (each lender's scheduled work,
// src/workflows/lenders.ts).
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { runFinancingReconcile } from "../workflows/reconcile/run"

/** FINANCING_RECONCILE_MIN_SESSION_AGE_MS: how long a session may wait before it is polled (default 10 min). */
function minSessionAgeMs(): number | undefined {
  const raw = process.env.FINANCING_RECONCILE_MIN_SESSION_AGE_MS
  if (raw === undefined || raw.trim() === "") return undefined
  const value = Number(raw)
  return Number.isInteger(value) && value >= 0 ? value : undefined
}

/**
 * FINANCING_RECONCILE_JOB=off: the scheduled pass does nothing — for a store that runs
 * runFinancingReconcile from its own scheduler, and for test servers, whose assertions would
 * otherwise race a pass that starts on the wall clock's five-minute mark.
 */
export function scheduledPassOff(): boolean {
  return process.env.FINANCING_RECONCILE_JOB?.trim().toLowerCase() === "off"
}

export default async function financingReconcile(container: MedusaContainer) {
  if (scheduledPassOff()) return
  const summary = await runFinancingReconcile(container, { minSessionAgeMs: minSessionAgeMs() })
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const count = (result: string) => summary.sessions.filter((s) => s.result === result).length
  const confirmations = Object.values(summary.confirmations).flat()
  const acted =
    count("completed") +
    count("canceled") +
    count("action_required") +
    summary.closed.length +
    summary.orders.length +
    summary.canceledOrders.length +
    confirmations.length +
    summary.webhooks.length
  if (acted) {
    logger.info(
      `Financing reconcile: ${count("completed")} sessions completed, ${count("canceled")} canceled, ${count("action_required")} flagged, ` +
        `${count("waiting")} still waiting, ${summary.closed.length} finished outside the job; ${summary.orders.length} interrupted calls checked; ${summary.canceledOrders.length} canceled orders' payments canceled; ${confirmations.length} confirmations retried; ${summary.webhooks.length} webhook deliveries processed`,
    )
  }
  for (const error of summary.errors) logger.warn(`Financing reconcile: ${error}`)
}

export const config = { name: "financing-reconcile", schedule: "*/5 * * * *" }
