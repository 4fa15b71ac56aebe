// What the NewDay provider's flows share: options, the client, and operation tracking bound to
// this lender (every call is logged in the financing log and failures become MedusaErrors).
import type { Logger } from "@medusajs/framework/types"
import type { NewDayClient } from "../../lenders/newday"
import { LENDER_NAMES, providerIdFor } from "../../lenders/slugs"
import { type TrackedOperation, type TrackedResult, trackLenderOperation } from "../../provider-kit"
import type { NewDayProviderOptions } from "./options"

export const NEWDAY_PROVIDER_ID = providerIdFor("newday")

type Base = Omit<TrackedOperation, "operation">

export type Track = <T>(
  operation: Partial<TrackedOperation> & { operation: string },
  call: () => Promise<T>,
  describe?: (result: T) => TrackedResult
) => Promise<T>

export interface NewDayContext {
  options: NewDayProviderOptions
  client: NewDayClient
  logger?: Logger
  /** Binds the session/payment/amount once; each call adds its operation and key. */
  tracked(base: Base): Track
}

export function createNewDayContext(options: NewDayProviderOptions, client: NewDayClient, logger?: Logger): NewDayContext {
  const target = { lender: "newday", lenderName: LENDER_NAMES.newday, providerId: NEWDAY_PROVIDER_ID, logger }
  return {
    options,
    client,
    logger,
    tracked: (base) => (operation, call, describe) => trackLenderOperation(target, { ...base, ...operation } as TrackedOperation, call, describe),
  }
}
