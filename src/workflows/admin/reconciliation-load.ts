// The reads behind the admin's reconciliation (reconciliation.ts holds the rules): one lender's
// payments created in the period with their captures and refunds, the orders they belong to, and
// the financing log's confirming operations for those payments, whenever they happened.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { LenderSlug } from "../../lenders/slugs"
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type FinancingModuleService from "../../modules/financing/service"
import { lenderBySlug } from "../../providers/lenders"
import {
  reconcilePayments,
  type ReconciliationCounts,
  type ReconciliationOperation,
  type ReconciliationPayment,
  type ReconciliationRow,
} from "./reconciliation"

type Resolver = Pick<MedusaContainer, "resolve">

/** Payments per answer: a busier period is cut short and says so (`truncated`), asking for a shorter one. */
export const RECONCILIATION_MAX_PAYMENTS = 2000
/** Ids per log query, so a long period never builds one enormous IN list. */
const ID_CHUNK = 200

export interface Reconciliation {
  lender: LenderSlug
  lender_name: string
  from: string
  to: string
  counts: ReconciliationCounts
  truncated: boolean
  rows: ReconciliationRow[]
}

interface PaymentRow {
  id: string
  amount: unknown
  currency_code: string
  created_at: string | Date
  canceled_at?: string | Date | null
  payment_session_id?: string | null
  payment_collection_id?: string | null
  data?: Record<string, unknown> | null
  captures?: Array<{ amount: unknown } | null> | null
  refunds?: Array<{ amount: unknown } | null> | null
}

const chunks = <T>(items: T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / ID_CHUNK) }, (_, i) => items.slice(i * ID_CHUNK, (i + 1) * ID_CHUNK))

async function ordersByCollection(container: Resolver, collectionIds: string[]): Promise<Map<string, string>> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const owners = new Map<string, string>()
  for (const ids of chunks(collectionIds)) {
    const { data } = await query.graph({
      entity: "order_payment_collection",
      fields: ["order_id", "payment_collection_id"],
      filters: { payment_collection_id: ids },
    })
    for (const row of data as Array<{ order_id: string; payment_collection_id: string }>)
      owners.set(row.payment_collection_id, row.order_id)
  }
  return owners
}

async function confirmingOperations(
  container: Resolver,
  slug: LenderSlug,
  operations: string[],
  payments: ReconciliationPayment[],
): Promise<ReconciliationOperation[]> {
  const financing = container.resolve<FinancingModuleService>(FINANCING_MODULE)
  const found = new Map<string, ReconciliationOperation>()
  const ask = async (filter: Record<string, unknown>) => {
    const rows = (await financing.listFinancingOperations(
      { lender: slug, operation: operations, ...filter } as never,
      {
        take: null,
      } as never,
    )) as unknown as ReconciliationOperation[]
    for (const row of rows) found.set(row.id, row)
  }
  for (const part of chunks(payments)) {
    await ask({ payment_id: part.map((p) => p.id) })
    const sessions = part.map((p) => p.payment_session_id).filter((id): id is string => Boolean(id))
    if (sessions.length) await ask({ payment_session_id: sessions })
    const references = [...new Set(part.flatMap((p) => p.lender_references))]
    if (references.length) await ask({ lender_reference: references })
  }
  return [...found.values()]
}

export async function loadReconciliation(
  container: Resolver,
  slug: LenderSlug,
  period: { from: string; to: string; start: Date; end: Date },
): Promise<Reconciliation> {
  const lender = lenderBySlug(slug)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "payment",
    fields: [
      "id",
      "amount",
      "currency_code",
      "created_at",
      "canceled_at",
      "payment_session_id",
      "payment_collection_id",
      "data",
      "captures.amount",
      "refunds.amount",
    ],
    filters: { provider_id: lender.providerId, created_at: { $gte: period.start, $lt: period.end } } as never,
    pagination: { take: RECONCILIATION_MAX_PAYMENTS + 1, order: { created_at: "DESC" } },
  })
  const rows = data as PaymentRow[]
  const truncated = rows.length > RECONCILIATION_MAX_PAYMENTS
  const kept = rows.slice(0, RECONCILIATION_MAX_PAYMENTS)
  const owners = await ordersByCollection(container, [
    ...new Set(kept.map((p) => p.payment_collection_id).filter((id): id is string => Boolean(id))),
  ])
  const payments: ReconciliationPayment[] = kept.map((p) => ({
    id: p.id,
    order_id: (p.payment_collection_id && owners.get(p.payment_collection_id)) || null,
    payment_session_id: p.payment_session_id ?? null,
    created_at: p.created_at,
    amount: p.amount as never,
    currency_code: p.currency_code,
    canceled_at: p.canceled_at ?? null,
    captures: (p.captures ?? []).filter(Boolean).map((c) => c!.amount as never),
    refunds: (p.refunds ?? []).filter(Boolean).map((r) => r!.amount as never),
    lender_references: Object.values(lender.adminReferences(p.data)).filter(
      (value): value is string => typeof value === "string" && value.length > 0,
    ),
  }))
  const operations = await confirmingOperations(
    container,
    slug,
    [...lender.confirmedBy.captured, ...lender.confirmedBy.refunded],
    payments,
  )
  const { rows: reconciled, counts } = reconcilePayments(payments, operations, lender.confirmedBy, lender.name)
  return {
    lender: slug,
    lender_name: lender.name,
    from: period.from,
    to: period.to,
    counts,
    truncated,
    rows: reconciled,
  }
}
