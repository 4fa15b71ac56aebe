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
