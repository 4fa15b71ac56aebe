// Shipped fulfillments of NewDay orders whose shipment.created the subscriber never saw
// (reconcile/missed-events.ts says how events get lost): with settleOn "shipment", one shipped
// more than the grace period ago with no settlement in the log is settled now by the subscriber's
// own settleNewDayShipment (planned from what is already captured, so never twice). Without this
// the shipped goods would stay authorised at NewDay, unpaid, until the authorisation expired.
import type { MedusaContainer } from "@medusajs/framework/types"
import { providerIdFor } from "../../lenders/slugs"
import { findLenderOptions } from "../../provider-kit/provider-options"
import { newDayLender } from "../../providers/newday/lender"
import type { NewDayProviderOptions } from "../../providers/newday/options"
import {
  missedFulfillments,
  runMissed,
  type MissedEventDeps,
  type MissedEventOutcome,
} from "../reconcile/missed-events"
import { settleNewDayShipment as defaultSettle, type NewDayConfirmationOutcome } from "./confirmations"
import { newDayShipmentKey } from "./settle-shipment"

export interface MissedShipmentDeps extends MissedEventDeps {
  settle?: (container: MedusaContainer, fulfillmentId: string) => Promise<NewDayConfirmationOutcome>
  /** The owner's settleOn (default: read from Settings → Financing and the options). */
  settlesOnShipment?: boolean
}

async function settlesOnShipment(container: MedusaContainer): Promise<boolean> {
  const options = await findLenderOptions<NewDayProviderOptions>(container, newDayLender)
  return options !== undefined && options.settleOn !== "capture"
}

export async function settleMissedNewDayShipments(
  container: MedusaContainer,
  now: Date,
  deps: MissedShipmentDeps = {},
): Promise<MissedEventOutcome[]> {
  if (!(deps.settlesOnShipment ?? (await settlesOnShipment(container)))) return []
  const settle = deps.settle ?? defaultSettle
  const missed = await missedFulfillments(container, deps, {
    providerId: providerIdFor("newday"),
    event: "shipped_at",
    now,
    keyOf: (f) => newDayShipmentKey(f.id),
  })
  // settleNewDayShipment logs a failure itself (retried when due) and returns it.
  return runMissed(missed, async (f) => {
    const outcome = await settle(container, f.id)
    if (outcome.outcome !== "succeeded") throw new Error(outcome.error ?? outcome.outcome)
    return undefined
  })
}
