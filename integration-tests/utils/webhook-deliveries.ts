// Lender webhooks are acknowledged before they are processed (src/workflows/webhooks): a 200 from
// the route means "recorded", and the effect (order placed, collection failed) follows from the
// event bus. Specs wait for it here instead of assuming it at answer time.
import type { MedusaContainer } from "@medusajs/framework/types"
import { FINANCING_MODULE } from "../../src/modules/financing/constants"
import type FinancingModuleService from "../../src/modules/financing/service"
import { waitFor } from "./wait"

type Resolver = Pick<MedusaContainer, "resolve">

/** Webhook deliveries recorded and not processed yet (pending), optionally of one lender. */
export async function pendingWebhookDeliveries(container: Resolver, lender?: string): Promise<number> {
  const financing = container.resolve<FinancingModuleService>(FINANCING_MODULE)
  const [, count] = await financing.listAndCountFinancingOperations(
    { operation: "webhook", outcome: "pending", ...(lender && { lender }) } as never,
    { take: 1 } as never,
  )
  return count
}

/** Waits until every recorded webhook delivery has been processed (none left pending). */
export async function webhooksProcessed(container: Resolver, lender?: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    `${lender ?? "lender"} webhook deliveries to be processed`,
    async () => (await pendingWebhookDeliveries(container, lender)) === 0,
    timeoutMs,
  )
}

/** The sandbox's deliveries answered, then their processing done: the in-process replacement for `webhooks.idle()`. */
export async function webhooksSettled(
  sandbox: { webhooks: { idle(): Promise<unknown> } },
  container: Resolver,
  lender?: string,
): Promise<void> {
  await sandbox.webhooks.idle()
  await webhooksProcessed(container, lender)
}
