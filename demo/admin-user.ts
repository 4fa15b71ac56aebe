// Creates the demo's admin user once (email + password login), the way `medusa user` does, but
// idempotently so re-running the demo is safe.
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createUserAccountWorkflow } from "@medusajs/medusa/core-flows"

export async function ensureAdminUser(container: MedusaContainer, email: string, password: string): Promise<string> {
  const users = container.resolve(Modules.USER)
  const [existing] = await users.listUsers({ email })
  if (existing) return existing.id

  const auth = container.resolve(Modules.AUTH)
  const { authIdentity, error } = await auth.register("emailpass", { body: { email, password } })
  if (error || !authIdentity) {
    throw new Error(`Could not register the admin login ${email}: ${error ?? "no identity returned"}`)
  }
  const { result } = await createUserAccountWorkflow(container).run({
    input: { authIdentityId: authIdentity.id, userData: { email } },
  })
  return result.id
}
