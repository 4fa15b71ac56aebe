// Once a day: deletes financing log rows past the module option `operationRetentionDays` (default
// two years; 0 or null turns this off). Apart from the five-minute reconcile job so a long first
// purge never delays reconciliation, and at night, when the log is written least.
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { FINANCING_MODULE } from "../modules/financing/constants"
import type FinancingModuleService from "../modules/financing/service"

export default async function financingLogRetention(container: MedusaContainer) {
  const financing = container.resolve<FinancingModuleService>(FINANCING_MODULE)
  const deleted = await financing.purgeOperations({ now: new Date() })
  if (deleted) {
    container
      .resolve<Logger>(ContainerRegistrationKeys.LOGGER)
      .info(`Financing log retention: ${deleted} finished operations past the retention period deleted`)
  }
}

export const config = { name: "financing-log-retention", schedule: "17 3 * * *" }
