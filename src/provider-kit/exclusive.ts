// Work that must not run twice at the same time for the same key: a lender callback delivered
// twice at once, a one-use nonce posted from two tabs. Medusa's locking module makes it hold
// across server processes too (Redis in production, in-memory in one process).
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

/** Long enough for a cart completion behind the lock; a waiter past it fails and is retried. */
const DEFAULT_TIMEOUT_SECONDS = 60

export function exclusively<T>(
  container: Pick<MedusaContainer, "resolve">,
  key: string,
  work: () => Promise<T>,
  timeoutSeconds = DEFAULT_TIMEOUT_SECONDS,
): Promise<T> {
  return container.resolve(Modules.LOCKING).execute(key, work, { timeout: timeoutSeconds })
}

/**
 * The lock for everything that acts on one lender reference (an application token, a payment id):
 * its webhook, the shopper's return and the status-polling job use the same key, so whichever
 * comes second finds the work done instead of doing it again.
 */
export function lenderReferenceLockKey(lender: string, reference: string): string {
  return `financing:${lender}:${reference}`
}
