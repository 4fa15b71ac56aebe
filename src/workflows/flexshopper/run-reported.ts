// Used by the flexshopper-* subscribers: a failure is already in the financing log with a retry
// time (the reconcile job re-runs it), so the subscriber reports it and does not rethrow
// into the event bus, which would not retry it any better.
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

export async function runFlexShopperWorkflow(
  container: MedusaContainer,
  what: string,
  run: () => Promise<unknown>,
): Promise<void> {
  try {
    await run()
  } catch (error) {
    const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
    logger.warn(`FlexShopper ${what} failed and will be retried: ${(error as Error).message}`)
  }
}
