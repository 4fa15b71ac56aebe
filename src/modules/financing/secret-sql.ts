// Session secrets read, written and deleted in one statement each. NewDay's authorise reads and
// writes its shopper and SCA state around the lender call; through the ORM path a write was a
// transaction with a lookup and then an insert or update (and a retry when two first writes
// raced). An upsert on the scope's partial unique index (models/financing-session-secret.ts) does
// it in one round trip and cannot race.
import { generateEntityId } from "@medusajs/framework/utils"
import type { SqlStatement } from "./operation-sql"
import type { NormalizedSecretScope } from "./secret-scope"

const RETURNED = `"id", "lender", "purpose", "payment_session_id", "cart_id", "key_id", "expires_at"`

/** Both candidate rows of a lookup, the session's own first, then the cart's (stored before the session existed). */
export function selectSecretStatement(scope: NormalizedSecretScope): SqlStatement {
  return {
    sql:
      `select ${RETURNED}, "ciphertext" from "financing_session_secret" ` +
      `where "lender" = ? and "purpose" = ? and "deleted_at" is null ` +
      `and ("payment_session_id" = ? or ("payment_session_id" is null and "cart_id" = ?)) ` +
      `order by ("payment_session_id" is null) asc limit 2`,
    params: [scope.lender, scope.purpose, scope.payment_session_id, scope.cart_id],
  }
}

/** The conflict target: the partial unique index the scope's row falls under. */
function conflictTarget(scope: NormalizedSecretScope): string {
  return scope.payment_session_id
    ? `("lender", "purpose", "payment_session_id") where "payment_session_id" is not null and "deleted_at" is null`
    : `("lender", "purpose", "cart_id") where "payment_session_id" is null and "cart_id" is not null and "deleted_at" is null`
}

export function upsertSecretStatement(
  scope: NormalizedSecretScope,
  sealed: { ciphertext: string; key_id: string },
  expiresAt: Date | null,
): SqlStatement {
  return {
    sql:
      `insert into "financing_session_secret" ("id", "lender", "purpose", "payment_session_id", "cart_id", "ciphertext", "key_id", "expires_at") ` +
      `values (?, ?, ?, ?, ?, ?, ?, ?) on conflict ${conflictTarget(scope)} do update set ` +
      `"cart_id" = excluded."cart_id", "ciphertext" = excluded."ciphertext", "key_id" = excluded."key_id", ` +
      `"expires_at" = excluded."expires_at", "updated_at" = now() returning ${RETURNED}`,
    params: [
      generateEntityId(undefined, "finsec"),
      scope.lender,
      scope.purpose,
      scope.payment_session_id,
      scope.cart_id,
      sealed.ciphertext,
      sealed.key_id,
      expiresAt,
    ],
  }
}

/** Hard delete (secrets are not kept once done with) of the session's and/or cart's rows. */
export function deleteSecretsStatement(filter: {
  payment_session_id: string | null
  cart_id: string | null
  lender?: string
  purpose?: string
}): SqlStatement {
  const owners: string[] = []
  const params: unknown[] = []
  if (filter.payment_session_id) {
    owners.push(`"payment_session_id" = ?`)
    params.push(filter.payment_session_id)
  }
  if (filter.cart_id) {
    owners.push(`"cart_id" = ?`)
    params.push(filter.cart_id)
  }
  const where = [`(${owners.join(" or ")})`]
  if (filter.lender) {
    where.push(`"lender" = ?`)
    params.push(filter.lender)
  }
  if (filter.purpose) {
    where.push(`"purpose" = ?`)
    params.push(filter.purpose)
  }
  return { sql: `delete from "financing_session_secret" where ${where.join(" and ")} returning "id"`, params }
}
