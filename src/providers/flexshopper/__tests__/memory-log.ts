// An in-memory FinancingLog for provider unit tests (the real one is the financing module).
import { operationMatches } from "../../../modules/financing/operation-sql"
import type { FinancingLog, FinancingOperationDTO, FinancingSecretScope } from "../../../modules/financing/types"

export function memoryLog(): FinancingLog & { operations: FinancingOperationDTO[]; secrets: Map<string, unknown> } {
  const operations: FinancingOperationDTO[] = []
  const secrets = new Map<string, unknown>()
  const key = (s: FinancingSecretScope, by: "session" | "cart") =>
    `${s.lender}|${s.purpose}|${by === "session" ? `s:${s.payment_session_id}` : `c:${s.cart_id}`}`
  return {
    operations,
    secrets,
    async recordOperation(input) {
      const op = { id: `op_${operations.length + 1}`, attempts: 1, ...input } as unknown as FinancingOperationDTO
      operations.push(op)
      return op
    },
    async updateOperation(id, patch) {
      const op = operations.find((o) => o.id === id)!
      Object.assign(op, patch)
      return op
    },
    async findOperationByIdempotencyKey(k) {
      return [...operations].reverse().find((o) => o.idempotency_key === k) ?? null
    },
    async findOperation(where) {
      return [...operations].reverse().find((o) => operationMatches(o, where)) ?? null
    },
    async putSecret(input) {
      secrets.set(key(input, input.payment_session_id ? "session" : "cart"), input.value)
      return {
        id: "sec",
        lender: input.lender,
        purpose: input.purpose,
        payment_session_id: input.payment_session_id ?? null,
        cart_id: input.cart_id ?? null,
        key_id: "k",
        expires_at: null,
      }
    },
    async getSecret(scope) {
      if (scope.payment_session_id && secrets.has(key(scope, "session")))
        return secrets.get(key(scope, "session")) as never
      if (scope.cart_id && secrets.has(key(scope, "cart"))) return secrets.get(key(scope, "cart")) as never
      return null
    },
    async deleteSecrets(filter) {
      let n = 0
      for (const k of [...secrets.keys()]) {
        if (
          (filter.payment_session_id && k.endsWith(`s:${filter.payment_session_id}`)) ||
          (filter.cart_id && k.endsWith(`c:${filter.cart_id}`))
        ) {
          if (!filter.purpose || k.includes(`|${filter.purpose}|`)) n += Number(secrets.delete(k))
        }
      }
      return n
    },
  }
}
