// Reads what the admin financing summary is built from: the order (currency, fulfillments), its
// payments and payment sessions, and its financing log. Used by the admin routes and the sync.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { lenderFromProviderId } from "../../lenders/slugs"
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type FinancingModuleService from "../../modules/financing/service"
import type { FinancingOperationDTO } from "../../modules/financing/types"
import {
  buildFinancingSummary,
  type FinancingSummary,
  type SummaryFulfillmentRow,
  type SummaryPaymentRow,
  type SummarySessionRow,
} from "./summary"
import { findLenderProviderOptions } from "../../provider-kit/provider-options"

type Resolver = Pick<MedusaContainer, "resolve">

/** How much history the widget gets; the full log stays on /admin/financing/orders/:id/operations. */
export const SUMMARY_HISTORY_LIMIT = 100

export interface FinancingOrderRecord {
  id: string
  currency_code: string
  fulfillments: SummaryFulfillmentRow[]
  payments: SummaryPaymentRow[]
  sessions: SummarySessionRow[]
}

interface OrderRow {
  id: string
  currency_code: string
  fulfillments?: Array<SummaryFulfillmentRow | null> | null
  payment_collections?: Array<{
    payments?: Array<SummaryPaymentRow | null> | null
    payment_sessions?: Array<SummarySessionRow | null> | null
  } | null> | null
}

const present = <T>(rows: Array<T | null> | null | undefined): T[] => (rows ?? []).filter((r): r is T => Boolean(r))

/** The order with its payments, sessions and fulfillments; 404 when there is no such order. */
export async function loadFinancingOrder(container: Resolver, orderId: string): Promise<FinancingOrderRecord> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "currency_code",
      "fulfillments.id",
      "fulfillments.shipped_at",
      "fulfillments.delivered_at",
      "fulfillments.canceled_at",
      "payment_collections.payments.id",
      "payment_collections.payments.provider_id",
      "payment_collections.payments.amount",
      "payment_collections.payments.currency_code",
      "payment_collections.payments.data",
      "payment_collections.payments.canceled_at",
      "payment_collections.payments.captures.amount",
      "payment_collections.payments.refunds.amount",
      "payment_collections.payment_sessions.id",
      "payment_collections.payment_sessions.provider_id",
      "payment_collections.payment_sessions.status",
      "payment_collections.payment_sessions.data",
    ],
    filters: { id: orderId },
  })
  const order = data[0] as OrderRow | undefined
  if (!order) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order with id "${orderId}" was not found`)
  const collections = present(order.payment_collections)
  return {
    id: order.id,
    currency_code: order.currency_code,
    fulfillments: present(order.fulfillments),
    payments: collections.flatMap((c) => present(c.payments)),
    sessions: collections.flatMap((c) => present(c.payment_sessions)),
  }
}

export async function loadOrderOperations(
  container: Resolver,
  order: FinancingOrderRecord,
  limit = SUMMARY_HISTORY_LIMIT,
): Promise<FinancingOperationDTO[]> {
  const financing = container.resolve<FinancingModuleService>(FINANCING_MODULE)
  const page = await financing.listOrderHistory(
    {
      order_id: order.id,
      payment_ids: order.payments.map((p) => p.id),
      payment_session_ids: order.sessions.map((s) => s.id),
    },
    { limit },
  )
  return page.operations
}

/** The admin summary of the order's financing, or null when no plugin lender was involved. */
export async function financingSummaryForOrder(
  container: Resolver,
  orderId: string,
  historyLimit = SUMMARY_HISTORY_LIMIT,
): Promise<FinancingSummary | null> {
  const order = await loadFinancingOrder(container, orderId)
  const ours = [...order.payments, ...order.sessions].some((row) => lenderFromProviderId(row.provider_id))
  if (!ours) return null
  return buildFinancingSummary({
    order_id: order.id,
    currency_code: order.currency_code,
    payments: order.payments,
    sessions: order.sessions,
    fulfillments: order.fulfillments,
    operations: await loadOrderOperations(container, order, historyLimit),
    configured: (slug) => Boolean(findLenderProviderOptions(container, slug)),
  })
}
