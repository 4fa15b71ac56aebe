// Received returns on FlexShopper orders whose `order.return_received` the subscriber never saw.
// Medusa releases a workflow's events from the orchestrator's "finish" notification, which the
// workflow engine does not await: the admin's "confirm receipt" can be answered before the event
// reaches the event bus, and a server that dies in that moment loses it — and with it Return Items
// and the credit at FlexShopper (subscribers/flexshopper-on-return.ts). The reconcile job reads
// Medusa's returns instead: one received more than MISSED_RETURN_GRACE_MS ago on a FlexShopper
// order, with no return entry in the financing log, is returned and credited now by the
// subscriber's own returnAndCredit (once per return: its log keys and per-return lock). A return
// whose entry exists is the retry job's business (failed → retried when due), not this one's.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { FinancingLog } from "../../modules/financing/types"
import { financingOf } from "../reconcile/schedule"
import { messageOf } from "../../provider-kit/message-of"
import { FLEXSHOPPER_PROVIDER_ID } from "../../providers/flexshopper/session-data"
import {
  flexShopperReturnKey,
  returnAndCredit as defaultReturnAndCredit,
  type ReturnAndCreditInput,
} from "./return-and-credit"

/** Long enough for the subscriber to have run (it does within seconds when the event arrives). */
export const MISSED_RETURN_GRACE_MS = 5 * 60 * 1000
/** Returns received longer ago than this are left alone (a person has dealt with them by then). */
const LOOK_BACK_MS = 14 * 24 * 60 * 60 * 1000

export interface MissedReturnOutcome {
  return_id: string
  order_id: string
  result: "credited" | "skipped" | "failed"
  detail?: string
}

interface ReturnRow {
  id: string
  order_id: string
}

interface OrderRow {
  id: string
  payment_collections?: Array<{ payments?: Array<{ provider_id: string }> }>
}

export async function creditMissedReturns(
  container: MedusaContainer,
  now: Date,
  deps: {
    log?: Pick<FinancingLog, "findOperationByIdempotencyKey">
    returnAndCredit?: (
      container: MedusaContainer,
      input: ReturnAndCreditInput,
    ) => Promise<{ skipped?: string; credited_cents?: number }>
  } = {},
): Promise<MissedReturnOutcome[]> {
  const log = deps.log ?? financingOf(container)
  const run = deps.returnAndCredit ?? defaultReturnAndCredit
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: returns } = await query.graph({
    entity: "return",
    fields: ["id", "order_id"],
    filters: {
      received_at: {
        $gte: new Date(now.getTime() - LOOK_BACK_MS),
        $lte: new Date(now.getTime() - MISSED_RETURN_GRACE_MS),
      },
    } as never,
  })
  if (!returns.length) return []
  const orderIds = [...new Set((returns as ReturnRow[]).map((r) => r.order_id))]
  const { data: orders } = await query.graph({
    entity: "order",
    fields: ["id", "payment_collections.payments.provider_id"],
    filters: { id: orderIds },
  })
  const financed = new Set(
    (orders as OrderRow[])
      .filter((o) =>
        (o.payment_collections ?? []).some((c) =>
          (c.payments ?? []).some((p) => p.provider_id === FLEXSHOPPER_PROVIDER_ID),
        ),
      )
      .map((o) => o.id),
  )
  const outcomes: MissedReturnOutcome[] = []
  for (const ret of returns as ReturnRow[]) {
    if (!financed.has(ret.order_id)) continue
    if (await log.findOperationByIdempotencyKey(flexShopperReturnKey(ret.id))) continue
    const base = { return_id: ret.id, order_id: ret.order_id }
    try {
      const done = await run(container, { order_id: ret.order_id, return_id: ret.id })
      outcomes.push(
        done.skipped ? { ...base, result: "skipped", detail: done.skipped } : { ...base, result: "credited" },
      )
    } catch (error) {
      // Logged by returnAndCredit as a failed entry, which the retry job takes from here.
      outcomes.push({ ...base, result: "failed", detail: messageOf(error) })
    }
  }
  return outcomes
}
