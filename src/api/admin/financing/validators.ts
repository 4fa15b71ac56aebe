import { z } from "@medusajs/framework/zod"
import { LENDER_SLUGS } from "../../../lenders/slugs"

export const AdminOrderOperationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})
export type AdminOrderOperationsQueryType = z.infer<typeof AdminOrderOperationsQuery>

/** GET /admin/financing/orders/:id — how many log entries the summary's history carries. */
export const AdminFinancingOrderQuery = z.object({
  history_limit: z.coerce.number().int().min(1).max(500).default(100),
})
export type AdminFinancingOrderQueryType = z.infer<typeof AdminFinancingOrderQuery>

/** Actions that take no input still refuse unknown fields, so a typo is not silently ignored. */
export const AdminEmptyBody = z.object({}).strict()

export const AdminConfirmReceiptBody = z
  .object({
    /** One fulfillment; default: every fulfillment whose shipment FlexShopper knows of but not its receipt. */
    fulfillment_id: z.string().min(1).max(100).optional(),
  })
  .strict()
export type AdminConfirmReceiptBodyType = z.infer<typeof AdminConfirmReceiptBody>

export const AdminLenderSlugParams = z.object({
  slug: z.enum(LENDER_SLUGS, { message: `must be one of ${LENDER_SLUGS.join(", ")}` }),
})

export const AdminOrderParams = z.object({ id: z.string().min(1).max(100) })

export const AdminOperationParams = z.object({
  id: z.string().min(1).max(100),
  operation_id: z.string().regex(/^finop_[A-Za-z0-9]+$/, "must be a financing operation id (finop_…)"),
})

const DAY_MS = 86_400_000
/** The longest period one reconciliation covers: a year (366 days, leap years included). */
export const RECONCILIATION_MAX_DAYS = 366
/** A whole UTC day; the messages name the field, as Medusa's validator prints them bare. */
const isoDate = (field: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${field} must be a date as YYYY-MM-DD`)
    .refine((text) => {
      const day = new Date(`${text}T00:00:00Z`)
      return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(text) // 2026-02-30 rolls over
    }, `${field} must be a real date`)

/** GET /admin/financing/lenders/:slug/reconciliation — a period of whole UTC days, both ends included. */
export const AdminReconciliationQuery = z
  .object({
    from: isoDate("from").optional(),
    to: isoDate("to").optional(),
    format: z.enum(["json", "csv"], { message: "must be json or csv" }).default("json"),
  })
  .strict()
export type AdminReconciliationQueryType = z.infer<typeof AdminReconciliationQuery>

export interface ReconciliationPeriod {
  /** First day included, YYYY-MM-DD (UTC). */
  from: string
  /** Last day included, YYYY-MM-DD (UTC). */
  to: string
  /** Start of `from` and start of the day after `to`: payments created in [start, end). */
  start: Date
  end: Date
}

/** The period asked for; by default the 30 days up to and including today. Throws a sentence naming the field. */
export function reconciliationPeriod(
  query: { from?: string; to?: string },
  now: Date = new Date(),
): ReconciliationPeriod {
  const day = (text: string) => new Date(`${text}T00:00:00Z`)
  const to = query.to ?? now.toISOString().slice(0, 10)
  const from = query.from ?? new Date(day(to).getTime() - 29 * DAY_MS).toISOString().slice(0, 10)
  const start = day(from)
  const end = new Date(day(to).getTime() + DAY_MS)
  if (start >= end) throw new Error(`from (${from}) must not be after to (${to})`)
  if ((end.getTime() - start.getTime()) / DAY_MS > RECONCILIATION_MAX_DAYS)
    throw new Error(
      `the period from ${from} to ${to} is longer than ${RECONCILIATION_MAX_DAYS} days; choose a shorter one`,
    )
  return { from, to, start, end }
}
