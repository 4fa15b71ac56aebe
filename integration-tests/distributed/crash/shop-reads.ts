// What a crash cell reads back from the shop: orders per cart, what is still pending in the
// financing log, the admin widget's view of an order, and a reconcile pass run "later".
import { waitFor } from "../../utils/wait"
import { startDistributedShop, type DistributedShop } from "../cluster"
import { redisCommands } from "../redis"

/** Past every reconcile window (15 min for interrupted calls, 60 s for webhook deliveries). */
export const RECONCILE_LATER_MS = 16 * 60_000

export async function ordersForCart(shop: DistributedShop, cartId: string): Promise<string[]> {
  const rows = await shop.sql<{ order_id: string }>(
    `SELECT oc.order_id FROM order_cart oc JOIN "order" o ON o.id = oc.order_id
      WHERE oc.cart_id = $1 AND oc.deleted_at IS NULL AND o.deleted_at IS NULL`,
    [cartId],
  )
  return rows.map((r) => r.order_id)
}

/** financing_operation rows still pending, written since `since` (the cell's start: one cell's leftovers are its own). */
export async function pendingOperations(shop: DistributedShop, since: Date): Promise<number> {
  const [row] = await shop.sql<{ n: string }>(
    `SELECT count(*) AS n FROM financing_operation
      WHERE outcome = 'pending' AND deleted_at IS NULL AND created_at >= $1`,
    [since],
  )
  return Number(row.n)
}

/** The same rows by name, oldest first: "operation (lender): error or reconcile reason". */
export async function pendingOperationWords(shop: DistributedShop, since: Date): Promise<string> {
  const rows = await shop.sql<{
    operation: string
    lender: string
    error_message: string | null
    reason: string | null
  }>(
    `SELECT operation, lender, error_message, detail->>'reason' AS reason FROM financing_operation
      WHERE outcome = 'pending' AND deleted_at IS NULL AND created_at >= $1 ORDER BY created_at, id`,
    [since],
  )
  return rows
    .map((r) => {
      const why = r.error_message ?? r.reason
      return `${r.operation} (${r.lender})${why ? `: ${why.slice(0, 120)}` : ""}`
    })
    .join(", ")
}

/** The financing log of a payment session or an order, oldest first, as "operation outcome" words. */
export async function logWords(
  shop: DistributedShop,
  where: { sessionId?: string; orderId?: string },
): Promise<string> {
  const rows = await shop.sql<{ operation: string; outcome: string; error_code: string | null }>(
    `SELECT operation, outcome, error_code FROM financing_operation
      WHERE deleted_at IS NULL AND (payment_session_id = $1 OR order_id = $2)
      ORDER BY created_at, id`,
    [where.sessionId ?? null, where.orderId ?? null],
  )
  return (
    rows.map((r) => `${r.operation} ${r.outcome}${r.error_code ? ` (${r.error_code})` : ""}`).join(", ") || "nothing"
  )
}

export interface WidgetView {
  authorized: string
  captured: string
  refunded: string
  status: string
  pending: number
}

/** GET /admin/financing/orders/:id — what the order widget shows. */
export async function widgetView(shop: DistributedShop, orderId: string): Promise<WidgetView | undefined> {
  const { data } = await shop.api.get(`/admin/financing/orders/${orderId}`, shop.admin)
  const financing = data.financing as {
    amounts: { authorized: string; captured: string; refunded: string }
    status: { label: string }
    history: Array<{ outcome: string }>
  } | null
  if (!financing) return undefined
  return {
    authorized: financing.amounts.authorized,
    captured: financing.amounts.captured,
    refunded: financing.amounts.refunded,
    status: financing.status.label,
    pending: financing.history.filter((h) => h.outcome === "pending").length,
  }
}

/**
 * Runs the worker's reconcile job as its run after the waiting windows would (`later` on from
 * now: 16 minutes, or more for a run after an earlier one's backoff); returns its summary.
 */
export async function reconcileLater(shop: DistributedShop, later = RECONCILE_LATER_MS): Promise<unknown> {
  const before = shop.app.jobRuns().length
  shop.app.triggerJob({ nowOffsetMs: later })
  const run = await waitFor("a reconcile run in the worker", async () => shop.app.jobRuns()[before], 120_000)
  if (run.error) throw new Error(`the reconcile run failed: ${run.error}`)
  return run.summary
}

/**
 * Waits until no Redis lock names the cart. A process killed mid-completion leaves Medusa's cart
 * lock behind until its TTL (two minutes) runs out; nothing can complete the cart before that —
 * not the shopper's retry, not the reconcile job — which is part of the time to consistency.
 */
export async function cartLockReleased(shop: DistributedShop, cartId: string): Promise<void> {
  await waitFor(
    `Medusa's lock on ${cartId} to expire`,
    async () => {
      const reply = await redisCommands(shop.redisUrl, [["KEYS", `*${cartId}*`]])
      return reply.split("\r\n").includes("*0")
    },
    180_000,
  )
}

/** The reconcile job's run after the first one's backoff (an hour later). */
export function reconcileAgain(shop: DistributedShop) {
  return {
    who: "reconcile job (a later run, after its backoff)",
    run: () => reconcileLater(shop, RECONCILE_LATER_MS + 60 * 60_000),
  }
}

/** Recovery steps for a completion killed while it held the cart lock: the job now, then after the lock expired. */
export function reconcileAfterCartLock(shop: DistributedShop, cartId: string) {
  return [
    { who: "reconcile job (its next run after the window)", run: () => reconcileLater(shop) },
    {
      who: "reconcile job (a later run, once the dead process's cart lock expired)",
      run: async () => {
        await cartLockReleased(shop, cartId)
        return reconcileLater(shop, RECONCILE_LATER_MS + 60 * 60_000)
      },
    },
  ]
}

/** The shop every crash spec runs: server and worker on Redis, the kill proxy, the reconcile job on demand. */
export function startCrashShop(env: Record<string, string> = {}): Promise<DistributedShop> {
  return startDistributedShop({ jobUnderTest: "financing-reconcile", proxy: true, env })
}
