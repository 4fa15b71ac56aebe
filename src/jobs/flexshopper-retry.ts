// Every five minutes: re-run FlexShopper shipment/receipt confirmations, captures, returns and
// credits that failed and are due again (backoff and attempt cap in the financing log).
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { retryFlexShopperOperations } from "../workflows/flexshopper/retry"

export default async function flexShopperRetry(container: MedusaContainer) {
  const outcomes = await retryFlexShopperOperations(container)
  const failed = outcomes.filter((o) => o.outcome === "failed")
  if (outcomes.length) {
    container.resolve<Logger>(ContainerRegistrationKeys.LOGGER).info(`FlexShopper retry: ${outcomes.length - failed.length} succeeded, ${failed.length} still failing`)
  }
}

export const config = { name: "flexshopper-retry", schedule: "*/5 * * * *" }
