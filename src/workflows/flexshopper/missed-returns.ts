// Received returns on FlexShopper orders whose `order.return_received` the subscriber never saw
// (reconcile/missed-events.ts says how events get lost): one received more than the grace period
// ago, with no return entry in the financing log, is returned and credited now by the
// subscriber's own returnAndCredit (once per return: its log keys and per-return lock). A return
// whose entry exists is the retry job's business (failed → retried when due), not this one's.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { FLEXSHOPPER_PROVIDER_ID } from "../../providers/flexshopper/session-data"
import {
  keyedLogOf,
  missedEventWindow,
  ordersPaidWith,
  runMissed,
  withoutLogEntry,
  type KeyedLog,
  type MissedEventOutcome,
} from "../reconcile/missed-events"
import {
  flexShopperReturnKey,
  returnAndCredit as defaultReturnAndCredit,
  type ReturnAndCreditInput,
} from "./return-and-credit"

export interface MissedReturnDeps {
  log?: KeyedLog
  returnAndCredit?: (
    container: MedusaContainer,
    input: ReturnAndCreditInput,
  ) => Promise<{ skipped?: string; credited_cents?: number }>
}

export async function creditMissedReturns(
  container: MedusaContainer,
  now: Date,
  deps: MissedReturnDeps = {},
): Promise<MissedEventOutcome[]> {
  const log = deps.log ?? keyedLogOf(container)
  const run = deps.returnAndCredit ?? defaultReturnAndCredit
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "return",
    fields: ["id", "order_id"],
    filters: { received_at: missedEventWindow(now) } as never,
  })
  const returns = data as Array<{ id: string; order_id: string }>
  if (!returns.length) return []
  const financed = await ordersPaidWith(
    container,
    returns.map((r) => r.order_id),
    FLEXSHOPPER_PROVIDER_ID,
  )
  const missed = await withoutLogEntry(
    log,
    returns.filter((r) => financed.has(r.order_id)),
    (r) => flexShopperReturnKey(r.id),
  )
  // A failure is logged by returnAndCredit as a failed entry, which the retry job takes from here.
  return runMissed(missed, async (r) => (await run(container, { order_id: r.order_id, return_id: r.id })).skipped)
}
