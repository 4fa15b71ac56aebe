// Captures and refunds Medusa recorded while the provider call never finished (the process died):
// the payment module commits its capture/refund row before calling the provider and deletes it
// only when the provider throws, so a killed call leaves a row the lender may not match. Each such
// call left its "Medusa movement" entry pending (src/provider-kit/medusa-movement.ts). For each:
// - Medusa's row is gone: nothing to finish;
// - a lender call made for this row succeeded: the lender moved the money; Medusa's side (captured
//   flag, collection totals) is finished;
// - the same lender call (same idempotency key) succeeded for ANOTHER row — the admin retried and
//   the lender made or replayed the movement once under that row: this row is a duplicate and is
//   removed, so Medusa shows what the lender moved;
// - otherwise the lender's own capture/refund runs again for this row, with the same Medusa id and
//   so the same lender idempotency keys: a lender that acted replays, one that never heard of it
//   acts now. A lender that refuses leaves the row removed and the refusal in the log; a provider
//   that cannot know whether the lender acted (FlexShopper credits cannot be read back) leaves the
//   row and the entry `action_required` for a person.
import type { MedusaContainer } from "@medusajs/framework/types"
import { MathBN, MedusaError, Modules } from "@medusajs/framework/utils"
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type FinancingModuleService from "../../modules/financing/service"
import type { FinancingOperationDTO } from "../../modules/financing/types"
import { failureOutcome } from "../../provider-kit/durable-operation"
import {
  isOutcomeUnknown,
  MOVEMENT_OPERATION_NAMES,
  MOVEMENT_OPERATIONS,
  type MovementKind,
  movementFinisherFor,
} from "../../provider-kit/medusa-movement"
import { messageOf } from "../../provider-kit/message-of"
import { STALE_PENDING_MS } from "./orders"
import { RECONCILE_ORDER_RETRY } from "./schedule"

export interface MovementOutcome {
  operation_id: string
  kind: MovementKind
  medusa_id: string
  result:
    "finished" | "lender-had-acted" | "removed-duplicate" | "removed-refused" | "gone" | "waiting" | "action_required"
  detail?: string
}

interface MovementRow {
  id: string
  amount: unknown
  raw_amount?: unknown
  payment_id: string
}

interface PaymentRow {
  id: string
  provider_id: string
  data: Record<string, unknown> | null
  amount: unknown
  raw_amount?: unknown
  captured_at: Date | null
  currency_code: string
  payment_collection_id: string
  payment_session_id?: string | null
  captures?: Array<{ amount: unknown; raw_amount?: unknown }>
}

/** The payment module as this part uses it (generated list/delete methods included). */
interface PaymentModule {
  listCaptures(filters: { id: string[] }, config?: Record<string, unknown>): Promise<MovementRow[]>
  listRefunds(filters: { id: string[] }, config?: Record<string, unknown>): Promise<MovementRow[]>
  deleteCaptures(ids: string[]): Promise<void>
  deleteRefunds(ids: string[]): Promise<void>
  retrievePayment(id: string, config?: Record<string, unknown>): Promise<PaymentRow>
  updatePayment(data: Record<string, unknown>): Promise<unknown>
  listPaymentCollections(
    filters: { id: string[] },
    config?: Record<string, unknown>,
  ): Promise<
    Array<{
      id: string
      amount: unknown
      raw_amount?: unknown
      payments?: Array<{ captures?: Array<{ amount: unknown }>; refunds?: Array<{ amount: unknown }> }>
    }>
  >
  updatePaymentCollections(id: string, data: Record<string, unknown>): Promise<unknown>
}

const amountOf = (row: { amount: unknown; raw_amount?: unknown }) => (row.raw_amount ?? row.amount) as never

const DEFINITIVE = new Set<string>([
  MedusaError.Types.INVALID_DATA,
  MedusaError.Types.NOT_ALLOWED,
  MedusaError.Types.NOT_FOUND,
  MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
])

/** A lender's "no" (as the provider reports it), rather than a lender that could not be reached. */
function isRefusal(error: unknown): boolean {
  return DEFINITIVE.has(String((error as { type?: unknown })?.type))
}

