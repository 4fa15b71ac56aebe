// Returns and webhooks are open to anyone, and the ids in them (session_id, payment_session_id) are
// whatever the sender typed. A request that fails verification therefore proves nothing about the
// session it names: recording it in that session's financing history would let anyone flood a real
// order's history with "failed" rows. So it goes to the server log only, at info level, with no
// user-supplied value; only verified requests write history.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

export function noteUnverifiedRequest(scope: Pick<MedusaContainer, "resolve">, what: string, reason: string): void {
  try {
    scope
      .resolve(ContainerRegistrationKeys.LOGGER)
      .info(`${what} rejected (${reason}); nothing was changed or recorded.`)
  } catch {
    // No logger: nothing to do; the request is refused either way.
  }
}
