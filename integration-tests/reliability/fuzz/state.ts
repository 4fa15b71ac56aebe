// What a rejected request must leave unchanged: the lenders' ledgers (money, applications,
// shipments), and in Medusa's database the orders, payments, payment sessions, completed carts,
// lender secrets and every financing-log entry except the audit rows of rejected requests
// (outcome "failed": forged webhooks and returns are recorded on purpose, and change nothing).
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { SANDBOX_LENDER_SLUGS, type SandboxHandle } from "../../../packages/sandbox/src"

export interface StateSnapshot {
  ledger: number
  orders: number
  payments: number
  payment_sessions: number
  completed_carts: number
  secrets: number
  operations_not_failed: number
}

const COUNTS: Record<Exclude<keyof StateSnapshot, "ledger">, string> = {
  orders: `SELECT count(*)::int AS n FROM "order"`,
  payments: `SELECT count(*)::int AS n FROM payment`,
  payment_sessions: `SELECT count(*)::int AS n FROM payment_session WHERE deleted_at IS NULL`,
  completed_carts: `SELECT count(*)::int AS n FROM cart WHERE completed_at IS NOT NULL`,
  secrets: `SELECT count(*)::int AS n FROM financing_session_secret WHERE deleted_at IS NULL`,
  operations_not_failed: `SELECT count(*)::int AS n FROM financing_operation WHERE outcome <> 'failed'`,
}

export async function snapshotState(container: MedusaContainer, sandbox: SandboxHandle): Promise<StateSnapshot> {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const out = {
    ledger: SANDBOX_LENDER_SLUGS.reduce((sum, slug) => sum + sandbox.ledger(slug).list({}).length, 0),
  } as StateSnapshot
  for (const [name, sql] of Object.entries(COUNTS)) {
    const result = await knex.raw(sql)
    out[name as keyof typeof COUNTS] = Number(result.rows[0].n)
  }
  return out
}

/** The names of what changed between two snapshots (empty when nothing did). */
export function changes(before: StateSnapshot, after: StateSnapshot): string[] {
  return (Object.keys(before) as Array<keyof StateSnapshot>)
    .filter((k) => before[k] !== after[k])
    .map((k) => `${k} ${before[k]}→${after[k]}`)
}