export async function finishInterruptedMovements(
  container: MedusaContainer,
  { now }: { now: Date },
): Promise<MovementOutcome[]> {
  const financing = container.resolve<FinancingModuleService>(FINANCING_MODULE)
  const payments = container.resolve(Modules.PAYMENT) as unknown as PaymentModule
  const stale = (await financing.listFinancingOperations(
    {
      outcome: "pending",
      operation: MOVEMENT_OPERATION_NAMES,
      created_at: { $lte: new Date(now.getTime() - STALE_PENDING_MS) },
    } as never,
    { take: 50, order: { created_at: "ASC" } as never },
  )) as unknown as FinancingOperationDTO[]

  const outcomes: MovementOutcome[] = []
  for (const entry of stale) {
    if (entry.next_attempt_at && new Date(entry.next_attempt_at) > now) continue
    const kind: MovementKind = entry.operation === MOVEMENT_OPERATIONS.capture ? "capture" : "refund"
    const medusaId = entry.idempotency_key ?? ""
    const outcome = await finishOne(container, financing, payments, entry, kind, medusaId, now).catch(
      async (error: unknown): Promise<MovementOutcome> => {
        // Medusa or the lender could not be reached: try again later, then hand it to a person.
        const attempts = (entry.attempts ?? 1) + 1
        const retry = failureOutcome(RECONCILE_ORDER_RETRY, attempts, now)
        const give = retry.outcome === "action_required"
        await financing.updateOperation(entry.id, {
          outcome: give ? "action_required" : "pending",
          attempts,
          next_attempt_at: retry.next_attempt_at,
          error_message: `Finishing Medusa's ${kind} ${medusaId} failed: ${messageOf(error)}`,
        })
        return {
          operation_id: entry.id,
          kind,
          medusa_id: medusaId,
          result: give ? "action_required" : "waiting",
          detail: messageOf(error),
        }
      },
    )
    outcomes.push(outcome)
  }
  return outcomes
}

async function finishOne(
  container: MedusaContainer,
  financing: FinancingModuleService,
  payments: PaymentModule,
  entry: FinancingOperationDTO,
  kind: MovementKind,
  medusaId: string,
  now: Date,
): Promise<MovementOutcome> {
  const base = { operation_id: entry.id, kind, medusa_id: medusaId }
  const close = async (
    outcome: "succeeded" | "failed",
    result: MovementOutcome["result"],
    message: string,
    payment?: PaymentRow,
  ): Promise<MovementOutcome> => {
    await financing.updateOperation(entry.id, {
      outcome,
      next_attempt_at: null,
      error_message: outcome === "failed" ? message : null,
      payment_id: payment?.id ?? null,
      payment_session_id: payment?.payment_session_id ?? null,
      detail: { reconciled: result, note: message },
    } as never)
    return { ...base, result, detail: message }
  }

  const [row] = await (kind === "capture" ? payments.listCaptures : payments.listRefunds).call(
    payments,
    { id: [medusaId] },
    { select: ["id", "amount", "raw_amount", "payment_id"] },
  )
  if (!row) return close("failed", "gone", `Medusa no longer has ${kind} ${medusaId}; nothing to finish.`)
  const payment = await payments.retrievePayment(row.payment_id, {
    select: [
      "id",
      "provider_id",
      "data",
      "amount",
      "raw_amount",
      "captured_at",
      "currency_code",
      "payment_collection_id",
      "payment_session_id",
    ],
    relations: ["captures"],
  })

  const calls = await lenderCallsSince(financing, entry)
  const mine = calls.filter((op) => movementOf(op) === medusaId)
  if (mine.some((op) => op.outcome === "succeeded")) {
    await finishMedusaSide(payments, payment, kind, now)
    return close(
      "succeeded",
      "lender-had-acted",
      `The lender had made this ${kind}; Medusa's record was finished.`,
      payment,
    )
  }
  const keys = new Set(mine.map((op) => op.idempotency_key).filter(Boolean))
  const duplicateOf = calls.find(
    (op) =>
      op.outcome === "succeeded" &&
      op.idempotency_key &&
      keys.has(op.idempotency_key) &&
      movementOf(op) &&
      movementOf(op) !== medusaId,
  )
  if (duplicateOf) {
    await removeRow(payments, kind, medusaId, payment)
    return close(
      "failed",
      "removed-duplicate",
      `The same ${kind} was made at the lender for ${movementOf(duplicateOf)} (a retry); this interrupted duplicate was removed from Medusa.`,
      payment,
    )
  }

  const finish = finisherOf(payments, payment.provider_id)
  if (!finish) throw new Error(`the provider ${payment.provider_id} is not loaded in this process`)
  let result: { data?: Record<string, unknown> }
  try {
    result = await finish(kind, {
      data: payment.data ?? {},
      ...(kind === "refund" ? { amount: amountOf(row) } : {}),
      context: { idempotency_key: medusaId },
    })
  } catch (error) {
    if (isOutcomeUnknown(error)) {
      // The lender cannot say whether it acted: Medusa's row stays, a person checks with the lender.
      await financing.updateOperation(entry.id, {
        outcome: "action_required",
        next_attempt_at: null,
        error_message: `Medusa's ${kind} ${medusaId} was interrupted and the lender cannot say whether it acted: ${messageOf(error)}`,
        payment_id: payment.id,
        payment_session_id: payment.payment_session_id ?? null,
      } as never)
      return { ...base, result: "action_required", detail: messageOf(error) }
    }
    if (!isRefusal(error)) throw error
    await removeRow(payments, kind, medusaId, payment)
    return close(
      "failed",
      "removed-refused",
      `The lender refused the interrupted ${kind} when it was finished (${messageOf(error)}); it was removed from Medusa.`,
      payment,
    )
  }
  if (result.data) await payments.updatePayment({ id: payment.id, data: result.data })
  await finishMedusaSide(payments, payment, kind, now)
  return close("succeeded", "finished", `The interrupted ${kind} was finished with the lender.`, payment)
}

