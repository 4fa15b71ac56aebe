// In-memory FinancingLog with the real module's scoping rules (session secret first, then the
// cart-scoped one), for provider unit tests without a database.
import { operationMatches } from "../../../../modules/financing/operation-sql"
import type {
  DeleteFinancingSecretsFilter,
  FindOperationFilter,
  FinancingLog,
  FinancingOperationDTO,
  FinancingSecretScope,
  FinancingSecretValue,
  PutFinancingSecretInput,
  RecordFinancingOperationInput,
  UpdateFinancingOperationInput,
} from "../../../../modules/financing/types"

interface Row {
  lender: string
  purpose: string
  payment_session_id: string | null
  cart_id: string | null
  value: string
  expires_at: Date | null
}

export class FakeFinancingLog implements FinancingLog {
  operations: FinancingOperationDTO[] = []
  secrets: Row[] = []
  private seq = 0

  async recordOperation(input: RecordFinancingOperationInput): Promise<FinancingOperationDTO> {
    const op = {
      id: `fop_${++this.seq}`,
      attempts: 1,
      created_at: new Date(),
      updated_at: new Date(),
      ...input,
    } as unknown as FinancingOperationDTO
    this.operations.push(op)
    return op
  }

  async updateOperation(id: string, patch: UpdateFinancingOperationInput): Promise<FinancingOperationDTO> {
    const op = this.operations.find((o) => o.id === id)!
    Object.assign(op, patch)
    return op
  }

  async findOperationByIdempotencyKey(key: string) {
    return [...this.operations].reverse().find((o) => o.idempotency_key === key) ?? null
  }

  async findOperation(where: FindOperationFilter) {
    return [...this.operations].reverse().find((o) => operationMatches(o, where)) ?? null
  }

  async putSecret(input: PutFinancingSecretInput) {
    const session = input.payment_session_id ?? null
    const cart = session ? (input.cart_id ?? null) : (input.cart_id ?? null)
    this.secrets = this.secrets.filter(
      (r) =>
        !(
          r.lender === input.lender &&
          r.purpose === input.purpose &&
          (session ? r.payment_session_id === session : r.payment_session_id === null && r.cart_id === cart)
        ),
    )
    this.secrets.push({
      lender: input.lender,
      purpose: input.purpose,
      payment_session_id: session,
      cart_id: cart,
      value: JSON.stringify(input.value),
      expires_at: input.expires_at ?? null,
    })
    return {
      id: "sec",
      lender: input.lender,
      purpose: input.purpose,
      payment_session_id: session,
      cart_id: cart,
      key_id: "k",
      expires_at: input.expires_at ?? null,
    }
  }

  async getSecret<T extends FinancingSecretValue = FinancingSecretValue>(
    scope: FinancingSecretScope,
  ): Promise<T | null> {
    const live = (r: Row) =>
      r.lender === scope.lender && r.purpose === scope.purpose && (!r.expires_at || r.expires_at.getTime() > Date.now())
    const bySession = scope.payment_session_id
      ? this.secrets.find((r) => live(r) && r.payment_session_id === scope.payment_session_id)
      : undefined
    const byCart = scope.cart_id
      ? this.secrets.find((r) => live(r) && r.payment_session_id === null && r.cart_id === scope.cart_id)
      : undefined
    const row = bySession ?? byCart
    return row ? (JSON.parse(row.value) as T) : null
  }

  async deleteSecrets(filter: DeleteFinancingSecretsFilter) {
    const before = this.secrets.length
    this.secrets = this.secrets.filter(
      (r) =>
        !(
          (!filter.lender || r.lender === filter.lender) &&
          (!filter.purpose || r.purpose === filter.purpose) &&
          ((filter.payment_session_id && r.payment_session_id === filter.payment_session_id) ||
            (filter.cart_id && r.cart_id === filter.cart_id))
        ),
    )
    return before - this.secrets.length
  }

  ops(operation?: string) {
    return this.operations.filter((o) => !operation || o.operation === operation)
  }
}
