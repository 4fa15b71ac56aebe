// The financing log's writes as single SQL statements. Every lender call that moves money writes
// a row before it is sent and completes it afterwards, so these two writes sit on the checkout's
// path: through the module service's ORM path each cost a transaction (BEGIN, statement, COMMIT)
// plus entity hydration, ~2 ms; one INSERT/UPDATE … RETURNING costs one round trip. The columns
// and their encoding (numeric amount with its raw_amount twin, jsonb, soft delete) are the ones
// models/financing-operation.ts defines; the module test reads rows written here back through
// the ORM to keep the two in step.
import { generateEntityId } from "@medusajs/framework/utils"
import type {
  FindOperationFilter,
  FinancingOperationDTO,
  RecordFinancingOperationInput,
  UpdateFinancingOperationInput,
} from "./types"

export interface SqlStatement {
  sql: string
  params: unknown[]
}

/** Columns a caller may write, in insert order; `raw_amount` follows `amount` automatically. */
const WRITABLE = [
  "provider_id",
  "lender",
  "payment_session_id",
  "payment_id",
  "order_id",
  "fulfillment_id",
  "operation",
  "outcome",
  "amount",
  "currency_code",
  "lender_reference",
  "references",
  "error_code",
  "error_message",
  "http_status",
  "attempts",
  "correlation_id",
  "idempotency_key",
  "detail",
  "next_attempt_at",
  "completed_at",
] as const

const JSON_COLUMNS = new Set(["references", "detail"])

const RETURNING = `returning "id", ${WRITABLE.map((c) => `"${c}"`).join(", ")}, "created_at", "updated_at"`

/** The value bound for a column, and its placeholder (jsonb travels as text and is cast). */
function bind(column: string, value: unknown): { placeholder: string; value: unknown } {
  if (value === undefined || value === null) return { placeholder: "?", value: null }
  if (JSON_COLUMNS.has(column)) return { placeholder: "?::jsonb", value: JSON.stringify(value) }
  return { placeholder: "?", value }
}

/** Medusa's bigNumber columns keep the exact value twice: numeric, and { value, precision } as jsonb. */
function amountText(amount: unknown): string | null {
  if (amount === undefined || amount === null) return null
  const text =
    typeof amount === "object" && "value" in (amount as object) ? (amount as { value: unknown }).value : amount
  return String(text)
}

export function insertOperationStatement(input: RecordFinancingOperationInput & Record<string, unknown>): SqlStatement {
  const columns: string[] = ["id"]
  const placeholders: string[] = ["?"]
  const params: unknown[] = [generateEntityId(undefined, "finop")]
  for (const column of WRITABLE) {
    if (input[column] === undefined) continue
    const value = column === "amount" ? amountText(input.amount) : input[column]
    const bound = bind(column, value)
    columns.push(column)
    placeholders.push(bound.placeholder)
    params.push(bound.value)
    if (column === "amount") {
      columns.push("raw_amount")
      placeholders.push("?::jsonb")
      params.push(value === null ? null : JSON.stringify({ value, precision: 20 }))
    }
  }
  return {
    sql: `insert into "financing_operation" (${columns.map((c) => `"${c}"`).join(", ")}) values (${placeholders.join(", ")}) ${RETURNING}`,
    params,
  }
}

/** One UPDATE of the given fields (undefined leaves a column alone); `increment_attempts` counts in SQL. */
export function updateOperationStatement(id: string, patch: UpdateFinancingOperationInput): SqlStatement {
  const { increment_attempts, ...fields } = patch as UpdateFinancingOperationInput & Record<string, unknown>
  const sets: string[] = []
  const params: unknown[] = []
  for (const column of WRITABLE) {
    const raw = (fields as Record<string, unknown>)[column]
    if (raw === undefined) continue
    const value = column === "amount" ? amountText(raw) : raw
    const bound = bind(column, value)
    sets.push(`"${column}" = ${bound.placeholder}`)
    params.push(bound.value)
    if (column === "amount") {
      sets.push(`"raw_amount" = ?::jsonb`)
      params.push(value === null ? null : JSON.stringify({ value, precision: 20 }))
    }
  }
  // In SQL, so two concurrent retries both count.
  if (increment_attempts && fields.attempts === undefined) sets.push(`"attempts" = "attempts" + 1`)
  sets.push(`"updated_at" = now()`)
  params.push(id)
  return {
    sql: `update "financing_operation" set ${sets.join(", ")} where "id" = ? and "deleted_at" is null ${RETURNING}`,
    params,
  }
}

/** Which of `keys` have at least one live row (the reconcile job's sweep for missed events). */
export function loggedKeysStatement(keys: readonly string[]): SqlStatement {
  return {
    sql:
      `select distinct "idempotency_key" from "financing_operation" ` +
      `where "idempotency_key" in (${keys.map(() => "?").join(", ")}) and "deleted_at" is null`,
    params: [...keys],
  }
}

/** The newest row matching the filter (lender_reference: any of the values). */
export function findOperationStatement(where: FindOperationFilter): SqlStatement {
  const conditions = [`"lender" = ?`, `"deleted_at" is null`]
  const params: unknown[] = [where.lender]
  if (where.operation) {
    conditions.push(`"operation" = ?`)
    params.push(where.operation)
  }
  if (where.lender_reference !== undefined) {
    const refs = ([] as string[]).concat(where.lender_reference)
    conditions.push(refs.length ? `"lender_reference" in (${refs.map(() => "?").join(", ")})` : "false")
    params.push(...refs)
  }
  return {
    sql: `select * from "financing_operation" where ${conditions.join(" and ")} order by "created_at" desc, "id" desc limit 1`,
    params,
  }
}

/** findOperationStatement's rule for one row in memory (in-memory logs of unit tests use it). */
export function operationMatches(
  op: { lender: string; operation: string; lender_reference: string | null },
  where: FindOperationFilter,
): boolean {
  if (op.lender !== where.lender || (where.operation && op.operation !== where.operation)) return false
  if (where.lender_reference === undefined) return true
  return op.lender_reference !== null && ([] as string[]).concat(where.lender_reference).includes(op.lender_reference)
}

/** A returned row as the DTO the ORM path gives (the amount as exact decimal text). */
export function operationFromRow(row: Record<string, unknown>): FinancingOperationDTO {
  return {
    ...(row as unknown as FinancingOperationDTO),
    amount: row.amount === null || row.amount === undefined ? null : String(row.amount),
    attempts: Number(row.attempts),
    http_status: row.http_status === null || row.http_status === undefined ? null : Number(row.http_status),
  }
}