/**
 * The provider's finisher. Medusa builds a provider the first time its module resolves it, so in a
 * worker that has not touched this lender yet it is resolved here, from the payment module's own
 * container (`__container__`: where Medusa's payment provider service looks providers up).
 */
function finisherOf(payments: PaymentModule, providerId: string) {
  const known = movementFinisherFor(providerId)
  if (known) return known
  try {
    void (payments as { __container__?: Record<string, unknown> }).__container__?.[providerId]
  } catch {
    return undefined // not registered: the provider is not configured in this store
  }
  return movementFinisherFor(providerId)
}

type LenderCall = FinancingOperationDTO & { provider_id?: string }

async function lenderCallsSince(
  financing: FinancingModuleService,
  entry: FinancingOperationDTO,
): Promise<LenderCall[]> {
  return (await financing.listFinancingOperations(
    {
      lender: entry.lender,
      operation: { $nin: [...MOVEMENT_OPERATION_NAMES, "reconcile", "webhook"] },
      created_at: { $gte: new Date(entry.created_at) },
    } as never,
    { take: 500, order: { created_at: "ASC" } as never },
  )) as unknown as LenderCall[]
}

function movementOf(op: FinancingOperationDTO): string | undefined {
  const id = (op.references as { medusa_movement_id?: unknown } | null)?.medusa_movement_id
  return typeof id === "string" ? id : undefined
}

async function removeRow(payments: PaymentModule, kind: MovementKind, medusaId: string, payment: PaymentRow) {
  if (kind === "capture") await payments.deleteCaptures([medusaId])
  else await payments.deleteRefunds([medusaId])
  await refreshCollectionTotals(payments, payment.payment_collection_id)
}

/** What Medusa does after a provider capture/refund returns: the captured flag and the collection totals. */
async function finishMedusaSide(payments: PaymentModule, payment: PaymentRow, kind: MovementKind, now: Date) {
  if (kind === "capture" && !payment.captured_at) {
    const captured = (payment.captures ?? []).reduce(
      (sum, capture) => MathBN.add(sum, amountOf(capture)),
      MathBN.convert(0),
    )
    if (MathBN.gte(captured, amountOf(payment))) await payments.updatePayment({ id: payment.id, captured_at: now })
  }
  await refreshCollectionTotals(payments, payment.payment_collection_id)
}

/** The collection's captured and refunded totals (and "completed") from its rows, as Medusa keeps them. */
async function refreshCollectionTotals(payments: PaymentModule, collectionId: string) {
  const [collection] = await payments.listPaymentCollections(
    { id: [collectionId] },
    { relations: ["payments.captures", "payments.refunds"] },
  )
  if (!collection) return
  const sum = (rows: Array<{ amount: unknown }>) =>
    rows.reduce((total, row) => MathBN.add(total, row.amount as never), MathBN.convert(0))
  const captured = sum((collection.payments ?? []).flatMap((p) => p.captures ?? []))
  const refunded = sum((collection.payments ?? []).flatMap((p) => p.refunds ?? []))
  const complete = MathBN.gte(captured, amountOf(collection))
  await payments.updatePaymentCollections(collectionId, {
    captured_amount: captured,
    refunded_amount: refunded,
    ...(complete ? { status: "completed", completed_at: new Date() } : {}),
  })
}
