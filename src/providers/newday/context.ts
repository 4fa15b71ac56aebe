// What the NewDay provider's flows share: options, the client, and operation tracking bound to
// this lender (every call is logged in the financing log and failures become MedusaErrors). The
// provider builds one; so does a workflow that runs a flow outside the provider (reverse-on-cancel).
import type { Logger } from "@medusajs/framework/types"
import type { NewDayClient } from "../../lenders/newday/client"
import { NEWDAY_NAME } from "../../lenders/newday/name"
import { providerIdFor } from "../../lenders/slugs"
import { lenderTracker, type Track, type TrackedOperation } from "../../provider-kit/track-operation"
import type { NewDayProviderOptions } from "./options"

export const NEWDAY_PROVIDER_ID = providerIdFor("newday")

/** What every call of one flow shares (session, amount, currency); each call adds its operation. */
export type OperationBase = Omit<TrackedOperation, "operation">

export interface NewDayContext {
  options: NewDayProviderOptions
  client: NewDayClient
  logger?: Logger
  track: Track
}

export function createNewDayContext(
  options: NewDayProviderOptions,
  client: NewDayClient,
  logger?: Logger,
): NewDayContext {
  return {
    options,
    client,
    logger,
    track: lenderTracker({ lender: "newday", lenderName: NEWDAY_NAME, providerId: NEWDAY_PROVIDER_ID, logger }),
  }
}
